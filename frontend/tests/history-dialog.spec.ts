import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as history from '../src/api/history'
import TopBar from '../src/components/layout/TopBar.vue'
import { useAppStore } from '../src/stores/app'
import { localDate } from '../src/stores/history'
import { fakeBackend } from './backend'
import { render, settle } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/history', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/api/history')>()
  return { ...real, exportHistory: vi.fn(), importChats: vi.fn(), importOrders: vi.fn() }
})

/** byId is the newest element with a test id: the dialog is teleported to the body. */
function byId<T extends HTMLElement = HTMLElement>(id: string): T | undefined {
  return Array.from(document.querySelectorAll<T>(`[data-testid="${id}"]`)).at(-1)
}

function get<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = byId<T>(id)
  if (el === undefined) {
    throw new Error(`no [data-testid="${id}"] on the page`)
  }
  return el
}

async function click(el: HTMLElement): Promise<void> {
  el.click()
  await settle()
}

async function pick(file: File): Promise<void> {
  const input = get<HTMLInputElement>('history-import-input')
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
  await settle()
}

async function openDialog() {
  fakeBackend()
  const r = render(TopBar)
  await useAppStore().load()
  await click(get('open-history'))
  return r
}

async function importTab(): Promise<void> {
  const tab = Array.from(document.querySelectorAll<HTMLElement>('.n-tabs-tab[data-name="import"]')).at(-1)
  expect(tab).toBeDefined()
  await click(tab!)
}

describe('chat history dialog (CV-5, CV-7c)', () => {
  beforeEach(() => {
    document.body.innerHTML = ''
    vi.mocked(history.exportHistory).mockReset()
    vi.mocked(history.importChats).mockReset()
    vi.mocked(history.importOrders).mockReset()
  })

  it('CV-5 exports every shop for the last 7 days as CSV by default and shows the file', async () => {
    await openDialog()
    expect(get('history-dialog').textContent).toContain('聊天记录')
    vi.mocked(history.exportHistory).mockResolvedValue({ path: '/tmp/x/replydesk-chats-all.csv', conversations: 3, messages: 17 })
    await click(get('history-export'))
    const today = new Date()
    const weekAgo = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6)
    expect(history.exportHistory).toHaveBeenCalledWith({ shopId: 0, from: localDate(weekAgo), to: localDate(today), format: 'csv' })
    expect(get('history-export-result').textContent).toContain('已导出 3 个会话、17 条消息')
    expect(get('history-export-path').textContent).toBe('/tmp/x/replydesk-chats-all.csv')
  })

  it('CV-5 exports as xlsx when chosen and says why an export failed', async () => {
    await openDialog()
    await click(get('history-format-xlsx').querySelector('input') ?? get('history-format-xlsx'))
    vi.mocked(history.exportHistory).mockRejectedValue({ kind: 'invalid', key: 'error.history_range_too_long', message: 'x' })
    await click(get('history-export'))
    expect(vi.mocked(history.exportHistory).mock.calls[0]![0].format).toBe('xlsx')
    expect(get('history-export-error').textContent).toContain('一次最多导出 366 天')
  })

  it('opens with Alt+H', async () => {
    fakeBackend()
    render(TopBar)
    await settle()
    expect(byId('history-dialog')).toBeUndefined()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'h', code: 'KeyH', altKey: true }))
    await settle()
    expect(byId('history-dialog')).toBeDefined()
  })

  it('CV-7c imports a chat log into the chosen shop and sums it up', async () => {
    await openDialog()
    await importTab()
    vi.mocked(history.importChats).mockImplementation(async (_shop, _name, data, onUpload) => {
      onUpload?.(data.length, data.length)
      return { conversations: 2, messages: 5, skipped: 1, buyers: 2 }
    })
    await pick(new File(['buyer_id,sender,text,time\n'], 'log.csv', { type: 'text/csv' }))
    const [shopId, name, data] = vi.mocked(history.importChats).mock.calls[0]!
    expect(shopId).toBe(1)
    expect(name).toBe('log.csv')
    expect(new TextDecoder().decode(data)).toBe('buyer_id,sender,text,time\n')
    expect(get('history-import-summary').textContent).toContain('已导入 2 位买家的 2 个会话、5 条消息；1 条消息之前已导入')
    expect(get('history-import-progress').dataset.stage).toBe('done')
  })

  it('CV-7c lists every refused row with its problems, translated, and imports nothing', async () => {
    await openDialog()
    await importTab()
    vi.mocked(history.importChats).mockRejectedValue({
      kind: 'invalid',
      key: 'error.history_invalid_rows',
      message: '2 rows are invalid; nothing was imported',
      rows: [
        { row: 3, question: 'b1', problems: [{ field: 'sender', key: 'history_unknown_sender', detail: '"boss" is not a sender' }] },
        { row: 4, question: '', problems: [{ field: 'buyer_id', key: 'history_missing', detail: 'is missing' }, { field: 'time', key: 'history_bad_time', detail: 'x' }] },
      ],
    })
    await pick(new File(['x'], 'log.csv'))
    expect(get('history-import-refused').textContent).toContain('有 2 行有问题，没有导入任何内容')
    expect(get('history-import-progress').textContent).toContain('未导入')
    const rows = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="history-import-error-row"]'))
    expect(rows.map((r) => r.dataset.row)).toEqual(['3', '4'])
    expect(rows[0]!.textContent).toContain('发送方：不是可识别的发送方')
    expect(rows[1]!.textContent).toContain('买家ID：不能为空')
    expect(rows[1]!.textContent).toContain('时间：不是有效的时间')
  })

  it('CV-7c imports orders, and refuses a file of another kind without sending it', async () => {
    await openDialog()
    await importTab()
    await click(get('history-import-kind-orders').querySelector('input') ?? get('history-import-kind-orders'))
    await pick(new File(['x'], 'orders.txt'))
    expect(history.importOrders).not.toHaveBeenCalled()
    expect(get('history-import-error').textContent).toContain('只能导入 csv、xlsx 或 json 文件')
    vi.mocked(history.importOrders).mockResolvedValue({ created: 4, updated: 1, buyers: 3 })
    await pick(new File(['[]'], 'orders.json'))
    expect(history.importOrders).toHaveBeenCalledOnce()
    expect(get('history-import-summary').textContent).toContain('新增 4 个，更新 1 个，涉及 3 位买家')
  })
})
