// The data the backend exchanges with the window, as the rest of the frontend
// sees it. The generated classes in wailsjs/go/models.ts describe the same JSON
// but type times as `any` and enumerations as plain strings; decode.ts turns
// them into these.
import type { OrderContext } from './orders'
import type { Attention, DecisionRecord, Rating } from './reception'
import type { ScenarioView } from './scenarioView'

/** Who wrote a message. Every side but the buyer's and the system's is the shop's. */
export type Sender = 'buyer' | 'agent' | 'assist' | 'robot' | 'system' | 'greeting' | 'away' | 'fallback'

export type ConversationStatus = 'open' | 'closed'

/** Where a conversation is in its life: waiting for an agent, served by one, or closed (CV-1, CV-2). */
export type ConversationState = 'queued' | 'active' | 'closed'

/** How a conversation was closed: by an agent, or by the buyer's silence for the session gap. Empty while open. */
export type CloseReason = 'agent' | 'idle' | 'import' | ''

export interface Shop {
  id: number
  name: string
  platform: string
  locale: string
}

/** A conversation as the list shows it. Times are RFC 3339 strings. */
export interface Conversation {
  id: number
  shopId: number
  shopName: string
  buyerId: number
  buyerName: string
  status: ConversationStatus
  state: ConversationState
  /** The agent serving it, 0 while it is queued (a closed one keeps its last agent). */
  agentId: number
  agentName: string
  /** It goes first in the queue: the buyer asked for a human, or it was handed back (RB-8). */
  priority: boolean
  /** The buyer is flagged for follow-up in the buyer panel (CV-4). */
  followUp: boolean
  /** Buyer messages the agent has not opened yet. */
  unread: number
  /** A buyer message has had no reply since waitingSince (AS-7, AS-8). */
  unreplied: boolean
  /** When the oldest unanswered buyer message was sent; '' when unreplied is false. */
  waitingSince: string
  lastText: string
  lastSender: Sender
  lastAt: string
  startedAt: string
  /** The buyer's newest message; '' when none. */
  lastBuyerAt: string
  /** When it last entered the queue; '' when never. */
  queuedAt: string
  /** '' while open. */
  closedAt: string
  closeReason: CloseReason
  /** Why it waits for a human (the list's tag, AS-8); '' for nothing special. */
  attention: Attention
  /**
   * When the waiting buyer misses the strictest human-reply clock of the
   * shop (MT-1's 24 hours or a KPI of its platform, MT-5), and that clock's
   * key; '' when nobody waits or it is closed.
   */
  deadline: string
  deadlineKey: string
}

/** The conversation lists of the workstation (CV-1). */
export type ListName = 'all' | 'unread' | 'unreplied' | 'queued' | 'closed'

/**
 * ListFilter selects a page of a conversation list. shopIds empty means every
 * shop, agentId 0 every agent's (the queue is everyone's anyway); from and to
 * (RFC 3339) bound the activity, and are left out for no bound.
 */
export interface ListFilter {
  shopIds: number[]
  list: ListName
  agentId: number
  query: string
  from?: string
  to?: string
  offset: number
  limit: number
}

/** How many conversations each list holds under a filter. */
export type ListCounts = Record<ListName, number>

/** One page of a conversation list, with the counts of every list under the same filter. */
export interface ConversationPage {
  items: Conversation[]
  /** How many conversations the selected list holds. */
  total: number
  counts: ListCounts
}

export type AgentStatus = 'online' | 'away' | 'offline'

/** owner: the shop's main account or an admin; agent: a customer-service agent. */
export type AgentRole = 'owner' | 'agent'

/** A human customer-service agent (CV-2). */
export interface Agent {
  id: number
  name: string
  status: AgentStatus
  /** The most conversations routing gives the agent at once (接待上限). */
  capacity: number
  role: AgentRole
  /** How many conversations the agent serves now. */
  active: number
  /** '' when never. */
  lastAssignedAt: string
  /** The agent's own "allow auto-send" (AS-4); the shop's setting must allow it too. */
  autoSend: boolean
}

/** A new agent. capacity 0 means the default (5). */
export interface AgentRequest {
  name: string
  capacity: number
  role: AgentRole
}

export interface Message {
  id: number
  conversationId: number
  sender: Sender
  type: string
  text: string
  /** The KB entry a reply was taken from; 0 for free text. */
  entryId: number
  /** The agent who sent a shop-side message, or on whose behalf assist sent it; 0 for none. */
  agentId: number
  /** A card's content (type is its kind); null for other messages. text is then a one-line summary. */
  payload: Card | null
  createdAt: string
}

/** The cards an agent sends (SA-4) and a buyer may send (an order card). */
export type CardKind = 'order_card' | 'logistics_card' | 'coupon_card' | 'address_card'

/** An order as a card shows it: a snapshot taken when the card was sent. */
export interface CardOrder {
  id: string
  status: string
  items: { name: string; sku: string; quantity: number }[]
  amountCents: number
  currency: string
  /** '' when unknown. */
  promiseShipAt: string
  courier: string
  trackingNo: string
  address: string
}

/** A coupon: amountOffCents off an order of at least minSpendCents (0: any), until expiresAt. */
export interface Coupon {
  amountOffCents: number
  minSpendCents: number
  currency: string
  expiresAt: string
}

/**
 * The kinds of card a message may hold: those an agent sends, and the
 * order-prediction card reception sends by itself (SA-2).
 */
export type CardMessageKind = CardKind | 'order_prediction_card'

/**
 * A card message's content: order for order and logistics cards, coupon,
 * address, or candidates for an order-prediction card (the buyer's open
 * orders, the likeliest first; empty for other cards).
 */
export interface Card {
  kind: CardMessageKind
  order: CardOrder | null
  coupon: Coupon | null
  address: { orderId: string; text: string } | null
  candidates: CardOrder[]
}

/** An opened conversation with its messages, oldest first, and reception's decisions on its buyer messages. */
export interface ConversationView {
  conversation: Conversation
  messages: Message[]
  decisions: DecisionRecord[]
  /** The buyer's ratings of the robot's replies and of the session (RB-7). */
  ratings: Rating[]
}

/** One recommended reply taken from the knowledge base. */
export interface Suggestion {
  entryId: number
  question: string
  intent: string
  category: string
  answer: string
  /** Variables of answer with no value yet ("order.id"): it must be completed in the reply box, never sent as it is. */
  missing: string[]
  /** Recommended operations of the entry. */
  operations: string[]
  /** Only a human may send this answer (complaints and the like). */
  neverAuto: boolean
  /** How sure the match is, in [0, 1]. */
  confidence: number
}

/** What the assist panel shows for the latest buyer message of a conversation. */
export interface Assist {
  conversationId: number
  /** The buyer message answered; 0 when the conversation has none. */
  messageId: number
  query: string
  /** The recognised intent key; empty when nothing matched confidently. */
  intent: string
  suggestions: Suggestion[]
  /** An LLM is reordering the suggestions; its order may come later as an assist:updated event (LM-2). */
  reranking: boolean
  /** The suggestions are in the LLM's order. */
  reranked: boolean
  /** The LLM judged that no suggestion answers the message. */
  noneFit: boolean
  /** The order the conversation is about and its state; the answers are for that state (SA-3). */
  order: OrderContext
  /** The built-in recommendation of the recognised intent, shown above the input box (SA-1); null when it has none. */
  scenario: ScenarioView | null
  /**
   * Below this confidence a suggestion is offered for editing only, never
   * for one-click sending; when even the best is below it, nothing fits.
   * 0 when the backend sets no floor.
   */
  sendFloor: number
  /** An LLM is drafting a reply from the suggestions; one assist:updated push ends it, with draft or without (LM-3). */
  drafting: boolean
  /** The LLM's draft, shown marked as a draft; null for none. */
  draft: Draft | null
}

/** An LLM's draft reply (LM-3): entryIds are the KB entries whose answers it was written from, best first. */
export interface Draft {
  text: string
  entryIds: number[]
}

/** An agent's reply. entryId is the KB entry it came from, 0 for free text. */
export interface SendRequest {
  conversationId: number
  text: string
  entryId: number
  /** The recommendation the text started from (kept when detached from the KB); 0 for text typed by hand (FB-1). */
  fromEntryId?: number
  /** Whether the agent changed that recommendation's text before sending. */
  edited?: boolean
}

export interface AppInfo {
  version: string
  dataDir: string
  simulatorUrl: string
  /** The folder of the log files ('' when unknown). */
  logDir: string
}

/** The payload of the conversation:message event. */
export interface ConversationMessageEvent {
  conversation: Conversation
  message: Message
}

/** DeskBatch is what changed at the desk in the last moment (EVENT_DESK_BATCH). */
export interface DeskBatch {
  /** New messages, oldest first. */
  messages: ConversationMessageEvent[]
  /** The newest summary of each conversation that changed; applied after the messages. */
  conversations: Conversation[]
  /** Every agent, when a status or workload changed; null otherwise. */
  agents: Agent[] | null
  /** Reception's decisions on buyer messages, in the order they were made. */
  decisions: DecisionRecord[]
  /** Buyers' ratings of robot replies and of sessions (RB-7), in the order they were given. */
  ratings: Rating[]
}

export type ErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unavailable' | 'internal'

/**
 * FieldError is one problem of an entry that could not be saved. field names
 * the part: "question", "similar", "similar[3]", "answers", "answers[1].text",
 * "answers[1].when", "category", "intent", "operations" (indexes count the
 * entry as the backend normalised it: blanks and repeats dropped). key is the
 * problem's i18n key without its "error." prefix, detail an English fallback.
 */
export interface FieldError {
  field: string
  key: string
  detail: string
}

/** RowError is the problems of one row of a refused import file; row counts from 1. */
export interface RowError {
  row: number
  question: string
  problems: FieldError[]
}

/**
 * AppError is how every failed call reaches the stores and components: key is
 * an i18n key (such as error.message_empty), message an English fallback for
 * keys the window cannot translate. fields comes with an entry that could not
 * be saved, rows with an import file that was refused whole.
 */
export interface AppError {
  kind: ErrorKind
  key: string
  message: string
  fields?: FieldError[]
  rows?: RowError[]
}

// ——— The optional LLM (LM-1…LM-4) ———

/** Where the API key is kept: the OS keychain, a file only this user may read, or nowhere. */
export type KeyPlace = 'keychain' | 'file' | ''

/** The saved LLM settings. The API key never reaches the window: hasKey and keyPlace say whether and where it is kept. */
export interface LLMSettings {
  /** The OpenAI-compatible server's /v1 root; empty when none is set. */
  baseUrl: string
  model: string
  enabled: boolean
  /** How long a rerank may take, in ms. */
  budgetMs: number
  /** How many KB candidates go to the LLM. */
  topK: number
  hasKey: boolean
  keyPlace: KeyPlace
}

/** Settings to save or test. With setKey the kept key is replaced by apiKey (removed when it is empty); without, it stays. */
export interface SaveLLMRequest {
  baseUrl: string
  model: string
  enabled: boolean
  budgetMs: number
  topK: number
  setKey: boolean
  apiKey: string
}

/** Whether the endpoint answered a small rerank, how fast, and else why not. */
export interface LLMTestResult {
  ok: boolean
  latencyMs: number
  error: AppError | null
}

// ——— Knowledge base (KB-1…KB-7) ———
// Categories, order statuses and operations are the keys the backend lists in
// KBMeta; the window labels the ones it knows and shows any other as it is.

/** An answer of an entry; when lists the order statuses it is meant for, empty for any. */
export interface Answer {
  text: string
  when: string[]
}

/** A KB entry (KB-2). Times are RFC 3339 strings. */
export interface Entry {
  /** 0 for an entry not saved yet. */
  id: number
  shopId: number
  question: string
  similar: string[]
  answers: Answer[]
  category: string
  /** A core intent key, or empty. */
  intent: string
  enabled: boolean
  operations: string[]
  /** Only ever suggested to a human, never sent automatically. */
  neverAuto: boolean
  /** Counts the saved changes, from 1; 0 for a new entry. */
  version: number
  updatedAt: string
  updatedBy: string
}

/**
 * How an entry has been used: hits counts the replies sent from it (by
 * agents, assist or the robot), recognized the buyer messages it was
 * recognised in at or above the shop's threshold; lastHitAt is the latest of
 * either ('' for never).
 */
export interface EntryStats {
  hits: number
  recognized: number
  lastHitAt: string
  /** Buyers' ratings of the robot's replies with this entry's answer (RB-7, KB-6). */
  solved: number
  unsolved: number
}

/** An entry as the editor's list shows it. */
export interface ListedEntry extends Entry {
  stats: EntryStats
}

/** enabled filter of the entry list: both when empty. */
export type EnabledFilter = '' | 'on' | 'off'

export interface EntryFilter {
  shopId: number
  /** Matches a part of the standard question, a similar question or an answer. */
  query: string
  /** A category key; any when empty. */
  category: string
  enabled: EnabledFilter
  offset: number
  limit: number
}

/** One page of a filtered list, with the total it was cut from. */
export interface EntryPage {
  entries: ListedEntry[]
  total: number
}

export type ChangeAction = 'create' | 'update' | 'delete' | 'rollback' | 'import' | 'copy'

/** One saved change to an entry (KB-7). before is null for a creation, after for a deletion. */
export interface Change {
  id: number
  shopId: number
  entryId: number
  /** A ChangeAction, or another word from a newer backend. */
  action: string
  actor: string
  at: string
  before: Entry | null
  after: Entry | null
  /** Where the change came from when not from the editor: proposal:ID, unanswered, review:ID (FB-4); '' or absent otherwise. */
  origin?: string
}

/** A run of characters [start, end) of a text, counted in Unicode code points (Go runes). */
export interface Span {
  start: number
  end: number
}

/**
 * One thing a confidence was made of (engine.Factor): a key the window words
 * (exact_question, model, prior, match, margin, coverage, known, votes,
 * neighbours; a newer backend may add more) and its value.
 */
export interface Factor {
  key: string
  value: number
}

/** One entry a sentence matches, and why (KB-6). */
export interface HitTestResult {
  entry: Entry
  score: number
  /** How sure the match is, in [0, 1]. */
  confidence: number
  /** What confidence was made of; the first result has it, others may not (empty). */
  basis: Factor[]
  /** The entry's question that matched best. */
  question: string
  /** The words of question shared with the sentence. */
  questionSpans: Span[]
  /** The words of the sentence shared with question. */
  querySpans: Span[]
  /** The robot and assist auto-send would send this entry's answer on their own. */
  autoAnswer: boolean
}

/** What an import or a copy did. */
export interface ImportResult {
  created: number
  updated: number
}

/** Where an export or a template was written. */
export interface ExportResult {
  path: string
  entries: number
}

export type ImportPhase = 'read' | 'write' | 'done'

/** The payload of the kb:import event: how far import jobId is. */
export interface ImportProgress {
  jobId: string
  phase: ImportPhase
  done: number
  total: number
}

/** The payload of the kb:changed event: a shop's KB was changed. */
export interface KBChangedEvent {
  shopId: number
}

/** A core intent key and its category. */
export interface IntentInfo {
  key: string
  category: string
}

/** What the KB editor offers to pick from, and the limits it enforces. */
export interface KBMeta {
  categories: string[]
  intents: IntentInfo[]
  orderStatuses: string[]
  operations: string[]
  /** Variable names such as "buyer.name", written {buyer.name} in answers. */
  variables: string[]
  /** File formats of import and export: "xlsx", "csv", "json". */
  formats: string[]
  maxFileBytes: number
  maxQuestionRunes: number
  maxAnswerRunes: number
  /** The most answers for one order status (or for none): a primary answer and the extra ones. */
  maxAnswersEach: number
  maxSimilar: number
  maxSynonymGroups: number
  maxSynonymWords: number
  maxHitTestResults: number
}

/** A KB file to import into a shop. */
export interface ImportRequest {
  shopId: number
  fileName: string
  data: Uint8Array
  /** Echoed by the kb:import events of this import. */
  jobId: string
}

/** Entries (all of the shop's when entryIds is empty) to copy to another shop (KB-3). */
export interface CopyRequest {
  fromShopId: number
  toShopId: number
  entryIds: number[]
}
