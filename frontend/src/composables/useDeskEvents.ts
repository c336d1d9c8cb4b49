import { onBeforeUnmount, onMounted } from 'vue'

import { onAgentsChanged, onConversationMessage, onConversationUpdated, type Unsubscribe } from '../api/events'
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

  onMounted(() => {
    subscriptions = [
      onConversationMessage(conversations.receive),
      onConversationUpdated(conversations.update),
      onAgentsChanged(agents.changed),
    ]
  })

  onBeforeUnmount(() => {
    subscriptions.forEach((unsubscribe) => unsubscribe())
    subscriptions = []
  })
}
