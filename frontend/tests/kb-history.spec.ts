import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as kb from '../src/api/kb'
import EntryEditor from '../src/components/kb/EntryEditor.vue'
import HistoryDrawer from '../src/components/kb/HistoryDrawer.vue'
import { useKBHistoryStore } from '../src/stores/kbHistory'
import { fakeKB, renderKB } from './kb-backend'
import { change, entry, listed } from './kb-fixtures'
import { settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/kb')

const edited = change({
  id: 31,
  action: 'update',
  actor: '小李',
  before: entry({ question: '几时发货', similar: ['啥时候发货', '几号能发'], enabled: false, version: 2 }),
  after: entry({ question: '什么时候发货', similar: ['啥时候发货', '发货了没'], enabled: true, answers: [{ text: '新答案', when: ['paid'] }], version: 3 }),
})
const created = change({ id: 30, action: 'create', actor: '小王', before: null, after: entry({ question: '几时发货', version: 1 }) })

function items(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('[data-testid="kb-history-item"]'))
}

async function confirmRollback(i: number): Promise<void> {
  items()[i]?.querySelector<HTMLButtonElement>('[data-testid="kb-rollback"]')?.click()
  await settle()
  const buttons = document.querySelectorAll<HTMLButtonElement>('[data-testid="kb-rollback-confirm"]')
  expect(buttons.length).toBeGreaterThan(0)
  buttons[buttons.length - 1]?.click()
  await settle()
}

describe('history', () => {
  beforeEach(() => {
    fakeKB([listed()])
    vi.mocked(kb.history).mockResolvedValue([edited, created])
  })

  async function openHistory() {
    const r = await renderKB(EntryEditor, HistoryDrawer)
    r.store.setShop(1)
    await r.store.open(7)
    await settle()
    await r.wrapper.get('[data-testid="kb-history-open"]').trigger('click')
    await settle()
    return r
  }

  it('lists who changed what and when, with what changed', async () => {
    await openHistory()
    expect(kb.history).toHaveBeenCalledWith(7)
    const list = items()
    expect(list.map((i) => i.dataset.action)).toEqual(['update', 'create'])
    expect(list[0]?.textContent).toContain('修改')
    expect(list[0]?.textContent).toContain('小李')
    const diff = list[0]!.querySelector('[data-testid="kb-history-diff"]')!
    expect(diff.querySelector('del')?.textContent).toContain('几时发货')
    expect(diff.querySelector('ins')?.textContent).toContain('什么时候发货')
    expect(diff.textContent).toContain('+ 发货了没')
    expect(diff.textContent).toContain('− 几号能发')
    expect(diff.textContent).toContain('已付款未发货')
    expect(diff.textContent).toContain('新答案')
    expect(list[1]?.textContent).toContain('创建')
  })

  it('FB-4 says where a change came from: an accepted proposal, unanswered questions, a review item', async () => {
    vi.mocked(kb.history).mockResolvedValue([
      change({ id: 41, origin: 'proposal:12' }),
      change({ id: 40, origin: 'unanswered' }),
      change({ id: 39, origin: 'review:3' }),
      edited,
    ])
    await openHistory()
    const origins = items().map((i) => i.querySelector('[data-testid="kb-history-origin"]')?.textContent?.trim() ?? '')
    expect(origins).toEqual(['来自知识库建议 #12', '来自未解决问题', '来自复核 #3', ''])
  })

  it('rolls a change back after confirming, and shows the entry as it now is', async () => {
    const { store } = await openHistory()
    vi.mocked(kb.rollback).mockResolvedValue(change({ id: 32, action: 'rollback' }))
    vi.mocked(kb.entry).mockResolvedValue(entry({ question: '几时发货', version: 4 }))
    vi.mocked(kb.entries).mockClear()
    vi.mocked(kb.history).mockClear()

    await confirmRollback(0)
    expect(kb.rollback).toHaveBeenCalledExactlyOnceWith(31)
    expect(store.draft?.question).toBe('几时发货')
    expect(store.draft?.version).toBe(4)
    expect(kb.entries).toHaveBeenCalled()
    expect(kb.history).toHaveBeenCalledWith(7)
    expect(toasts()).toContain('已回滚')
  })

  it('closes the entry when the rollback undid its creation', async () => {
    const { store } = await openHistory()
    vi.mocked(kb.rollback).mockResolvedValue(change({ id: 33, action: 'rollback', after: null }))
    vi.mocked(kb.entry).mockRejectedValue({ kind: 'not_found', key: 'error.not_found', message: 'gone' })
    await confirmRollback(1)
    expect(kb.rollback).toHaveBeenCalledExactlyOnceWith(30)
    expect(store.selectedId).toBeNull()
    expect(useKBHistoryStore().shown).toBe(false)
  })

  it('says why a rollback failed', async () => {
    const { store } = await openHistory()
    vi.mocked(kb.rollback).mockRejectedValue({ kind: 'conflict', key: 'error.kb_duplicate', message: 'duplicate' })
    await confirmRollback(0)
    expect(toasts()).toContain('回滚失败：这个店铺已有相同标准问题的条目')
    expect(store.selectedId).toBe(7)
  })
})
