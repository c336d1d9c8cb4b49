package app

// Event names pushed to the window. Mirrored in frontend/src/consts/events.ts.
//
// EventDeskBatch carries DeskBatch: the new messages, changed conversation
// summaries and agents' workloads of the last BatchEvery, pushed together.
const EventDeskBatch = "desk:batch"

const (
	// EventKBImport carries ImportProgress while a KB file is imported.
	EventKBImport = "kb:import"
	// EventKBChanged carries KBChangedEvent: a shop's KB was changed.
	EventKBChanged = "kb:changed"
)

// EventAssistUpdated carries engine.Assist, whole: suggestions reordered by
// the LLM, its draft, or the end of a draft that failed (Drafting false).
const EventAssistUpdated = "assist:updated"

// EventBuyerUpdated carries engine.Buyer: an agent saved the buyer's tags,
// note or follow-up flag (CV-4).
const EventBuyerUpdated = "buyer:updated"

// EventSettingsChanged carries nothing: shops' assistant settings changed,
// in the window or by rdctl; the window reloads what it shows.
const EventSettingsChanged = "settings:changed"

// The feedback loop's events (FB-1 – FB-5).
const (
	// EventFeedbackChanged carries FeedbackChangedEvent: a shop's proposals
	// or review queue changed (a proposal made, accepted or rejected; an
	// item reported, fixed or dismissed).
	EventFeedbackChanged = "feedback:changed"
	// EventFeedbackJob carries JobEvent: how far a replay or an analysis of
	// the unanswered questions is, at most about ten a second, and when it
	// ends.
	EventFeedbackJob = "feedback:job"
	// EventReplayOffer carries ReplayOfferEvent: the robot or auto-send was
	// switched on for a shop; the window offers a replay (FB-5).
	EventReplayOffer = "feedback:replay-offer"
)
