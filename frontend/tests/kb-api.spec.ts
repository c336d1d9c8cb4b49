import { describe, expect, it, vi } from 'vitest'

import * as KBService from '../wailsjs/go/app/KBService'
import type { app, engine } from '../wailsjs/go/models'
import { EventsOn } from '../wailsjs/runtime/runtime'
import { onKBImport } from '../src/api/events'
import * as kb from '../src/api/kb'
import { EVENT_KB_IMPORT } from '../src/consts/events'

vi.mock('../wailsjs/go/app/KBService')
vi.mock('../wailsjs/runtime/runtime')

/** reference encodes bytes the plain way, one character at a time. */
function reference(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) {
    binary += String.fromCharCode(b)
  }
  return btoa(binary)
}

function wire<T>(json: unknown): T {
  return json as T
}

describe('kb api', () => {
  it('decodes null slices, times and missing stats', async () => {
    vi.mocked(KBService.Entries).mockResolvedValue(
      wire<engine.EntryPage>({
        entries: [
          {
            id: 1,
            shopId: 2,
            question: '包邮吗',
            similar: null,
            answers: [{ text: '包邮', when: null }],
            category: 'general',
            intent: '',
            enabled: true,
            operations: null,
            neverAuto: false,
            version: 1,
            updatedAt: '2026-11-21T09:17:00.123456789Z',
            updatedBy: 'desk',
            stats: { hits: 4, lastHitAt: null, solved: 2, unsolved: 1 },
          },
        ],
        total: 1,
      }),
    )
    const page = await kb.entries({ shopId: 2, query: '', category: '', enabled: '', offset: 0, limit: 50 })
    expect(page.entries[0]).toMatchObject({
      similar: [],
      answers: [{ text: '包邮', when: [] }],
      operations: [],
      updatedAt: '2026-11-21T09:17:00.123Z',
      stats: { hits: 4, lastHitAt: '', solved: 2, unsolved: 1 },
    })

    vi.mocked(KBService.History).mockResolvedValue(wire(null))
    vi.mocked(KBService.HitTest).mockResolvedValue(wire(null))
    vi.mocked(KBService.Synonyms).mockResolvedValue(wire(null))
    expect(await kb.history(1)).toEqual([])
    expect(await kb.hitTest(2, '包邮')).toEqual([])
    expect(await kb.synonyms(2)).toEqual([])
    expect(KBService.HitTest).toHaveBeenCalledWith({ shopId: 2, text: '包邮' })
  })

  it('lists a shop’s deleted entries as the changes that deleted them', async () => {
    vi.mocked(KBService.Deleted).mockResolvedValue(
      wire<engine.Change[]>([
        {
          id: 41,
          shopId: 2,
          entryId: 9,
          action: 'delete',
          actor: '小李',
          at: '2026-11-21T09:17:00.123456789Z',
          before: { id: 9, shopId: 2, question: '包邮吗', similar: null, answers: null, category: 'general', version: 3 },
          after: null,
          seq: 12,
        },
        // A deletion without the entry as it was cannot be shown or restored.
        { id: 40, shopId: 2, entryId: 8, action: 'delete', actor: 'desk', at: '2026-11-21T09:00:00Z', before: null, after: null, seq: 11 },
      ]),
    )
    const list = await kb.deleted(2)
    expect(KBService.Deleted).toHaveBeenCalledWith(2)
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({
      id: 41,
      entryId: 9,
      action: 'delete',
      actor: '小李',
      at: '2026-11-21T09:17:00.123Z',
      after: null,
      before: { id: 9, question: '包邮吗', similar: [], answers: [], category: 'general', version: 3 },
    })
    expect(list[0]).not.toHaveProperty('seq')

    vi.mocked(KBService.Deleted).mockResolvedValue(wire(null))
    expect(await kb.deleted(2)).toEqual([])
  })

  it('keeps the field errors of a refused entry and the rows of a refused file', async () => {
    const refused = {
      kind: 'invalid',
      key: 'error.kb_invalid_entry',
      message: 'invalid entry',
      fields: [{ field: 'answers[1].text', key: 'kb_too_long', detail: 'too long' }],
    }
    vi.mocked(KBService.SaveEntry).mockRejectedValue(refused)
    await expect(kb.saveEntry(wire({ id: 1 }))).rejects.toEqual(refused)

    vi.mocked(KBService.BeginUpload).mockResolvedValue('up-1')
    vi.mocked(KBService.UploadChunk).mockResolvedValue()
    vi.mocked(KBService.Import).mockRejectedValue({
      kind: 'invalid',
      key: 'error.kb_invalid_rows',
      message: '1 rows are invalid',
      rows: [{ row: 2, question: 'q', problems: null }],
    })
    await expect(kb.importFile({ shopId: 1, fileName: 'a.json', data: new Uint8Array(3), jobId: 'j' })).rejects.toEqual({
      kind: 'invalid',
      key: 'error.kb_invalid_rows',
      message: '1 rows are invalid',
      rows: [{ row: 2, question: 'q', problems: [] }],
    })
  })

  it('leaves the times the backend sets out of a saved entry, so a new one parses as Go’s Entry', async () => {
    vi.mocked(KBService.SaveEntry).mockResolvedValue(wire<engine.Entry>({ id: 5, version: 1, updatedAt: '2026-11-21T09:00:00Z' }))
    await kb.saveEntry(wire({ id: 0, question: '包邮吗', version: 0, updatedAt: '', updatedBy: '' }))
    expect(KBService.SaveEntry).toHaveBeenCalledWith({ id: 0, question: '包邮吗', version: 0 })
  })

  it('sends the file in pieces of base64, the JSON form of Go’s []byte, then imports it', async () => {
    vi.mocked(KBService.BeginUpload).mockResolvedValue('up-1')
    vi.mocked(KBService.UploadChunk).mockResolvedValue()
    vi.mocked(KBService.Import).mockResolvedValue(wire<engine.ImportResult>({ created: 2, updated: 1, seq: 9 }))
    const data = new Uint8Array(kb.uploadChunkBytes * 2 + 5)
    data.set(new TextEncoder().encode('{"entries":[{"question":"包邮吗 😀"}]}'))
    data[data.length - 1] = 0xff
    const sent: number[] = []
    const res = await kb.importFile({ shopId: 3, fileName: 'kb.json', data, jobId: 'job-1' }, (n) => sent.push(n))
    expect(res).toEqual({ created: 2, updated: 1 })
    expect(KBService.BeginUpload).toHaveBeenCalledWith({ fileName: 'kb.json', size: data.length })
    const chunks = vi.mocked(KBService.UploadChunk).mock.calls.map((c) => c[0] as unknown as { uploadId: string; offset: number; data: string })
    expect(chunks.map((c) => c.offset)).toEqual([0, kb.uploadChunkBytes, kb.uploadChunkBytes * 2])
    expect(chunks.map((c) => c.data).join('')).toEqual(reference(data))
    expect(chunks.every((c) => c.uploadId === 'up-1')).toBe(true)
    expect(sent).toEqual([kb.uploadChunkBytes, kb.uploadChunkBytes * 2, data.length])
    expect(KBService.Import).toHaveBeenCalledWith({ shopId: 3, uploadId: 'up-1', jobId: 'job-1' })
  })

  it('encodes large files in slices that join into one base64 text', async () => {
    const bytes = new Uint8Array(3 * 32 * 1024 * 3 + 7).map((_, i) => (i * 31) % 256)
    expect(await kb.toBase64(bytes)).toBe(reference(bytes))
    expect(await kb.toBase64(new Uint8Array())).toBe('')
  })

  it('hands export and template the format and the language', async () => {
    vi.mocked(KBService.Export).mockResolvedValue(wire<app.ExportResult>({ path: '/home/a/Downloads/kb.xlsx', entries: 12 }))
    vi.mocked(KBService.Template).mockResolvedValue(wire<app.ExportResult>({ path: '/home/a/Downloads/t.csv', entries: 0 }))
    expect(await kb.exportKB(1, 'xlsx', 'zh-CN')).toEqual({ path: '/home/a/Downloads/kb.xlsx', entries: 12 })
    expect(await kb.template('csv', 'en')).toEqual({ path: '/home/a/Downloads/t.csv', entries: 0 })
    expect(KBService.Export).toHaveBeenCalledWith({ shopId: 1, format: 'xlsx', locale: 'zh-CN' })
    expect(KBService.Template).toHaveBeenCalledWith({ shopId: 0, format: 'csv', locale: 'en' })
  })

  it('decodes import progress and drops an unknown phase to read', () => {
    let deliver: (payload: unknown) => void = () => {}
    vi.mocked(EventsOn).mockImplementation((_name, callback) => {
      deliver = callback
      return () => {}
    })
    const handler = vi.fn()
    onKBImport(handler)
    expect(EventsOn).toHaveBeenCalledWith(EVENT_KB_IMPORT, expect.any(Function))
    deliver({ jobId: 'j', phase: 'write', done: 5, total: 10 })
    deliver({ jobId: 'j', phase: 'parse', done: 0, total: 0 })
    expect(handler.mock.calls).toEqual([
      [{ jobId: 'j', phase: 'write', done: 5, total: 10 }],
      [{ jobId: 'j', phase: 'read', done: 0, total: 0 }],
    ])
  })
})
