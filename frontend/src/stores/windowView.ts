import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { claimView } from '../api/events'
import * as reception from '../api/reception'
import { useAppStore } from './app'
import { useConversationsStore } from './conversations'

/** How often the window tells the server what it shows, in ms; a report holds 6 s (engine.PresenceTTL). */
export const viewReportInterval = 2000

/** A window claims the agent's view at most this often while it is used, in ms. */
export const claimInterval = 1000

function inFrontNow(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'visible' && document.hasFocus()
}

/**
 * The window view store knows what the agent sees (AS-5): the conversation
 * open on the conversations screen, and whether the window is in front.
 * Reception never auto-sends in the conversation in front of the agent, and
 * the window never notifies about it.
 *
 * The server keeps one view per agent, the last reported. Where one desk has
 * two windows (the dev build's own and a browser page on its dev server),
 * only the one the agent used last reports: using a window claims the view,
 * and the others stop reporting until they are used.
 */
export const useWindowViewStore = defineStore('windowView', () => {
  const app = useAppStore()
  const conversations = useConversationsStore()

  /** The window is in front: it has the focus and is not hidden. */
  const focused = ref(inFrontNow())
  /** The conversation shown: the open one while the conversations screen is shown; 0 for none. */
  const conversationId = computed(() => (app.screen === 'chat' ? (conversations.activeId ?? 0) : 0))
  /** The conversation in front of the agent; 0 when the window is behind others or shows none. */
  const inFront = computed(() => (focused.value ? conversationId.value : 0))

  /** This window, among the desk's windows. */
  const windowId = Math.random().toString(36).slice(2)
  /** This window reports what it shows: no other window of the desk was used since. */
  const owner = ref(true)
  let claimedAt = 0

  /** claim makes this window the one that reports, telling the desk's other windows (at most every claimInterval). */
  function claim(): void {
    const was = owner.value
    owner.value = true
    const now = Date.now()
    if (!was || now - claimedAt >= claimInterval) {
      claimedAt = now
      claimView(windowId)
    }
    if (!was) {
      void report()
    }
  }

  /** claimed hears that another window of the desk was used: this one stops reporting. */
  function claimed(otherId: string): void {
    if (otherId !== windowId) {
      owner.value = false
    }
  }

  /** sense reads whether the window is in front now. */
  function sense(): void {
    focused.value = inFrontNow()
  }

  function setFocused(f: boolean): void {
    focused.value = f
  }

  /**
   * report tells the server what the window shows. A failed report is not
   * retried: the next one comes within viewReportInterval, and one missing
   * for 6 s only stops auto-send for this agent until the window reports.
   */
  async function report(): Promise<void> {
    if (!owner.value) {
      return
    }
    try {
      await reception.reportView(conversationId.value, focused.value)
    } catch {
      // See above.
    }
  }

  /** leave tells the server the window shows nothing any more (it is going away). */
  async function leave(): Promise<void> {
    if (!owner.value) {
      return
    }
    try {
      await reception.reportView(0, false)
    } catch {
      // The last report expires by itself.
    }
  }

  return { focused, conversationId, inFront, owner, sense, setFocused, claim, claimed, report, leave }
})
