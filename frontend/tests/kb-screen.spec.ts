import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import * as chat from '../src/api/chat'
import * as kb from '../src/api/kb'
import type { ListedEntry } from '../src/api/types'
import App from '../src/App.vue'
import KBScreen from '../src/components/kb/KBScreen.vue'
import { useAppStore } from '../src/stores/app'
import { useConversationsStore } from '../src/stores/conversations'
import { changedDelay, searchDelay, useKBStore } from '../src/stores/kb'
import { fakeBackend } from './backend'
import { conversation, message, view } from './fixtures'
import { fakeKB, renderKB } from './kb-backend'
import { entry, listed } from './kb-fixtures'
import { render, settle } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/kb')

const entries: ListedEntry[] = [
  listed({ id: 1, question: '你好，在吗', category: 'general', intent: 'greeting', stats: { hits: 12, recognized: 15, lastHitAt: new Date().toISOString(), solved: 3, unsolved: 1 } }),
  listed({ id: 2, question: '可以开发票吗', category: 'general', intent: 'invoice', similar: ['能开票吗'] }),
  listed({ id: 3, question: '我要投诉', category: 'after_sales', intent: 'complaint', neverAuto: true, enabled: false }),
]

function key(k: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init })
  window.dispatchEvent(e)
  return e
}

/** lastOf is the newest of the elements with a test id: a closed dialog may linger while it fades out. */
function lastOf(id: string): HTMLElement | undefined {
  return Array.from(document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)).at(-1)
}

/** pageCalls are the list's requests, not the shop's count (limit 1). */
function pageCalls() {
  return vi.mocked(kb.entries).mock.calls.map((c) => c[0]).filter((f) => f.limit !== 1)
}

async function showKB(list = entries) {
  fakeKB(list)
  const r = await renderKB(KBScreen)
  const app = useAppStore()
  app.show('kb')
  await app.load()
  await settle()
  return r
}

describe('KB screen', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  beforeEach(() => {
    fakeKB(entries)
  })

  describe('navigation', () => {
    beforeEach(() => {
      const c = conversation({ id: 1, buyerName: '小王' })
      fakeKB(entries)
      fakeBackend([c])
      vi.mocked(chat.open).mockResolvedValue(view(c, [message({ id: 1, conversationId: 1, text: '在吗' })]))
    })

    it('switches between the conversations and the KB, keeping each one’s state', async () => {
      const { wrapper } = render(App)
      await settle()
      await wrapper.get('[data-testid="conversation-item"]').trigger('click')
      await settle()
      await wrapper.get('[data-testid="reply-input"]').setValue('草稿还在')

      await wrapper.get('[data-testid="nav-kb"]').trigger('click')
      await settle()
      await settle()
      expect(wrapper.get('[data-testid="nav-kb"]').attributes('aria-selected')).toBe('true')
      expect(wrapper.get('[data-screen="chat"]').isVisible()).toBe(false)
      expect(wrapper.findAll('[data-testid="kb-entry-row"]')).toHaveLength(3)
      await wrapper.get('[data-testid="kb-search"]').setValue('发票')

      key('1', { code: 'Digit1', ctrlKey: true })
      await settle()
      expect(wrapper.get('[data-screen="chat"]').isVisible()).toBe(true)
      expect(wrapper.get<HTMLTextAreaElement>('[data-testid="reply-input"]').element.value).toBe('草稿还在')

      key('2', { code: 'Digit2', ctrlKey: true })
      await settle()
      expect(wrapper.get('[data-screen="kb"]').isVisible()).toBe(true)
      expect(wrapper.get<HTMLInputElement>('[data-testid="kb-search"]').element.value).toBe('发票')
    })

    it('leaves the conversation shortcuts to the conversations screen', async () => {
      render(App)
      await settle()
      useAppStore().show('kb')
      await settle()
      key('ArrowDown', { altKey: true })
      await settle()
      expect(useConversationsStore().activeId).toBeNull()
    })
  })

  it('lists the entries with their category, intent, similar questions, switch and hits', async () => {
    const { wrapper } = await showKB()
    expect(kb.entries).toHaveBeenCalledWith({ shopId: 1, query: '', category: '', enabled: '', offset: 0, limit: 50 })
    const rows = wrapper.findAll('[data-testid="kb-entry-row"]')
    expect(rows.map((r) => r.get('[data-testid="kb-entry-question"]').text())).toEqual(['你好，在吗', '可以开发票吗', '我要投诉'])
    expect(rows[0]?.text()).toContain('通用')
    expect(rows[0]?.text()).toContain('问候')
    expect(rows[0]?.get('[data-testid="kb-entry-hits"]').text()).toContain('识别 15 · 发送 12')
    expect(rows[1]?.get('[data-testid="kb-entry-hits"]').text()).toContain('未命中')
    // KB-6: the robot's replies with the entry, as buyers rated them; none shown before any rating.
    expect(rows[0]?.get('[data-testid="kb-entry-ratings"]').text()).toBe('解决 3 · 未解决 1')
    expect(rows[1]?.find('[data-testid="kb-entry-ratings"]').exists()).toBe(false)
    expect(rows[2]?.text()).toContain('不自动发')
    expect(rows[2]?.classes()).toContain('row--off')
    expect(wrapper.get('[data-testid="kb-total"]').text()).toBe('共 3 条')
  })

  it('says when the KB is empty, and when the filters match nothing', async () => {
    const { wrapper, store } = await showKB([])
    expect(wrapper.get('[data-testid="kb-empty"]').attributes('data-empty')).toBe('kb')
    store.setCategory('logistics')
    await settle()
    expect(pageCalls().at(-1)).toMatchObject({ category: 'logistics', offset: 0 })
    expect(wrapper.get('[data-testid="kb-empty"]').attributes('data-empty')).toBe('filter')
    await wrapper.get('[data-testid="kb-clear-filters"]').trigger('click')
    await settle()
    expect(pageCalls().at(-1)).toMatchObject({ category: '' })
  })

  it('searches once the typing pauses', async () => {
    const { wrapper } = await showKB()
    vi.useFakeTimers()
    vi.mocked(kb.entries).mockClear()
    await wrapper.get('[data-testid="kb-search"]').setValue('发')
    await wrapper.get('[data-testid="kb-search"]').setValue('发票')
    await vi.advanceTimersByTimeAsync(searchDelay)
    expect(pageCalls()).toEqual([expect.objectContaining({ query: '发票', offset: 0 })])
  })

  it('moves with ↑/↓, opens with Enter, focuses the search with /, saves with Ctrl+S', async () => {
    const { wrapper } = await showKB()
    const store = useKBStore()
    key('ArrowDown')
    key('ArrowDown')
    await settle()
    expect(wrapper.findAll('[data-testid="kb-entry-row"]')[1]?.classes()).toContain('row--cursor')
    key('Enter')
    await settle()
    expect(kb.entry).toHaveBeenCalledWith(2)
    expect(store.selectedId).toBe(2)

    key('/')
    expect(document.activeElement?.getAttribute('data-testid')).toBe('kb-search')

    await wrapper.get('[data-testid="kb-question"]').setValue('可以开专票吗')
    const save = key('s', { ctrlKey: true })
    await settle()
    expect(save.defaultPrevented).toBe(true)
    expect(kb.saveEntry).toHaveBeenCalledWith(expect.objectContaining({ id: 2, question: '可以开专票吗' }))
  })

  it('asks before dropping unsaved changes', async () => {
    const { wrapper, store } = await showKB()
    await store.open(1)
    await settle()
    await wrapper.get('[data-testid="kb-question"]').setValue('改了一半')
    await wrapper.findAll('[data-testid="kb-entry-row"]')[1]?.trigger('click')
    await settle()
    expect(store.selectedId).toBe(1)
    expect(document.body.textContent).toContain('有未保存的修改')

    lastOf('kb-guard-keep')!.click()
    await settle()
    expect(store.selectedId).toBe(1)
    expect(store.draft?.question).toBe('改了一半')

    await wrapper.findAll('[data-testid="kb-entry-row"]')[1]?.trigger('click')
    await settle()
    lastOf('kb-guard-save')?.click()
    await settle()
    expect(kb.saveEntry).toHaveBeenCalledWith(expect.objectContaining({ id: 1, question: '改了一半' }))
    expect(store.selectedId).toBe(2)
  })

  it('starts a new entry of the filtered category', async () => {
    const { wrapper, store } = await showKB()
    store.setCategory('logistics')
    await settle()
    await wrapper.get('[data-testid="kb-new"]').trigger('click')
    await settle()
    expect(store.selectedId).toBe(0)
    expect(store.draft).toMatchObject({ id: 0, shopId: 1, category: 'logistics', enabled: true, answers: [{ text: '', when: [] }] })
    expect(wrapper.text()).toContain('新建条目')
  })

  it('switches an entry on and off from the list', async () => {
    const { wrapper } = await showKB()
    vi.mocked(kb.saveEntry).mockResolvedValue(entry({ id: 3, question: '我要投诉', enabled: true, version: 4 }))
    await wrapper.findAll('[data-testid="kb-entry-enabled"]')[2]?.trigger('click')
    await settle()
    expect(kb.saveEntry).toHaveBeenCalledWith(expect.objectContaining({ id: 3, enabled: true }))
    expect(vi.mocked(kb.saveEntry).mock.calls[0]?.[0]).not.toHaveProperty('stats')
    expect(wrapper.findAll('[data-testid="kb-entry-row"]')[2]?.classes()).not.toContain('row--off')
  })

  it('refreshes when the shop’s KB changes elsewhere', async () => {
    vi.useFakeTimers()
    const pushes = fakeKB(entries)
    const { store } = await renderKB(KBScreen)
    const app = useAppStore()
    app.show('kb')
    await app.load()
    await vi.advanceTimersByTimeAsync(changedDelay)
    vi.mocked(kb.entries).mockClear()
    pushes.changed({ shopId: 2 })
    await vi.advanceTimersByTimeAsync(changedDelay)
    expect(kb.entries).not.toHaveBeenCalled()
    pushes.changed({ shopId: 1 })
    pushes.changed({ shopId: 1 })
    await vi.advanceTimersByTimeAsync(changedDelay)
    expect(kb.entries).toHaveBeenCalledTimes(1)
    expect(store.shopId).toBe(1)
  })
})
