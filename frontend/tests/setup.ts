import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach } from 'vitest'

// jsdom lacks ResizeObserver, which Naive UI's scrollbars and inputs observe.
if (!('ResizeObserver' in globalThis)) {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
}

// Nor does it lay anything out, so there is nothing to scroll into view.
Element.prototype.scrollIntoView ??= function scrollIntoView() {}

// Every test app is unmounted after its test, releasing its listeners.
enableAutoUnmount(afterEach)
