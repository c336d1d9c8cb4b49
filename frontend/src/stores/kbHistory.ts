import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

import { toAppError } from '../api/errors'
import * as kb from '../api/kb'
import type { AppError, Change } from '../api/types'
import { useKBStore } from './kb'
import { latest } from './latest'

/**
 * The history store holds the changes of the entry open in the KB editor
 * (KB-7) and rolls them back. While the history is shown it follows the
 * entry: another entry, or a new version of this one, reloads it.
 *
 * It also holds the shown shop's deleted entries, each as the change that
 * deleted it, and restores them by rolling that change back. While they are
 * shown they follow the shop and its KB's revision.
 */
export const useKBHistoryStore = defineStore('kbHistory', () => {
  const editor = useKBStore()

  /** The changes, newest first. */
  const changes = ref<Change[]>([])
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  /** Whether the history is shown. */
  const shown = ref(false)
  const historyLoads = latest()

  /** The stored entry the history is of; 0 for none (nothing open, or a new entry). */
  function entryId(): number {
    return editor.selectedId ?? 0
  }

  async function load(): Promise<void> {
    const id = entryId()
    const ticket = historyLoads.next()
    if (id === 0) {
      changes.value = []
      loading.value = false
      return
    }
    loading.value = true
    error.value = null
    try {
      const h = await kb.history(id)
      if (ticket.current()) {
        changes.value = h
      }
    } catch (err) {
      if (ticket.current()) {
        error.value = toAppError(err)
      }
    } finally {
      if (ticket.current()) {
        loading.value = false
      }
    }
  }

  function show(on: boolean): void {
    shown.value = on && entryId() !== 0
    if (shown.value) {
      void load()
    }
  }

  watch(
    () => [editor.selectedId, editor.original?.version] as const,
    ([id], [before]) => {
      if (id !== before) {
        changes.value = []
        error.value = null
      }
      if (entryId() === 0) {
        shown.value = false
      } else if (shown.value) {
        void load()
      }
    },
  )

  /**
   * rollback undoes a change of the open entry, dropping unsaved changes (the
   * caller has asked), and shows the entry as it now is: gone when the
   * change undone had brought it into being. It rejects with an AppError.
   */
  async function rollback(changeId: number): Promise<void> {
    const id = entryId()
    await kb.rollback(changeId)
    editor.touch()
    if (id === 0) {
      return
    }
    try {
      editor.showStored(await kb.entry(id))
      await load()
    } catch (err) {
      if (toAppError(err).kind !== 'not_found') {
        throw err
      }
      editor.close()
    }
  }

  // ——— The shop's deleted entries ———
  /** The changes that deleted the shop's entries, newest first; before holds each entry as it was. */
  const deleted = ref<Change[]>([])
  const deletedLoading = ref(false)
  const deletedError = ref<AppError | null>(null)
  /** Whether the deleted entries are shown. */
  const deletedShown = ref(false)
  /** The change being rolled back to restore its entry; 0 for none. */
  const restoring = ref(0)
  const deletedLoads = latest()

  async function loadDeleted(): Promise<void> {
    const shopId = editor.shopId
    const ticket = deletedLoads.next()
    if (shopId === null) {
      deleted.value = []
      deletedLoading.value = false
      return
    }
    deletedLoading.value = true
    deletedError.value = null
    try {
      const d = await kb.deleted(shopId)
      if (ticket.current()) {
        deleted.value = d
      }
    } catch (err) {
      if (ticket.current()) {
        deletedError.value = toAppError(err)
      }
    } finally {
      if (ticket.current()) {
        deletedLoading.value = false
      }
    }
  }

  function showDeleted(on: boolean): void {
    deletedShown.value = on && editor.shopId !== null
    if (deletedShown.value) {
      void loadDeleted()
    }
  }

  watch(
    () => editor.shopId,
    () => {
      deleted.value = []
      deletedError.value = null
    },
  )
  // A save, deletion, rollback or import, here or elsewhere, moves the revision.
  watch(
    () => [editor.shopId, editor.revision] as const,
    () => {
      if (deletedShown.value && restoring.value === 0) {
        void loadDeleted()
      }
    },
  )

  /**
   * restore brings a deleted entry back, with its old ID, by rolling back the
   * change that deleted it; the list, the hit test and the deleted entries
   * are refreshed. It returns the entry's ID and rejects with an AppError
   * (error.kb_duplicate when the shop has its question again).
   */
  async function restore(changeId: number): Promise<number> {
    if (restoring.value !== 0) {
      return 0
    }
    const c = deleted.value.find((d) => d.id === changeId)
    restoring.value = changeId
    try {
      const done = await kb.rollback(changeId)
      editor.touch()
      await loadDeleted()
      return c?.entryId ?? done.entryId
    } finally {
      restoring.value = 0
    }
  }

  return {
    changes,
    loading,
    error,
    shown,
    load,
    show,
    rollback,
    deleted,
    deletedLoading,
    deletedError,
    deletedShown,
    restoring,
    loadDeleted,
    showDeleted,
    restore,
  }
})
