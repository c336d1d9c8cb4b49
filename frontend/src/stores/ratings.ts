import { defineStore } from 'pinia'
import { shallowRef, triggerRef } from 'vue'

import type { Rating } from '../api/reception'

/** The most ratings kept; past it the oldest go (their replies show none until reopened). */
export const maxRatings = 20_000

/**
 * The ratings store keeps buyers' ratings (RB-7) the window has seen: those
 * of each opened conversation and those pushed in desk batches. The chat
 * shows a robot reply's rating under it and the session's in its header.
 */
export const useRatingsStore = defineStore('ratings', () => {
  // Plain maps behind shallow refs, changed in place and triggered (as decisions).
  const byReply = shallowRef(new Map<number, Rating>())
  const bySession = shallowRef(new Map<number, Rating>())

  /** add keeps ratings; a reply or session rated again keeps the newest. */
  function add(list: readonly Rating[]): void {
    if (list.length === 0) {
      return
    }
    for (const r of list) {
      const m = r.replyId > 0 ? byReply.value : bySession.value
      const key = r.replyId > 0 ? r.replyId : r.conversationId
      m.delete(key)
      m.set(key, r)
    }
    for (const m of [byReply.value, bySession.value]) {
      for (const key of m.keys()) {
        if (m.size <= maxRatings) {
          break
        }
        m.delete(key)
      }
    }
    triggerRef(byReply)
    triggerRef(bySession)
  }

  /** ofReply returns the buyer's rating of a robot reply; null for none. */
  function ofReply(messageId: number): Rating | null {
    return byReply.value.get(messageId) ?? null
  }

  /** ofSession returns the buyer's rating of a conversation; null for none. */
  function ofSession(conversationId: number): Rating | null {
    return bySession.value.get(conversationId) ?? null
  }

  return { add, ofReply, ofSession }
})
