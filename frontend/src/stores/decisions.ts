import { defineStore } from 'pinia'
import { shallowRef, triggerRef } from 'vue'

import type { DecisionRecord } from '../api/reception'
import type { Message } from '../api/types'

/** The most decisions kept; past it the oldest go (their messages show no tag until reopened). */
export const maxDecisions = 20_000

/**
 * The decisions store keeps reception's decisions on buyer messages (AS-5 –
 * AS-9) that the window has seen: those of each opened conversation and
 * those pushed in desk batches. The chat shows them on the buyer message
 * decided and on the automatic reply it sent.
 */
export const useDecisionsStore = defineStore('decisions', () => {
  // Plain maps behind shallow refs, changed in place and triggered: a busy
  // desk pushes many decisions, and the chat reads only a few.
  const byMessage = shallowRef(new Map<number, DecisionRecord>())
  const byReply = shallowRef(new Map<number, DecisionRecord>())

  /** add keeps decisions; a message decided again (it never is, but a replay may come) keeps the newest. */
  function add(list: readonly DecisionRecord[]): void {
    if (list.length === 0) {
      return
    }
    for (const d of list) {
      byMessage.value.delete(d.messageId)
      byMessage.value.set(d.messageId, d)
      if (d.replyId > 0) {
        byReply.value.set(d.replyId, d)
      }
    }
    // A Map iterates in insertion order: the first keys are the oldest.
    for (const [id, d] of byMessage.value) {
      if (byMessage.value.size <= maxDecisions) {
        break
      }
      byMessage.value.delete(id)
      byReply.value.delete(d.replyId)
    }
    triggerRef(byMessage)
    triggerRef(byReply)
  }

  /**
   * of returns the decision a message shows: for a buyer message the one
   * made on it, for an automatic reply the one that sent it; null for
   * others and for messages not decided (yet).
   */
  function of(m: Message): DecisionRecord | null {
    if (m.sender === 'buyer') {
      return byMessage.value.get(m.id) ?? null
    }
    if (m.sender === 'assist' || m.sender === 'robot') {
      return byReply.value.get(m.id) ?? null
    }
    return null
  }

  return { add, of }
})
