import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { toAppError } from '../api/errors'
import * as history from '../api/history'
import type { ChatImportResult, HistoryExportRequest, HistoryExportResult, HistoryImportKind, OrderImportResult } from '../api/history'
import type { AppError } from '../api/types'
import { latest } from './latest'

/** The largest file the backend reads (chatfile.MaxFileBytes). */
export const maxImportBytes = 20 << 20

const importExts = ['csv', 'xlsx', 'json']

export interface HistoryImportJob {
  kind: HistoryImportKind
  fileName: string
  /** upload: sending the file; write: the backend checks and stores it; done. */
  stage: 'upload' | 'write' | 'done'
  sent: number
  total: number
  running: boolean
}

/** localDate formats a day as "2026-11-21" in the window's (the desk's) time zone. */
export function localDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/**
 * The history store exports the chat history by shop and date range (CV-5)
 * and imports past chat logs and orders from files (CV-7c), keeping the last
 * result or error of each for the dialog.
 */
export const useHistoryStore = defineStore('history', () => {
  const exporting = ref(false)
  const exportResult = ref<HistoryExportResult | null>(null)
  const exportError = ref<AppError | null>(null)

  const importJob = ref<HistoryImportJob | null>(null)
  // Numbers imports, so that a late progress report of an old one is dropped.
  const imports = latest()
  const chatResult = ref<ChatImportResult | null>(null)
  const orderResult = ref<OrderImportResult | null>(null)
  const importError = ref<AppError | null>(null)
  const importing = computed(() => importJob.value?.running === true)
  const importPercent = computed(() => {
    const j = importJob.value
    if (j === null) {
      return 0
    }
    if (j.stage === 'done') {
      return 100
    }
    // The upload is most of the wait; checking and storing the rest.
    return j.total > 0 ? Math.round((j.sent / j.total) * 90) : 0
  })

  /** exportHistory writes a file; its path and counts, or the error, are kept. */
  async function exportHistory(req: HistoryExportRequest): Promise<void> {
    if (exporting.value) {
      return
    }
    exporting.value = true
    exportResult.value = null
    exportError.value = null
    try {
      exportResult.value = await history.exportHistory(req)
    } catch (err) {
      exportError.value = toAppError(err)
    } finally {
      exporting.value = false
    }
  }

  /**
   * importFile imports a chat-log or order file into a shop. A file of
   * another kind or too large is refused here without being read.
   */
  async function importFile(kind: HistoryImportKind, shopId: number, file: File): Promise<void> {
    if (importing.value) {
      return
    }
    chatResult.value = null
    orderResult.value = null
    importError.value = null
    importJob.value = null
    const ext = file.name.includes('.') ? (file.name.toLowerCase().split('.').pop() ?? '') : ''
    if (!importExts.includes(ext)) {
      importError.value = { kind: 'invalid', key: 'error.history_file_format', message: `${file.name} is not a csv, xlsx or json file` }
      return
    }
    if (file.size > maxImportBytes) {
      importError.value = { kind: 'invalid', key: 'error.history_file_too_big', message: 'the file is larger than 20 MB' }
      return
    }
    const ticket = imports.next()
    const job: HistoryImportJob = { kind, fileName: file.name, stage: 'upload', sent: 0, total: file.size, running: true }
    importJob.value = job
    const progress = (sent: number, total: number) => {
      if (ticket.current() && importJob.value !== null) {
        importJob.value = { ...importJob.value, sent, total, stage: sent >= total ? 'write' : 'upload' }
      }
    }
    try {
      const data = new Uint8Array(await file.arrayBuffer())
      if (kind === 'chats') {
        chatResult.value = await history.importChats(shopId, file.name, data, progress)
      } else {
        orderResult.value = await history.importOrders(shopId, file.name, data, progress)
      }
      importJob.value = { ...(importJob.value ?? job), stage: 'done', running: false }
    } catch (err) {
      importError.value = toAppError(err)
      importJob.value = { ...(importJob.value ?? job), running: false }
    }
  }

  /** clear forgets the last results, so the dialog opens afresh. */
  function clear(): void {
    if (!importing.value) {
      importJob.value = null
      chatResult.value = null
      orderResult.value = null
      importError.value = null
    }
    if (!exporting.value) {
      exportResult.value = null
      exportError.value = null
    }
  }

  return {
    exporting,
    exportResult,
    exportError,
    importJob,
    chatResult,
    orderResult,
    importError,
    importing,
    importPercent,
    exportHistory,
    importFile,
    clear,
  }
})
