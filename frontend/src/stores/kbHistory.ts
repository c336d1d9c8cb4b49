import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

import { toAppError } from '../api/errors'
import * as kb from '../api/kb'
import type { AppError, Change } from '../api/types'
import { useKBStore } from './kb'

/**
 * The history store holds the changes of the entry open in the KB editor
 * (KB-7) and rolls them back. While the history is shown it follows the
 * entry: another entry, or a new version of this one, reloads it.
 */
export const useKBHistoryStore = defineStore('kbHistory', () => {
  const editor = useKBStore()

  /** The changes, newest first. */
  const changes = ref<Change[]>([])
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  /** Whether the history is shown. */
  const shown = ref(false)
  let seq = 0

  /** The stored entry the history is of; 0 for none (nothing open, or a new entry). */
  function entryId(): number {
    return editor.selectedId ?? 0
  }

  async function load(): Promise<void> {
    const id = entryId()
    const mine = ++seq
    if (id === 0) {
      changes.value = []
      loading.value = false
      return
    }
    loading.value = true
    error.value = null
    try {
      const h = await kb.history(id)
      if (mine === seq) {
        changes.value = h
      }
    } catch (err) {
      if (mine === seq) {
        error.value = toAppError(err)
      }
    } finally {
      if (mine === seq) {
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

  return { changes, loading, error, shown, load, show, rollback }
})
