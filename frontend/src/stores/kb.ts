import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { toAppError } from '../api/errors'
import * as kb from '../api/kb'
import type { AppError, EnabledFilter, Entry, FieldError, KBChangedEvent, KBMeta, ListedEntry } from '../api/types'
import { overLimit } from '../kb/answers'
import { blankEntry, cloneEntry, sameEntry, toFormFields, toPayload } from '../kb/fields'
import { latest } from './latest'

/** The page sizes the list offers; the first is the default. */
export const pageSizes = [50, 100, 200] as const

/** How long typing in the search box must pause before the list is filtered, in ms. */
export const searchDelay = 250

/** How long after a kb:changed event the list is refreshed, so that a burst makes one refresh, in ms. */
export const changedDelay = 150

/** The category of a new entry when the list is not filtered by one. */
export const defaultCategory = 'other'

/**
 * The KB store holds the knowledge-base editor (KB-2, KB-6): the shop
 * shown, the filtered page of its entries, the entry being edited with its
 * unsaved changes and field errors. The hit test (kbHitTest.ts), the open
 * entry's history (kbHistory.ts) and the files and copies (kbTransfer.ts)
 * have their own stores, which follow this one.
 */
export const useKBStore = defineStore('kb', () => {
  // ——— What the editor offers ———
  const meta = ref<KBMeta | null>(null)
  const metaError = ref<AppError | null>(null)

  async function loadMeta(): Promise<void> {
    metaError.value = null
    try {
      meta.value = await kb.meta()
    } catch (err) {
      metaError.value = toAppError(err)
    }
  }

  // ——— The list ———
  const shopId = ref<number | null>(null)
  const query = ref('')
  const category = ref('')
  const enabled = ref<EnabledFilter>('')
  const page = ref(1)
  const pageSize = ref<number>(pageSizes[0])
  const entries = ref<ListedEntry[]>([])
  const total = ref(0)
  const listLoading = ref(false)
  const listLoaded = ref(false)
  const listError = ref<AppError | null>(null)
  /** How many entries the shop has, whatever the filters; null until known. */
  const shopTotal = ref<number | null>(null)
  /** The entries ticked for a copy to another shop, across pages. */
  const checked = ref<Set<number>>(new Set())
  const listLoads = latest()
  let searchTimer: ReturnType<typeof setTimeout> | undefined

  /**
   * revision counts the changes to the shown shop's KB, made here or
   * elsewhere; what depends on the KB (the hit test) follows it.
   */
  const revision = ref(0)

  /** touch says the KB changed, and refreshes the list. */
  function touch(): void {
    revision.value++
    void loadList()
  }

  const filtered = computed(() => query.value.trim() !== '' || category.value !== '' || enabled.value !== '')
  const pageCount = computed(() => Math.max(1, Math.ceil(total.value / pageSize.value)))

  /**
   * loadList fetches the current page. Only the answer to the latest request
   * is kept; the rows on screen stay until it arrives. A page past the end
   * (the last entries of the last page were deleted) moves to the last page.
   */
  async function loadList(): Promise<void> {
    clearTimeout(searchTimer)
    if (shopId.value === null) {
      return
    }
    const ticket = listLoads.next()
    listLoading.value = true
    try {
      const p = await kb.entries({
        shopId: shopId.value,
        query: query.value.trim(),
        category: category.value,
        enabled: enabled.value,
        offset: (page.value - 1) * pageSize.value,
        limit: pageSize.value,
      })
      if (!ticket.current()) {
        return
      }
      entries.value = p.entries
      total.value = p.total
      listError.value = null
      listLoaded.value = true
      if (filtered.value) {
        void countShop(shopId.value)
      } else {
        shopTotal.value = p.total
      }
      if (p.entries.length === 0 && p.total > 0 && page.value > 1) {
        page.value = Math.max(1, Math.ceil(p.total / pageSize.value))
        void loadList()
      }
    } catch (err) {
      if (ticket.current()) {
        listError.value = toAppError(err)
      }
    } finally {
      if (ticket.current()) {
        listLoading.value = false
      }
    }
  }

  /** countShop learns how many entries a shop has while the list is filtered. */
  async function countShop(id: number): Promise<void> {
    try {
      const p = await kb.entries({ shopId: id, query: '', category: '', enabled: '', offset: 0, limit: 1 })
      if (id === shopId.value) {
        shopTotal.value = p.total
      }
    } catch {
      // The count is a nicety: without it the header shows the filtered total only.
    }
  }

  /** setQuery filters the list by text once the typing pauses for searchDelay. */
  function setQuery(q: string): void {
    query.value = q
    clearTimeout(searchTimer)
    searchTimer = setTimeout(() => {
      page.value = 1
      void loadList()
    }, searchDelay)
  }

  function setCategory(c: string): void {
    category.value = c
    page.value = 1
    void loadList()
  }

  function setEnabled(e: EnabledFilter): void {
    enabled.value = e
    page.value = 1
    void loadList()
  }

  function clearFilters(): void {
    query.value = ''
    category.value = ''
    enabled.value = ''
    page.value = 1
    void loadList()
  }

  function setPage(p: number): void {
    page.value = Math.min(Math.max(1, p), pageCount.value)
    void loadList()
  }

  function setPageSize(n: number): void {
    pageSize.value = n
    page.value = 1
    void loadList()
  }

  function toggleChecked(id: number, on: boolean): void {
    const next = new Set(checked.value)
    if (on) {
      next.add(id)
    } else {
      next.delete(id)
    }
    checked.value = next
  }

  function setPageChecked(on: boolean): void {
    const next = new Set(checked.value)
    for (const e of entries.value) {
      if (on) {
        next.add(e.id)
      } else {
        next.delete(e.id)
      }
    }
    checked.value = next
  }

  function clearChecked(): void {
    checked.value = new Set()
  }

  /**
   * setShop shows another shop's KB: the list starts again from its first
   * page, with nothing selected or ticked. The caller has dealt with unsaved
   * changes.
   */
  function setShop(id: number): void {
    if (id === shopId.value) {
      return
    }
    shopId.value = id
    page.value = 1
    entries.value = []
    total.value = 0
    shopTotal.value = null
    listLoaded.value = false
    listError.value = null
    clearChecked()
    close()
    void loadList()
  }

  // ——— The entry being edited ———
  /** The entry open in the editor: its id, 0 for a new one, null for none. */
  const selectedId = ref<number | null>(null)
  /** The entry as loaded or last saved; the draft is compared with it. */
  const original = ref<Entry | null>(null)
  const draft = ref<Entry | null>(null)
  const entryLoading = ref(false)
  const entryError = ref<AppError | null>(null)
  const saving = ref(false)
  const saveError = ref<AppError | null>(null)
  /** The problems of the last save, with the form's indexes. */
  const fieldErrors = ref<FieldError[]>([])
  const entryLoads = latest()

  const dirty = computed(() => draft.value !== null && original.value !== null && !sameEntry(draft.value, original.value))
  const conflict = computed(() => saveError.value?.key === 'error.kb_conflict')

  function edit(e: Entry): void {
    original.value = cloneEntry(e)
    draft.value = cloneEntry(e)
    fieldErrors.value = []
    saveError.value = null
  }

  /** close empties the editor, dropping unsaved changes. */
  function close(): void {
    entryLoads.drop()
    selectedId.value = null
    original.value = null
    draft.value = null
    entryLoading.value = false
    entryError.value = null
    saveError.value = null
    fieldErrors.value = []
  }

  /**
   * open loads an entry into the editor, dropping unsaved changes (the
   * caller has asked). The list's copy is shown at once and replaced by the
   * stored entry when it arrives.
   */
  async function open(id: number): Promise<void> {
    const ticket = entryLoads.next()
    selectedId.value = id
    entryError.value = null
    const listed = entries.value.find((e) => e.id === id)
    if (listed) {
      edit(listed)
    } else {
      original.value = null
      draft.value = null
    }
    entryLoading.value = true
    try {
      const e = await kb.entry(id)
      if (ticket.current()) {
        edit(e)
      }
    } catch (err) {
      if (ticket.current()) {
        entryError.value = toAppError(err)
      }
    } finally {
      if (ticket.current()) {
        entryLoading.value = false
      }
    }
  }

  /** reload fetches the open entry again, dropping unsaved changes (after a conflict). */
  function reload(): Promise<void> {
    return selectedId.value === null || selectedId.value === 0 ? Promise.resolve() : open(selectedId.value)
  }

  /** startNew opens a blank entry in the editor, of the category the list is filtered by. */
  function startNew(): void {
    if (shopId.value === null) {
      return
    }
    entryLoads.drop()
    selectedId.value = 0
    entryLoading.value = false
    entryError.value = null
    edit(blankEntry(shopId.value, category.value || defaultCategory))
  }

  /**
   * showStored puts an entry as stored in the editor, dropping unsaved
   * changes (the caller has asked): after a rollback.
   */
  function showStored(e: Entry): void {
    if (selectedId.value === e.id) {
      entryLoads.drop()
      entryLoading.value = false
      entryError.value = null
      edit(e)
    }
  }

  /** revert puts the draft back to the entry as loaded. */
  function revert(): void {
    if (original.value !== null) {
      draft.value = cloneEntry(original.value)
      fieldErrors.value = []
      saveError.value = null
    }
  }

  /**
   * clearFieldErrors forgets the errors of a field once it is edited, with
   * those of its parts ("answers" and "answers[1].text") unless exact.
   */
  function clearFieldErrors(field: string, exact = false): void {
    const mine = (f: string) => f === field || (!exact && (f.startsWith(`${field}[`) || f.startsWith(`${field}.`)))
    const next = fieldErrors.value.filter((f) => !mine(f.field))
    if (next.length !== fieldErrors.value.length) {
      fieldErrors.value = next
    }
  }

  /**
   * save stores the draft and returns whether it was saved. A refused entry
   * keeps the draft and sets fieldErrors with the form's indexes; an entry
   * changed meanwhile sets conflict. On success the list is refreshed and
   * the revision moves, so that the hit test runs again
   * are refreshed so the change shows at once.
   */
  async function save(): Promise<boolean> {
    const d = draft.value
    if (d === null || saving.value) {
      return false
    }
    const max = meta.value?.maxAnswersEach ?? 0
    const over = max > 0 ? overLimit(d.answers, max) : []
    if (over.length > 0) {
      fieldErrors.value = [{ field: 'answers', key: 'kb_too_many_answers', detail: `more than ${max} answers for one condition` }]
      saveError.value = null
      return false
    }
    const payload = toPayload(d)
    saving.value = true
    saveError.value = null
    try {
      const saved = await kb.saveEntry(payload.entry)
      if (draft.value === d) {
        entryLoads.drop()
        selectedId.value = saved.id
        edit(saved)
      }
      touch()
      return true
    } catch (err) {
      const e = toAppError(err)
      saveError.value = e
      if (e.fields !== undefined) {
        fieldErrors.value = toFormFields(e.fields, payload)
      } else if (e.key === 'error.kb_duplicate') {
        fieldErrors.value = [{ field: 'question', key: 'kb_duplicate', detail: e.message }]
      } else {
        fieldErrors.value = []
      }
      return false
    } finally {
      saving.value = false
    }
  }

  /**
   * remove deletes the open entry and returns its id, to undo with
   * undoDelete. It rejects with an AppError.
   */
  async function remove(): Promise<number> {
    const id = selectedId.value
    if (id === null || id === 0) {
      return 0
    }
    await kb.deleteEntry(id)
    close()
    toggleChecked(id, false)
    touch()
    return id
  }

  /** undoDelete brings a deleted entry back by rolling back its deletion, and opens it. */
  async function undoDelete(id: number): Promise<void> {
    const changes = await kb.history(id)
    const deletion = changes.find((c) => c.action === 'delete')
    if (deletion === undefined) {
      throw { kind: 'not_found', key: 'error.not_found', message: 'the deletion is not in the history' } satisfies AppError
    }
    await kb.rollback(deletion.id)
    touch()
    await open(id)
  }

  /**
   * setEnabled switches an entry on or off from the list, keeping the rest
   * of it. It rejects with an AppError (a conflict when it changed meanwhile).
   */
  async function setEntryEnabled(e: ListedEntry, on: boolean): Promise<void> {
    const saved = await kb.saveEntry({ ...cloneEntry(e), enabled: on })
    const i = entries.value.findIndex((x) => x.id === e.id)
    if (i >= 0) {
      entries.value[i] = { ...saved, stats: e.stats }
    }
    if (selectedId.value === e.id && !dirty.value) {
      edit(saved)
    } else if (selectedId.value === e.id && original.value) {
      // Keep the agent's changes; the next save must not fail on the version.
      original.value = { ...original.value, enabled: saved.enabled, version: saved.version }
      if (draft.value) {
        draft.value.version = saved.version
      }
    }
    revision.value++
  }

  // ——— Changes made elsewhere ———
  let changedTimer: ReturnType<typeof setTimeout> | undefined

  /**
   * changed handles kb:changed: when the shown shop's KB changed (an import,
   * another window, this one), the list is refreshed, the revision moves and
   * an open entry without unsaved changes is reloaded. A burst of events
   * makes one refresh.
   */
  function changed(e: KBChangedEvent): void {
    if (e.shopId !== shopId.value) {
      return
    }
    clearTimeout(changedTimer)
    changedTimer = setTimeout(() => {
      touch()
      const id = selectedId.value
      if (id !== null && id !== 0 && !dirty.value && !saving.value && !entryLoading.value) {
        void refreshOpen(id)
      }
    }, changedDelay)
  }

  /** refreshOpen quietly replaces the open, unchanged entry by its stored version. */
  async function refreshOpen(id: number): Promise<void> {
    const ticket = entryLoads.ticket()
    try {
      const e = await kb.entry(id)
      if (ticket.current() && selectedId.value === id && !dirty.value && (original.value?.version ?? 0) !== e.version) {
        edit(e)
      }
    } catch (err) {
      if (ticket.current() && selectedId.value === id && !dirty.value && toAppError(err).kind === 'not_found') {
        close()
      }
    }
  }

  return {
    meta,
    metaError,
    loadMeta,
    shopId,
    query,
    category,
    enabled,
    page,
    pageSize,
    pageCount,
    entries,
    total,
    shopTotal,
    revision,
    touch,
    filtered,
    listLoading,
    listLoaded,
    listError,
    checked,
    loadList,
    setQuery,
    setCategory,
    setEnabled,
    clearFilters,
    setPage,
    setPageSize,
    toggleChecked,
    setPageChecked,
    clearChecked,
    setShop,
    selectedId,
    original,
    draft,
    dirty,
    conflict,
    entryLoading,
    entryError,
    saving,
    saveError,
    fieldErrors,
    open,
    reload,
    showStored,
    close,
    startNew,
    revert,
    clearFieldErrors,
    save,
    remove,
    undoDelete,
    setEntryEnabled,
    changed,
  }
})
