import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import * as api from '../api/buyer'
import type { Buyer, BuyerNotes, BuyerProfile } from '../api/buyer'
import { toAppError } from '../api/errors'
import type { AppError } from '../api/types'
import { latest } from './latest'

/** Where the latest save of the notes is. */
export type SaveState = 'idle' | 'saving' | 'saved' | 'error'

/** A save of another buyer's notes that failed after the panel moved on. */
export interface LostSave {
  buyerName: string
  notes: BuyerNotes
  buyerId: number
  error: AppError
}

function sameNotes(a: BuyerNotes, b: BuyerNotes): boolean {
  return a.note === b.note && a.followUp === b.followUp && a.tags.length === b.tags.length && a.tags.every((t, i) => t === b.tags[i])
}

function notesOf(b: Buyer): BuyerNotes {
  return { tags: [...b.tags], note: b.note, followUp: b.followUp }
}

/**
 * The buyer store holds what the buyer panel shows (CV-4): the profile of the
 * open conversation's buyer with its orders, and the agent's notes on that
 * buyer as edited (tags, note, follow-up flag). Notes are saved whole, one
 * save after the other; a save that fails keeps the edit on screen with its
 * error until it is saved, and a pending edit is saved before the panel
 * moves to another conversation.
 */
export const useBuyerStore = defineStore('buyer', () => {
  const conversationId = ref<number | null>(null)
  const profile = ref<BuyerProfile | null>(null)
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  const loads = latest()

  /** The notes as the agent is editing them, and as last saved. */
  const notes = ref<BuyerNotes>({ tags: [], note: '', followUp: false })
  const saved = ref<BuyerNotes>({ tags: [], note: '', followUp: false })
  const saveState = ref<SaveState>('idle')
  const saveError = ref<AppError | null>(null)
  const lost = ref<LostSave | null>(null)
  let queue: Promise<void> = Promise.resolve()

  const dirty = computed(() => profile.value !== null && !sameNotes(notes.value, saved.value))

  function show(p: BuyerProfile): void {
    profile.value = p
    notes.value = notesOf(p.buyer)
    saved.value = notesOf(p.buyer)
    saveState.value = 'idle'
    saveError.value = null
  }

  /**
   * load shows the buyer of a conversation (null: none). An unsaved edit of
   * the buyer shown so far is saved first; if that save fails, it is kept in
   * lost to say so and retry.
   */
  async function load(id: number | null): Promise<void> {
    if (id !== conversationId.value && dirty.value) {
      void save()
    }
    const ticket = loads.next()
    const moved = id !== conversationId.value
    conversationId.value = id
    error.value = null
    if (id === null) {
      profile.value = null
      loading.value = false
      return
    }
    if (moved) {
      profile.value = null
    }
    loading.value = true
    try {
      const p = await api.profile(id)
      if (!ticket.current()) {
        return
      }
      // A refresh keeps what the agent is editing.
      if (!moved && profile.value !== null && profile.value.buyer.id === p.buyer.id && (dirty.value || saveState.value === 'saving')) {
        profile.value = { ...p, buyer: { ...p.buyer, ...notes.value } }
      } else {
        show(p)
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

  async function saveOne(buyerId: number, buyerName: string, want: BuyerNotes): Promise<void> {
    const current = () => profile.value?.buyer.id === buyerId
    if (current()) {
      saveState.value = 'saving'
      saveError.value = null
    }
    try {
      const b = await api.updateBuyer(buyerId, want)
      if (lost.value?.buyerId === buyerId) {
        lost.value = null
      }
      if (!current() || profile.value === null) {
        return
      }
      const got = notesOf(b)
      saved.value = got
      profile.value = { ...profile.value, buyer: b }
      // The backend trims and deduplicates: show what it kept, unless the
      // agent has changed the notes again meanwhile.
      if (sameNotes(notes.value, want)) {
        notes.value = notesOf(b)
      }
      saveState.value = sameNotes(notes.value, saved.value) ? 'saved' : 'idle'
    } catch (err) {
      const e = toAppError(err)
      if (current()) {
        saveState.value = 'error'
        saveError.value = e
      } else {
        lost.value = { buyerId, buyerName, notes: want, error: e }
      }
    }
  }

  /**
   * save saves the notes as edited, after any save under way; nothing is
   * sent when they are as saved. It resolves when this save is done; its
   * outcome is in saveState and saveError.
   */
  function save(): Promise<void> {
    const p = profile.value
    if (p === null || (!dirty.value && saveState.value !== 'error')) {
      return queue
    }
    const want: BuyerNotes = { tags: [...notes.value.tags], note: notes.value.note, followUp: notes.value.followUp }
    queue = queue.then(() => saveOne(p.buyer.id, p.buyer.name || p.buyer.externalId, want))
    return queue
  }

  /** setTags and setFollowUp change the notes and save them at once. */
  function setTags(tags: string[]): Promise<void> {
    notes.value = { ...notes.value, tags }
    return save()
  }

  function setFollowUp(on: boolean): Promise<void> {
    notes.value = { ...notes.value, followUp: on }
    return save()
  }

  /** setNote changes the note being written; it is saved by save (on blur, Ctrl+S). */
  function setNote(note: string): void {
    notes.value = { ...notes.value, note }
    if (saveState.value === 'saved') {
      saveState.value = 'idle'
    }
  }

  /** retryLost saves again the other buyer's notes whose save failed. */
  function retryLost(): Promise<void> {
    const l = lost.value
    if (l === null) {
      return queue
    }
    queue = queue.then(() => saveOne(l.buyerId, l.buyerName, l.notes))
    return queue
  }

  /** updated takes a buyer's notes saved elsewhere, unless the agent is editing them here. */
  function updated(b: Buyer): void {
    const p = profile.value
    if (p === null || p.buyer.id !== b.id || dirty.value || saveState.value === 'saving' || sameNotes(notesOf(b), saved.value)) {
      // Not ours to show, being edited here, or our own save coming back.
      return
    }
    profile.value = { ...p, buyer: b }
    notes.value = notesOf(b)
    saved.value = notesOf(b)
  }

  return {
    conversationId,
    profile,
    loading,
    error,
    notes,
    saved,
    saveState,
    saveError,
    lost,
    dirty,
    load,
    save,
    setTags,
    setFollowUp,
    setNote,
    retryLost,
    updated,
  }
})
