package engine

// NewMemStore returns the in-memory Conversations and Agents of the tests,
// for the external tests that run the enginetest suite on it.
func NewMemStore() interface {
	Conversations
	Agents
} {
	return &memConversations{}
}
