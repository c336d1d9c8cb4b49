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
  const byNotice = shallowRef(new Map<number, DecisionRecord>())

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
      if (d.noticeId > 0 && d.notice !== null) {
        byNotice.value.set(d.noticeId, d)
      }
    }
    // A Map iterates in insertion order: the first keys are the oldest.
    for (const [id, d] of byMessage.value) {
      if (byMessage.value.size <= maxDecisions) {
        break
      }
      byMessage.value.delete(id)
      byReply.value.delete(d.replyId)
      byNotice.value.delete(d.noticeId)
    }
    triggerRef(byMessage)
    triggerRef(byReply)
    triggerRef(byNotice)
  }

  /**
   * of returns the decision a message shows: for a buyer message the one
   * made on it, for an automatic reply the one that sent it, for a system
   * note the one that wrote it (its notice words the note); null for
   * others and for messages not decided (yet).
   */
  function of(m: Message): DecisionRecord | null {
    switch (m.sender) {
      case 'buyer':
        return byMessage.value.get(m.id) ?? null
      case 'assist':
      case 'robot':
      case 'fallback':
      case 'away':
        return byReply.value.get(m.id) ?? null
      case 'system':
        return byNotice.value.get(m.id) ?? null
      default:
        // A card the robot or an agent's turn sent (the order-prediction card) is a reply too.
        return byReply.value.get(m.id) ?? null
    }
  }

  return { add, of }
})
