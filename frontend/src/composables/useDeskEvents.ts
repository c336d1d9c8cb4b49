import { onBeforeUnmount, onMounted } from 'vue'

import { onConversationMessage, onConversationUpdated, type Unsubscribe } from '../api/events'
import { useConversationsStore } from '../stores/conversations'

/**
 * useDeskEvents feeds the events pushed by the backend to the conversations
 * store while the calling component is mounted, and releases every listener
 * when it unmounts.
 */
export function useDeskEvents(): void {
  const conversations = useConversationsStore()
  let subscriptions: Unsubscribe[] = []

  onMounted(() => {
    subscriptions = [onConversationMessage(conversations.receive), onConversationUpdated(conversations.update)]
  })

  onBeforeUnmount(() => {
    subscriptions.forEach((unsubscribe) => unsubscribe())
    subscriptions = []
  })
}
