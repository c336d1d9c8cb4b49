// The knowledge-base editor's service (KB-1…KB-7). Wraps the bindings of
// app.KBService; every function rejects with an AppError.
import * as KBService from '../../wailsjs/go/app/KBService'
import type { app, engine } from '../../wailsjs/go/models'
import {
  toChange,
  toChanges,
  toDeleted,
  toEntry,
  toEntryPage,
  toExportResult,
  toHitTestResults,
  toImportResult,
  toKBMeta,
  toSynonyms,
} from './decode'
import { call } from './errors'
import type {
  Change,
  CopyRequest,
  Entry,
  EntryFilter,
  EntryPage,
  ExportResult,
  HitTestResult,
  ImportRequest,
  ImportResult,
  KBMeta,
} from './types'

/**
 * wire hands plain JSON to a binding typed with the generated classes: the
 * Go side reads JSON, not class instances.
 */
function wire<T>(json: object): T {
  return json as T
}

/** meta lists categories, intents, order statuses, operations, variables, formats and limits. */
export async function meta(): Promise<KBMeta> {
  return toKBMeta(await call(() => KBService.Meta()))
}

/** entries returns one page of a shop's entries, filtered, with their hit counts. */
export async function entries(filter: EntryFilter): Promise<EntryPage> {
  return toEntryPage(await call(() => KBService.Entries(wire<engine.EntryFilter>(filter))))
}

/** entry returns one entry; it rejects with kind not_found when it was deleted. */
export async function entry(id: number): Promise<Entry> {
  return toEntry(await call(() => KBService.Entry(id)))
}

/**
 * saveEntry creates (id 0) or updates an entry and returns it as stored; it is
 * searchable when this resolves. It rejects with key error.kb_invalid_entry
 * and fields for an invalid entry, error.kb_conflict when the entry changed
 * since version was read, error.kb_duplicate when the shop has the question.
 */
export async function saveEntry(e: Entry): Promise<Entry> {
  // updatedAt and updatedBy are the backend's to set; a new entry's empty
  // time would not even parse as Go's time.Time.
  const { updatedAt: _at, updatedBy: _by, ...fields } = e
  return toEntry(await call(() => KBService.SaveEntry(wire<engine.Entry>(fields))))
}

/** deleteEntry deletes an entry; its history keeps it and the deletion can be rolled back. */
export function deleteEntry(id: number): Promise<void> {
  return call(() => KBService.DeleteEntry(id))
}

/** history returns an entry's changes, newest first. */
export async function history(entryId: number): Promise<Change[]> {
  return toChanges(await call(() => KBService.History(entryId)))
}

/**
 * deleted returns a shop's deleted entries, newest deletion first, each as
 * the change that deleted it (before holds the entry as it was): rolling that
 * change back restores the entry with its old ID.
 */
export async function deleted(shopId: number): Promise<Change[]> {
  return toDeleted(await call(() => KBService.Deleted(shopId)))
}

/** rollback undoes a change (a created entry is deleted, a deleted one restored) and returns the change that did it. */
export async function rollback(changeId: number): Promise<Change> {
  return toChange(await call(() => KBService.Rollback(changeId)))
}

/** hitTest returns the entries a sentence matches in a shop's KB, best first (KB-6). */
export async function hitTest(shopId: number, text: string): Promise<HitTestResult[]> {
  return toHitTestResults(await call(() => KBService.HitTest(wire<app.HitTestRequest>({ shopId, text }))))
}

/** copyEntries copies entries, or a shop's whole KB, to another shop (KB-3). */
export async function copyEntries(req: CopyRequest): Promise<ImportResult> {
  return toImportResult(await call(() => KBService.Copy(wire<app.CopyRequest>(req))))
}

/** synonyms returns a shop's synonym groups. */
export async function synonyms(shopId: number): Promise<string[][]> {
  return toSynonyms(await call(() => KBService.Synonyms(shopId)))
}

/** saveSynonyms replaces a shop's synonym groups and returns them as the backend cleaned them. */
export async function saveSynonyms(shopId: number, groups: string[][]): Promise<string[][]> {
  return toSynonyms(await call(() => KBService.SaveSynonyms(wire<app.SynonymsRequest>({ shopId, groups }))))
}

/** The largest piece of a file sent in one call (app.MaxChunkBytes, a multiple of 3). */
export const uploadChunkBytes = 48 * 1024

/**
 * importFile imports a KB file into a shop: it sends the file in pieces of
 * uploadChunkBytes (one call carrying megabytes would stall the bridge to Go),
 * telling onUpload how many bytes went, then imports it. Progress of the
 * import itself arrives as kb:import events carrying req.jobId. A file with
 * bad rows rejects with key error.kb_invalid_rows and rows, and changes
 * nothing. The bytes travel as base64, the JSON form of Go's []byte.
 */
export async function importFile(
  req: ImportRequest,
  onUpload: (sent: number, total: number) => void = () => {},
): Promise<ImportResult> {
  const uploadId = await upload(req.fileName, req.data, onUpload)
  return toImportResult(
    await call(() => KBService.Import(wire<app.ImportRequest>({ shopId: req.shopId, uploadId, jobId: req.jobId }))),
  )
}

/**
 * upload sends a file to the backend in pieces of uploadChunkBytes
 * (KBService.BeginUpload, UploadChunk), telling onUpload how many bytes went,
 * and returns the upload's ID for the import that reads it (KB, chat logs,
 * orders). begin starts another kind of upload (a report's image) whose
 * pieces go the same way.
 */
export async function upload(
  fileName: string,
  data: Uint8Array,
  onUpload: (sent: number, total: number) => void = () => {},
  begin: (req: app.BeginUploadRequest) => Promise<string> = KBService.BeginUpload,
): Promise<string> {
  const total = data.length
  const uploadId = await call(() => begin(wire<app.BeginUploadRequest>({ fileName, size: total })))
  for (let offset = 0; offset < total; offset += uploadChunkBytes) {
    const piece = await toBase64(data.subarray(offset, offset + uploadChunkBytes))
    await call(() => KBService.UploadChunk(wire<app.UploadChunkRequest>({ uploadId, offset, data: piece })))
    onUpload(Math.min(total, offset + uploadChunkBytes), total)
  }
  return uploadId
}

/** exportKB writes a shop's KB in a format to the export folder and returns the file's path. */
export async function exportKB(shopId: number, format: string, locale: string): Promise<ExportResult> {
  return toExportResult(await call(() => KBService.Export(wire<app.ExportRequest>({ shopId, format, locale }))))
}

/** template writes the import template of a format, explained in locale, to the export folder. */
export async function template(format: string, locale: string): Promise<ExportResult> {
  return toExportResult(await call(() => KBService.Template(wire<app.ExportRequest>({ shopId: 0, format, locale }))))
}

// 3 bytes make 4 base64 characters: chunks of a multiple of 3 bytes encode
// into pieces that join without padding in between.
const chunkBytes = 3 * 32 * 1024
// Between slices of this size the encoder lets the window breathe.
const sliceBytes = 32 * chunkBytes

/**
 * toBase64 encodes bytes as base64 in slices, yielding to the event loop
 * between them so that a 20 MB file does not freeze the window.
 */
export async function toBase64(bytes: Uint8Array): Promise<string> {
  const parts: string[] = []
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    const chunk = bytes.subarray(at, at + chunkBytes)
    let binary = ''
    for (let i = 0; i < chunk.length; i += 8192) {
      binary += String.fromCharCode(...chunk.subarray(i, i + 8192))
    }
    parts.push(btoa(binary))
    if ((at + chunkBytes) % sliceBytes === 0) {
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
  }
  return parts.join('')
}
