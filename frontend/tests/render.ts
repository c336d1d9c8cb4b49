import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { defineComponent, h, type Component } from 'vue'

import { i18n, setLocale } from '../src/i18n'

export interface Rendered {
  wrapper: VueWrapper
  pinia: Pinia
}

/**
 * render mounts components side by side as the app would: with a fresh Pinia,
 * the app's i18n in Chinese and Naive UI's message and dialog providers
 * (whose messages and dialogs are teleported to document.body).
 */
export function render(...components: Component[]): Rendered {
  const pinia = createPinia()
  setActivePinia(pinia)
  setLocale('zh-CN')
  const Host = defineComponent({
    setup: () => () =>
      h(NMessageProvider, null, { default: () => h(NDialogProvider, null, { default: () => components.map((c) => h(c)) }) }),
  })
  const wrapper = mount(Host, { global: { plugins: [pinia, i18n] }, attachTo: document.body })
  return { wrapper, pinia }
}

/** settle lets pending promises and the renders they cause finish. */
export async function settle(): Promise<void> {
  await flushPromises()
  await flushPromises()
}

/** toasts is the text of the Naive UI messages on screen. */
export function toasts(): string {
  return Array.from(document.querySelectorAll('.n-message'), (el) => el.textContent ?? '').join('\n')
}
