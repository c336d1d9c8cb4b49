import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'

import * as kb from '../src/api/kb'
import type { ImportResult } from '../src/api/types'
import ImportDialog from '../src/components/kb/ImportDialog.vue'
import { fakeKB, renderKB, type KBPushes } from './kb-backend'
import { kbMeta } from './kb-fixtures'
import { settle } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/kb')

const Dialog = defineComponent({ setup: () => () => h(ImportDialog, { show: true, shopName: '小蓝鲸旗舰店' }) })

/** pick chooses a file in the dialog's file input, as the agent would. */
async function pick(file: File): Promise<void> {
  const input = document.querySelector<HTMLInputElement>('[data-testid="kb-import-input"]')
  expect(input).not.toBeNull()
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input!.dispatchEvent(new Event('change'))
  await settle()
}

function byTestId(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
}

describe('import dialog', () => {
  let pushes: KBPushes

  beforeEach(() => {
    pushes = fakeKB()
  })

  async function showDialog() {
    const r = await renderKB(Dialog)
    r.store.setShop(1)
    await settle()
    return r
  }

  it('sends the file with a job id and follows that job’s progress until the summary', async () => {
    await showDialog()
    let finish: (r: ImportResult) => void = () => {}
    vi.mocked(kb.importFile).mockReturnValue(new Promise((resolve) => (finish = resolve)))
    vi.mocked(kb.entries).mockClear()

    await pick(new File(['{"entries":[]}'], 'kb.json', { type: 'application/json' }))
    expect(kb.importFile).toHaveBeenCalledOnce()
    const req = vi.mocked(kb.importFile).mock.calls[0]![0]
    expect(req.shopId).toBe(1)
    expect(req.fileName).toBe('kb.json')
    expect(new TextDecoder().decode(req.data)).toBe('{"entries":[]}')
    expect(req.jobId).not.toBe('')
    expect(pushes.importListeners()).toBe(1)
    expect(byTestId('kb-import-progress')?.textContent).toContain('kb.json')

    pushes.importProgress({ jobId: req.jobId, phase: 'read', done: 0, total: 0 })
    await settle()
    expect(byTestId('kb-import-progress')?.dataset.stage).toBe('read')
    expect(byTestId('kb-import-progress')?.textContent).toContain('正在检查每一行')

    pushes.importProgress({ jobId: req.jobId, phase: 'write', done: 250, total: 1000 })
    pushes.importProgress({ jobId: 'another-window', phase: 'write', done: 999, total: 1000 })
    await settle()
    expect(byTestId('kb-import-progress')?.textContent).toContain('正在写入 250/1000')
    expect(byTestId('kb-import-progress')?.querySelector('[aria-valuenow]')?.getAttribute('aria-valuenow')).toBe('25')
    // The toolbar's import button could show it too; the store says so.
    expect(byTestId('kb-import-summary')).toBeNull()

    finish({ created: 3, updated: 2 })
    await settle()
    expect(byTestId('kb-import-summary')?.textContent).toContain('导入完成：新建 3 条，更新 2 条')
    expect(byTestId('kb-import-progress')?.dataset.stage).toBe('done')
    expect(pushes.importListeners()).toBe(0)
    expect(kb.entries).toHaveBeenCalled() // the list shows the imported entries
  })

  it('lists every refused row with its problems translated, and says nothing changed', async () => {
    await showDialog()
    vi.mocked(kb.importFile).mockRejectedValue({
      kind: 'invalid',
      key: 'error.kb_invalid_rows',
      message: '2 rows are invalid; nothing was changed',
      rows: [
        { row: 3, question: '', problems: [{ field: 'question', key: 'kb_question_missing', detail: 'the standard question is missing' }] },
        {
          row: 7,
          question: '<b>包邮吗</b>',
          problems: [
            { field: 'answers[0].text', key: 'kb_unknown_variable', detail: 'uses the unknown variable {foo.bar}' },
            { field: 'category', key: 'kb_brand_new', detail: 'something new' },
          ],
        },
      ],
    })
    await pick(new File(['x'], 'kb.xlsx'))

    expect(byTestId('kb-import-refused')?.textContent).toContain('有 2 行有问题，文件没有导入，知识库没有任何改动')
    const rows = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="kb-import-error-row"]'))
    expect(rows.map((r) => r.dataset.row)).toEqual(['3', '7'])
    expect(rows[0]?.textContent).toContain('标准问题：请填写标准问题')
    expect(rows[1]?.textContent).toContain('<b>包邮吗</b>')
    expect(rows[1]?.querySelector('b')).toBeNull()
    expect(rows[1]?.textContent).toContain('答案 1：含有不认识的变量')
    expect(rows[1]?.textContent).toContain('分类：something new')
    expect(byTestId('kb-import-summary')).toBeNull()
    expect(pushes.importListeners()).toBe(0)
  })

  it('says why a file that cannot be read was not imported', async () => {
    await showDialog()
    vi.mocked(kb.importFile).mockRejectedValue({ kind: 'invalid', key: 'error.kb_file_broken', message: 'not KB JSON' })
    await pick(new File(['{'], 'kb.json'))
    expect(byTestId('kb-import-error')?.textContent).toContain('文件无法读取')
    expect(byTestId('kb-import-error')?.textContent).toContain('知识库没有任何改动')
  })

  it('refuses a file too big or of another kind without reading it', async () => {
    vi.mocked(kb.meta).mockResolvedValue(kbMeta({ maxFileBytes: 8 }))
    await showDialog()
    await pick(new File(['0123456789'], 'kb.json'))
    expect(byTestId('kb-import-error')?.textContent).toContain('文件太大了')
    await pick(new File(['{}'], 'kb.txt'))
    expect(byTestId('kb-import-error')?.textContent).toContain('只能导入 xlsx、CSV 或 JSON 文件')
    expect(kb.importFile).not.toHaveBeenCalled()
  })
})
