package app

// Event names pushed to the window. Mirrored in frontend/src/consts/events.ts.
const (
	// EventConversationMessage carries MessageEvent: a new message in a conversation.
	EventConversationMessage = "conversation:message"
	// EventConversationUpdated carries engine.Conversation: its summary changed.
	EventConversationUpdated = "conversation:updated"
)
