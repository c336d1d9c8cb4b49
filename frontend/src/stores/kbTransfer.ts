import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { toAppError } from '../api/errors'
import * as events from '../api/events'
import * as kb from '../api/kb'
import type { AppError, ExportResult, ImportPhase, ImportResult } from '../api/types'
import { i18n } from '../i18n'
import { useKBStore } from './kb'

/** Where an import is: preparing the file here, then the backend's phases. */
export type ImportStage = 'prepare' | 'upload' | ImportPhase

export interface ImportJob {
  jobId: string
  fileName: string
  stage: ImportStage
  done: number
  total: number
  running: boolean
}

function newJobId(): string {
  try {
    return crypto.randomUUID()
  } catch {
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
  }
}

/** The error of a file the window refuses before sending it. */
function fileError(key: string, message: string): AppError {
  return { kind: 'invalid', key, message }
}

/**
 * The transfer store moves KB content in and out of the shop the KB editor
 * shows: imports with their progress (KB-5), exports and templates, copies
 * to another shop (KB-3), and the shop's synonyms.
 */
export const useKBTransferStore = defineStore('kbTransfer', () => {
  const editor = useKBStore()

  const importJob = ref<ImportJob | null>(null)
  const importResult = ref<ImportResult | null>(null)
  const importError = ref<AppError | null>(null)
  const importing = computed(() => importJob.value?.running === true)
  /** How far the writing is, in percent; 0 before it starts. */
  const importPercent = computed(() => {
    const j = importJob.value
    if (j === null) {
      return 0
    }
    if (j.stage === 'done') {
      return 100
    }
    return (j.stage === 'write' || j.stage === 'upload') && j.total > 0 ? Math.round((j.done / j.total) * 100) : 0
  })

  /** clearImport forgets a finished import, so the dialog starts afresh. */
  function clearImport(): void {
    if (!importing.value) {
      importJob.value = null
      importResult.value = null
      importError.value = null
    }
  }

  /**
   * importFile imports a file into the shown shop, following its progress
   * through the kb:import events of its job for as long as it runs. The
   * result, or the error (with rows for a refused file), is kept in
   * importResult or importError. A file larger than the backend takes, or of
   * another kind, is refused here without being read.
   */
  async function importFile(file: File): Promise<void> {
    const shopId = editor.shopId
    if (importing.value || shopId === null) {
      return
    }
    importResult.value = null
    importError.value = null
    importJob.value = null
    const max = editor.meta?.maxFileBytes ?? 0
    if (max > 0 && file.size > max) {
      importError.value = fileError('error.kb_file_too_big', `the file is larger than ${max} bytes`)
      return
    }
    const formats = editor.meta?.formats ?? ['xlsx', 'csv', 'json']
    const ext = file.name.includes('.') ? (file.name.toLowerCase().split('.').pop() ?? '') : ''
    if (!formats.includes(ext)) {
      importError.value = fileError('error.kb_file_format', `${file.name} is not an ${formats.join(', ')} file`)
      return
    }
    const job: ImportJob = { jobId: newJobId(), fileName: file.name, stage: 'prepare', done: 0, total: 0, running: true }
    importJob.value = job
    const mine = () => importJob.value?.jobId === job.jobId
    // Events may trail the call's answer; those of a finished job are dropped.
    const stop = events.onKBImport((p) => {
      if (p.jobId === job.jobId && mine() && importJob.value?.running) {
        importJob.value = { ...importJob.value, stage: p.phase, done: p.done, total: p.total }
      }
    })
    try {
      const data = new Uint8Array(await file.arrayBuffer())
      importResult.value = await kb.importFile({ shopId, fileName: file.name, data, jobId: job.jobId }, (sent, total) => {
        if (mine() && importJob.value?.running && importJob.value.stage !== 'read') {
          importJob.value = { ...importJob.value, stage: 'upload', done: sent, total }
        }
      })
      if (mine() && importJob.value) {
        importJob.value = { ...importJob.value, stage: 'done' }
      }
      if (shopId === editor.shopId) {
        editor.touch()
      }
    } catch (err) {
      importError.value = toAppError(err)
    } finally {
      stop()
      if (mine() && importJob.value) {
        importJob.value = { ...importJob.value, running: false }
      }
    }
  }

  /** exportKB writes the shown shop's KB in a format and returns where; it rejects with an AppError. */
  function exportKB(format: string): Promise<ExportResult> {
    return kb.exportKB(editor.shopId ?? 0, format, i18n.global.locale.value)
  }

  /** template writes the import template of a format and returns where; it rejects with an AppError. */
  function template(format: string): Promise<ExportResult> {
    return kb.template(format, i18n.global.locale.value)
  }

  /**
   * copyTo copies the ticked entries, or the whole KB when all is true, to
   * another shop, and unticks them. It rejects with an AppError.
   */
  async function copyTo(toShopId: number, all: boolean): Promise<ImportResult> {
    const res = await kb.copyEntries({
      fromShopId: editor.shopId ?? 0,
      toShopId,
      entryIds: all ? [] : [...editor.checked],
    })
    if (!all) {
      editor.clearChecked()
    }
    return res
  }

  /** synonyms returns the shown shop's synonym groups; it rejects with an AppError. */
  function synonyms(): Promise<string[][]> {
    return kb.synonyms(editor.shopId ?? 0)
  }

  /**
   * saveSynonyms replaces them and returns them cleaned; the hit test runs
   * again with them. It rejects with an AppError.
   */
  async function saveSynonyms(groups: string[][]): Promise<string[][]> {
    const clean = await kb.saveSynonyms(editor.shopId ?? 0, groups)
    editor.revision++
    return clean
  }

  return {
    importJob,
    importResult,
    importError,
    importing,
    importPercent,
    clearImport,
    importFile,
    exportKB,
    template,
    copyTo,
    synonyms,
    saveSynonyms,
  }
})
