package app

// Event names pushed to the window. Mirrored in frontend/src/consts/events.ts.
const (
	// EventConversationMessage carries MessageEvent: a new message in a conversation.
	EventConversationMessage = "conversation:message"
	// EventConversationUpdated carries engine.Conversation: its summary changed.
	EventConversationUpdated = "conversation:updated"
)

const (
	// EventKBImport carries ImportProgress while a KB file is imported.
	EventKBImport = "kb:import"
	// EventKBChanged carries KBChangedEvent: a shop's KB was changed.
	EventKBChanged = "kb:changed"
)

// EventAssistUpdated carries engine.Assist: suggestions reordered by the LLM.
const EventAssistUpdated = "assist:updated"

// EventAgentsChanged carries []engine.Agent: an agent's status or capacity
// changed, or how many conversations agents serve (routing, closing,
// transferring). Conversation changes come as EventConversationUpdated.
const EventAgentsChanged = "agents:changed"
