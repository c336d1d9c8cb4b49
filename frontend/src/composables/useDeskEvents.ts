import { onBeforeUnmount, onMounted } from 'vue'

import type { DeskBatch } from '../api/types'
import { onBuyerUpdated, onDeskBatch, type Unsubscribe } from '../api/events'
import { useAgentsStore } from '../stores/agents'
import { useConversationsStore } from '../stores/conversations'

/**
 * useDeskEvents feeds the events pushed by the backend to the conversations
 * and agents stores while the calling component is mounted, and releases
 * every listener when it unmounts.
 */
export function useDeskEvents(): void {
  const conversations = useConversationsStore()
  const agents = useAgentsStore()
  let subscriptions: Unsubscribe[] = []

  // One batch is applied in one go, so the window renders a burst once.
  function apply(batch: DeskBatch): void {
    batch.messages.forEach(conversations.receive)
    batch.conversations.forEach(conversations.update)
    if (batch.agents) {
      agents.changed(batch.agents)
    }
  }

  onMounted(() => {
    subscriptions = [onDeskBatch(apply), onBuyerUpdated((b) => conversations.buyerFlagged(b.id, b.followUp))]
  })

  onBeforeUnmount(() => {
    subscriptions.forEach((unsubscribe) => unsubscribe())
    subscriptions = []
  })
}
