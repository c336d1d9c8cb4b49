import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import * as reception from '../api/reception'
import { useAppStore } from './app'
import { useConversationsStore } from './conversations'

/** How often the window tells the server what it shows, in ms; a report holds 6 s (engine.PresenceTTL). */
export const viewReportInterval = 2000

function inFrontNow(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'visible' && document.hasFocus()
}

/** newWindowId names this window among the agent's windows, for its life. */
function newWindowId(): string {
  const c = globalThis.crypto
  if (c && typeof c.randomUUID === 'function') {
    return c.randomUUID()
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}

/**
 * The window view store knows what the agent sees (AS-5): the conversation
 * open on the conversations screen, and whether the window is in front.
 * Reception never auto-sends in the conversation in front of the agent, and
 * the window never notifies about it.
 *
 * Each window of an agent (the desktop window, a browser page on the dev
 * server) reports under its own random id; the server keeps every window's
 * report and counts the one in front.
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

  /** This window, among the agent's windows. */
  const windowId = newWindowId()

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
    try {
      await reception.reportView(windowId, conversationId.value, focused.value)
    } catch {
      // See above.
    }
  }

  /** leave tells the server the window shows nothing any more (it is going away). */
  async function leave(): Promise<void> {
    try {
      await reception.reportView(windowId, 0, false)
    } catch {
      // The last report expires by itself.
    }
  }

  return { focused, conversationId, inFront, windowId, sense, setFocused, report, leave }
})
