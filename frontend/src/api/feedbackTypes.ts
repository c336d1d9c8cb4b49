// Types of the feedback loop (FB-1 – FB-5) as the window uses them. Times are
// RFC 3339 strings.

export type ProposalKind = 'similar' | 'new'
export type ProposalStatus = 'pending' | 'accepted' | 'rejected'

/** A proposed KB change made from the replies agents sent (FB-1). */
export interface Proposal {
  id: number
  shopId: number
  kind: ProposalKind
  /** The entry a similar question goes to; entryQuestion its standard question now ('' once deleted). */
  entryId: number
  entryQuestion: string
  question: string
  /** Every wording merged into it, question first. */
  questions: string[]
  /** The agent's reply: a new entry's answer. */
  answer: string
  /** edited, rewritten, picked, matched_reply or manual. */
  why: string
  count: number
  conversationId: number
  messageId: number
  agent: string
  status: ProposalStatus
  createdAt: string
  updatedAt: string
  decidedBy: string
}

export interface Page<T> {
  items: T[]
  total: number
}

/** A proposal accepted as it is (only id) or edited. */
export interface AcceptProposal {
  id: number
  /** 0: the proposal's entry; for a new-entry proposal, an entry to add the questions to instead. */
  entryId: number
  /** null: the proposal's questions. */
  questions: string[] | null
  answer: string
  category: string
}

export type ReviewKind = 'rating' | 'report' | string
export type ReviewStatus = 'open' | 'fixed' | 'dismissed'

/** One item of the review queue (FB-3). */
export interface ReviewItem {
  id: number
  shopId: number
  kind: ReviewKind
  conversationId: number
  messageId: number
  entryId: number
  reason: string
  text: string
  question: string
  answer: string
  entryQuestion: string
  entryAnswer: string
  buyerName: string
  payload: Record<string, string>
  status: ReviewStatus
  createdBy: string
  createdAt: string
  closedBy: string
}

/** An agent's "this suggestion is wrong". */
export interface ReportInput {
  conversationId: number
  messageId: number
  entryId: number
  answer: string
  reason: string
  text: string
}

export const reportReasons = ['incorrect', 'incomplete', 'outdated', 'irrelevant', 'other'] as const

export type JobState = 'idle' | 'running' | 'done' | 'failed' | 'cancelled'

/** How far a background job (a replay, an analysis) is. */
export interface JobEvent {
  kind: 'replay' | 'analysis' | string
  shopId: number
  state: JobState
  done: number
  total: number
  error: { key: string; message: string } | null
}

export interface QuestionExample {
  text: string
  count: number
  lastAt: string
  messageId: number
  conversationId: number
}

/** Unanswered questions that ask the same thing (FB-2). */
export interface QuestionGroup {
  key: string
  label: string
  size: number
  distinct: number
  lastAt: string
  examples: QuestionExample[]
  keys: string[]
  reply: string
  entry: { id: number; question: string; confidence: number } | null
}

export interface OverlapEntry {
  id: number
  question: string
  answer: string
}

/** Two entries that answer the same questions. */
export interface Overlap {
  kind: 'duplicate' | 'conflict' | string
  a: OverlapEntry
  b: OverlapEntry
  shared: { a: string; b: string; similarity: number }[]
  answerSimilarity: number
}

export interface AnalysisStatus {
  job: JobEvent
  ready: boolean
  messages: number
  groups: number
  overlaps: number
  at: string
}

/** What turns unanswered questions into KB questions. */
export interface GroupAction {
  shopId: number
  /** 0: a new entry. */
  entryId: number
  questions: string[]
  answer: string
  category: string
}

export interface ReplayRequest {
  shopId: number
  /** 2026-11-21, '' for open. */
  from: string
  to: string
  /** '' all, 'live', 'import'. */
  source: string
  target: number
}

/** The robot at one threshold of a replay. */
export interface ReplayPoint {
  threshold: number
  coverage: number
  agreement: number
  answered: number
  agreed: number
  disagreed: number
}

export interface ThresholdSuggestion {
  target: number
  reached: boolean
  threshold: number
  coverage: number
  agreement: number
  /** no_data or not_reached when not reached. */
  why: string
}

export interface ReplayReport {
  messages: number
  conversations: number
  threshold: number
  coverage: number
  answered: number
  agreement: number
  agreed: number
  disagreed: number
  outcomes: Record<string, number>
  curve: ReplayPoint[]
  suggestion: ThresholdSuggestion
  elapsedSeconds: number
}

export interface ReplayView {
  job: JobEvent
  report: ReplayReport | null
  kbChanged: boolean
  from: string
  to: string
}

/** A buyer message the robot would have answered while the agent said something else. */
export interface Disagreement {
  conversationId: number
  messageId: number
  at: string
  question: string
  entryId: number
  entryQuestion: string
  answer: string
  human: string
  confidence: number
  upTo: number
}

export interface FeedbackCounts {
  proposals: number
  review: number
}

/** The payload of feedback:replay-offer. */
export interface ReplayOffer {
  shopId: number
  key: string
}
