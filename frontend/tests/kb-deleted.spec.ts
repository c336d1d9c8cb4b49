import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import * as kb from '../src/api/kb'
import type { ListedEntry } from '../src/api/types'
import KBScreen from '../src/components/kb/KBScreen.vue'
import { useAppStore } from '../src/stores/app'
import { changedDelay } from '../src/stores/kb'
import { useKBHistoryStore } from '../src/stores/kbHistory'
import { useKBHitTestStore } from '../src/stores/kbHitTest'
import { fakeKB, renderKB } from './kb-backend'
import { change, entry, listed } from './kb-fixtures'
import { settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/kb')

const entries: ListedEntry[] = [listed({ id: 1, question: '你好，在吗', category: 'general', intent: 'greeting' })]

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString()

const shipping = change({
  id: 41,
  entryId: 7,
  action: 'delete',
  actor: '小李',
  at: minutesAgo(3),
  before: entry({ id: 7, question: '什么时候发货', category: 'order', version: 3 }),
  after: null,
})
const hostile = change({
  id: 40,
  entryId: 8,
  action: 'rollback',
  actor: 'desk',
  at: minutesAgo(90),
  before: entry({ id: 8, question: '<img src=x onerror=alert(1)> 包邮吗', category: 'general', answers: [{ text: '<b>包邮</b>', when: [] }] }),
  after: null,
})

function items(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('[data-testid="kb-deleted-item"]'))
}

function key(k: string): void {
  document.dispatchEvent(new KeyboardEvent('keydown', { key: k, code: k, bubbles: true, cancelable: true }))
}

async function askRestore(i: number): Promise<void> {
  items()[i]?.querySelector<HTMLButtonElement>('[data-testid="kb-restore"]')?.click()
  await settle()
}

async function confirmRestore(i: number): Promise<void> {
  await askRestore(i)
  await confirm()
}

async function confirm(): Promise<void> {
  const buttons = document.querySelectorAll<HTMLButtonElement>('[data-testid="kb-restore-confirm"]')
  expect(buttons.length).toBeGreaterThan(0)
  buttons[buttons.length - 1]?.click()
  await settle()
}

async function openDeleted() {
  const pushes = fakeKB(entries)
  vi.mocked(kb.deleted).mockResolvedValue([shipping, hostile])
  const r = await renderKB(KBScreen)
  const app = useAppStore()
  app.show('kb')
  await app.load()
  await settle()
  await r.wrapper.get('[data-testid="kb-deleted"]').trigger('click')
  await settle()
  return { ...r, pushes }
}

describe('deleted entries', () => {
  beforeEach(() => {
    fakeKB(entries)
  })

  afterEach(() => {
    vi.useRealTimers()
  })

  it('lists the shop’s deleted entries from the API: question, category, who and when', async () => {
    await openDeleted()
    expect(kb.deleted).toHaveBeenCalledWith(1)
    expect(document.querySelector('[data-testid="kb-deleted-dialog"]')).not.toBeNull()
    const list = items()
    expect(list.map((i) => i.dataset.changeId)).toEqual(['41', '40'])
    expect(list[0]?.querySelector('[data-testid="kb-deleted-question"]')?.textContent).toBe('什么时候发货')
    expect(list[0]?.textContent).toContain('订单')
    expect(list[0]?.textContent).toContain('删除')
    expect(list[0]?.querySelector('[data-testid="kb-deleted-who"]')?.textContent).toBe('小李 · 3分钟前')
    expect(list[1]?.textContent).toContain('通用')
    expect(list[1]?.textContent).toContain('回滚')
    // Questions and answers are text, never markup.
    expect(list[1]?.querySelector('[data-testid="kb-deleted-question"]')?.textContent).toBe('<img src=x onerror=alert(1)> 包邮吗')
    expect(list[1]?.querySelector('img, b')).toBeNull()
  })

  it('restores an entry after confirming: rolls its deletion back, refreshes and opens it', async () => {
    const { store } = await openDeleted()
    vi.mocked(kb.rollback).mockResolvedValue(change({ id: 42, entryId: 7, action: 'rollback', before: null, after: shipping.before }))
    vi.mocked(kb.entry).mockResolvedValue(entry({ id: 7, question: '什么时候发货', version: 4 }))
    vi.mocked(kb.deleted).mockClear().mockResolvedValue([hostile])
    const hitTest = useKBHitTestStore()
    hitTest.text = '几时发货'
    await hitTest.run()
    vi.mocked(kb.entries).mockClear()
    vi.mocked(kb.hitTest).mockClear()

    await askRestore(0)
    expect(kb.rollback).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('恢复这个条目？')
    expect(document.body.textContent).toContain('“什么时候发货”会回到知识库')

    await confirm()
    expect(kb.rollback).toHaveBeenCalledExactlyOnceWith(41)
    expect(kb.deleted).toHaveBeenCalledExactlyOnceWith(1)
    expect(useKBHistoryStore().deleted.map((c) => c.id)).toEqual([40])
    expect(kb.entries).toHaveBeenCalled()
    expect(kb.hitTest).toHaveBeenCalledWith(1, '几时发货')
    expect(toasts()).toContain('已恢复“什么时候发货”')
    expect(useKBHistoryStore().deletedShown).toBe(false)
    expect(kb.entry).toHaveBeenCalledWith(7)
    expect(store.selectedId).toBe(7)
    expect(store.draft?.version).toBe(4)
  })

  it('asks about unsaved changes before opening the restored entry', async () => {
    const { wrapper, store } = await openDeleted()
    store.setShop(1)
    await store.open(1)
    await settle()
    await wrapper.get('[data-testid="kb-question"]').setValue('改了一半')
    vi.mocked(kb.rollback).mockResolvedValue(change({ id: 42, entryId: 7, action: 'rollback', before: null }))
    await confirmRestore(0)
    expect(kb.rollback).toHaveBeenCalledExactlyOnceWith(41)
    expect(document.body.textContent).toContain('有未保存的修改')
    Array.from(document.querySelectorAll<HTMLElement>('[data-testid="kb-guard-keep"]')).at(-1)!.click()
    await settle()
    expect(store.selectedId).toBe(1)
    expect(store.draft?.question).toBe('改了一半')
  })

  it('says why a restore failed and keeps the entry listed', async () => {
    const { store } = await openDeleted()
    vi.mocked(kb.rollback).mockRejectedValue({ kind: 'conflict', key: 'error.kb_duplicate', message: 'duplicate' })
    await confirmRestore(0)
    expect(toasts()).toContain('恢复失败：这个店铺已有相同标准问题的条目')
    expect(useKBHistoryStore().deletedShown).toBe(true)
    expect(items()).toHaveLength(2)
    expect(store.selectedId).toBeNull()
  })

  it('says when nothing was deleted', async () => {
    fakeKB(entries)
    const { wrapper } = await renderKB(KBScreen)
    const app = useAppStore()
    app.show('kb')
    await app.load()
    await settle()
    await wrapper.get('[data-testid="kb-deleted"]').trigger('click')
    await settle()
    const empty = document.querySelector<HTMLElement>('[data-testid="kb-empty"][data-empty="deleted"]')
    expect(empty?.textContent).toContain('这个店铺没有删除的条目')
    expect(items()).toHaveLength(0)
  })

  it('says why the list did not load, and retries', async () => {
    fakeKB(entries)
    vi.mocked(kb.deleted).mockRejectedValue({ kind: 'unavailable', key: 'error.unavailable', message: 'down' })
    const { wrapper } = await renderKB(KBScreen)
    const app = useAppStore()
    app.show('kb')
    await app.load()
    await settle()
    await wrapper.get('[data-testid="kb-deleted"]').trigger('click')
    await settle()
    expect(document.querySelector('[data-testid="kb-deleted-dialog"] [role="alert"]')?.textContent).toContain('删除的条目加载失败')

    vi.mocked(kb.deleted).mockResolvedValue([shipping])
    document.querySelector<HTMLButtonElement>('[data-testid="kb-deleted-retry"]')?.click()
    await settle()
    expect(items()).toHaveLength(1)
  })

  it('shows loading until the list arrives', async () => {
    fakeKB(entries)
    let answer: (list: (typeof shipping)[]) => void = () => {}
    vi.mocked(kb.deleted).mockReturnValue(new Promise((resolve) => (answer = resolve)))
    const { wrapper } = await renderKB(KBScreen)
    const app = useAppStore()
    app.show('kb')
    await app.load()
    await settle()
    await wrapper.get('[data-testid="kb-deleted"]').trigger('click')
    await settle()
    expect(document.querySelector('[data-testid="kb-deleted-dialog"]')?.textContent).toContain('正在加载删除的条目')
    answer([shipping])
    await settle()
    expect(items()).toHaveLength(1)
  })

  it('follows the shop’s KB while shown, and closes with Esc', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const { pushes } = await openDeleted()
    vi.mocked(kb.deleted).mockClear().mockResolvedValue([shipping])
    pushes.changed({ shopId: 1 })
    await vi.advanceTimersByTimeAsync(changedDelay)
    await settle()
    expect(kb.deleted).toHaveBeenCalledWith(1)
    expect(items()).toHaveLength(1)

    key('Escape')
    await settle()
    expect(useKBHistoryStore().deletedShown).toBe(false)
  })
})
