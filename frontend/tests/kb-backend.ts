// A fake KB backend behind the mocked api modules, and a renderer for the KB
// screen's components. A spec that uses it must mock the modules itself:
//
//   vi.mock('../src/api/app')
//   vi.mock('../src/api/chat')
//   vi.mock('../src/api/events')
//   vi.mock('../src/api/kb')
import { mount, type VueWrapper } from '@vue/test-utils'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { defineComponent, h, type Component } from 'vue'
import { vi } from 'vitest'

import * as events from '../src/api/events'
import * as kb from '../src/api/kb'
import type { ImportProgress, KBChangedEvent, ListedEntry } from '../src/api/types'
import { i18n, setLocale } from '../src/i18n'
import { useKBStore } from '../src/stores/kb'
import { fakeBackend } from './backend'
import { kbMeta } from './kb-fixtures'

export interface KBPushes {
  /** Pushes kb:import as the Go side would; nothing happens when no import listens. */
  importProgress: (p: ImportProgress) => void
  changed: (e: KBChangedEvent) => void
  /** How many kb:import listeners are registered. */
  importListeners: () => number
}

/**
 * fakeKB makes every KB call answer plausibly: the given entries as one
 * page, no hit, no history, nothing deleted. Tests override single calls with
 * vi.mocked(kb.x).mockResolvedValue…
 */
export function fakeKB(list: ListedEntry[] = []): KBPushes {
  fakeBackend()
  vi.mocked(kb.meta).mockResolvedValue(kbMeta())
  vi.mocked(kb.entries).mockImplementation(async (f) => ({ entries: list.slice(f.offset, f.offset + f.limit), total: list.length }))
  vi.mocked(kb.entry).mockImplementation(async (id) => {
    const e = list.find((x) => x.id === id)
    if (e === undefined) {
      throw { kind: 'not_found', key: 'error.not_found', message: 'not found' }
    }
    return e
  })
  vi.mocked(kb.saveEntry).mockImplementation(async (e) => ({ ...e, id: e.id || 99, version: e.version + 1 }))
  vi.mocked(kb.hitTest).mockResolvedValue([])
  vi.mocked(kb.history).mockResolvedValue([])
  vi.mocked(kb.deleted).mockResolvedValue([])
  vi.mocked(kb.synonyms).mockResolvedValue([])

  let importHandlers: ((p: ImportProgress) => void)[] = []
  let changedHandler: ((e: KBChangedEvent) => void) | undefined
  vi.mocked(events.onKBImport).mockImplementation((handler) => {
    importHandlers.push(handler)
    return vi.fn(() => {
      importHandlers = importHandlers.filter((h) => h !== handler)
    })
  })
  vi.mocked(events.onKBChanged).mockImplementation((handler) => {
    changedHandler = handler
    return vi.fn(() => {
      changedHandler = undefined
    })
  })
  return {
    importProgress: (p) => importHandlers.forEach((h) => h(p)),
    changed: (e) => changedHandler?.(e),
    importListeners: () => importHandlers.length,
  }
}

export interface RenderedKB {
  wrapper: VueWrapper
  pinia: Pinia
  store: ReturnType<typeof useKBStore>
}

/**
 * renderKB mounts components as the app would (fresh Pinia, Chinese, Naive
 * UI's message and dialog providers) with the KB store showing shop 1 and
 * its meta loaded.
 */
export async function renderKB(...components: Component[]): Promise<RenderedKB> {
  const pinia = createPinia()
  setActivePinia(pinia)
  setLocale('zh-CN')
  const store = useKBStore()
  await store.loadMeta()
  const Host = defineComponent({
    setup: () => () =>
      h(NMessageProvider, null, { default: () => h(NDialogProvider, null, { default: () => components.map((c) => h(c)) }) }),
  })
  const wrapper = mount(Host, { global: { plugins: [pinia, i18n] }, attachTo: document.body })
  return { wrapper, pinia, store }
}
