import { onBeforeUnmount, onMounted } from 'vue'

import type { DeskBatch } from '../api/types'
import { onBuyerUpdated, onDeskBatch, onSettingsChanged, type Unsubscribe } from '../api/events'
import { useAgentsStore } from '../stores/agents'
import { useAssistantStore } from '../stores/assistant'
import { useConversationsStore } from '../stores/conversations'
import { useDecisionsStore } from '../stores/decisions'
import { useNotificationsStore } from '../stores/notifications'
import { useRatingsStore } from '../stores/ratings'
import { useScenarioStore } from '../stores/scenario'

/**
 * useDeskEvents feeds the events pushed by the backend to the stores while
 * the calling component is mounted — conversations, agents, reception's
 * decisions, buyers' ratings, shops' settings, and the notifications (what newly needs the agent, the count
 * waiting for them) — and releases every listener when it unmounts.
 */
export function useDeskEvents(): void {
  const conversations = useConversationsStore()
  const agents = useAgentsStore()
  const decisions = useDecisionsStore()
  const notifications = useNotificationsStore()
  const ratings = useRatingsStore()
  const assistant = useAssistantStore()
  const scenario = useScenarioStore()
  let subscriptions: Unsubscribe[] = []

  // One batch is applied in one go, so the window renders a burst once.
  function apply(batch: DeskBatch): void {
    // The decisions first: the automatic replies among the messages show them at once.
    decisions.add(batch.decisions)
    ratings.add(batch.ratings)
    // Before the lists take them: what each conversation was is still known there.
    notifications.observe(batch.conversations)
    batch.messages.forEach(conversations.receive)
    batch.conversations.forEach(conversations.update)
    if (batch.agents) {
      agents.changed(batch.agents)
    }
    if (batch.messages.length > 0 || batch.conversations.length > 0) {
      notifications.scheduleWaiting()
    }
  }

  onMounted(() => {
    subscriptions = [
      onDeskBatch(apply),
      onBuyerUpdated((b) => conversations.buyerFlagged(b.id, b.followUp)),
      // Settings changed here, in another window or by rdctl: what is shown of them is read again.
      // (Whether the scenario scripts may be edited follows the robot's switch, SA-6.)
      onSettingsChanged(() => {
        assistant.refreshAll()
        scenario.refreshAccess()
      }),
    ]
    void notifications.refreshWaiting()
  })

  onBeforeUnmount(() => {
    subscriptions.forEach((unsubscribe) => unsubscribe())
    subscriptions = []
    notifications.stop()
  })
}
