// The chat history's service (CV-5 export, CV-7c import). Wraps the bindings
// of app.HistoryService; files to import travel through KBService's chunked
// upload. Every function rejects with an AppError.
import * as HistoryService from '../../wailsjs/go/app/HistoryService'
import type { app } from '../../wailsjs/go/models'
import { call } from './errors'
import { upload } from './kb'

/** The formats an export is written in. */
export const historyFormats = ['csv', 'xlsx', 'json'] as const
export type HistoryFormat = (typeof historyFormats)[number]

/** What kind of file an import reads. */
export type HistoryImportKind = 'chats' | 'orders'

export interface HistoryExportRequest {
  /** 0 exports every shop. */
  shopId: number
  /** First and last day, "2026-11-01", in the desk's local time, both included. */
  from: string
  to: string
  format: HistoryFormat
}

export interface HistoryExportResult {
  path: string
  conversations: number
  messages: number
}

export interface ChatImportResult {
  conversations: number
  messages: number
  skipped: number
  buyers: number
}

export interface OrderImportResult {
  created: number
  updated: number
  buyers: number
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {}
}

/** exportHistory writes the messages of a shop and date range to the export folder. */
export async function exportHistory(req: HistoryExportRequest): Promise<HistoryExportResult> {
  const r = rec(await call(() => HistoryService.Export(req as unknown as app.HistoryExportRequest)))
  return { path: typeof r.path === 'string' ? r.path : '', conversations: num(r.conversations), messages: num(r.messages) }
}

/**
 * importChats imports a chat-log file (CSV, xlsx or JSON) into a shop as
 * closed history. A file with bad rows rejects with key
 * error.history_invalid_rows and rows, and changes nothing.
 */
export async function importChats(
  shopId: number,
  fileName: string,
  data: Uint8Array,
  onUpload: (sent: number, total: number) => void = () => {},
): Promise<ChatImportResult> {
  const uploadId = await upload(fileName, data, onUpload)
  const r = rec(await call(() => HistoryService.ImportChats({ shopId, uploadId } as app.HistoryImportRequest)))
  return { conversations: num(r.conversations), messages: num(r.messages), skipped: num(r.skipped), buyers: num(r.buyers) }
}

/** importOrders imports an order file into a shop; it rejects as importChats does. */
export async function importOrders(
  shopId: number,
  fileName: string,
  data: Uint8Array,
  onUpload: (sent: number, total: number) => void = () => {},
): Promise<OrderImportResult> {
  const uploadId = await upload(fileName, data, onUpload)
  const r = rec(await call(() => HistoryService.ImportOrders({ shopId, uploadId } as app.HistoryImportRequest)))
  return { created: num(r.created), updated: num(r.updated), buyers: num(r.buyers) }
}
