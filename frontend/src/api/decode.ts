// Decoding of what the Go side sends. Bound methods and events deliver parsed
// JSON, not instances of the generated classes: slices may arrive as null, times
// as RFC 3339 strings and enumerations as any string. These functions are the
// one place that turns that into the types of types.ts.
import type { app, engine } from '../../wailsjs/go/models'
import { toCard } from './cards'
import { toAppError } from './errors'
import { toOrderContext } from './orders'
import { toDecisions, toRatings } from './reception'
import { toScenarioView } from './scenarioView'
import type {
  Agent,
  AgentStatus,
  Answer,
  AppInfo,
  Assist,
  Change,
  CloseReason,
  Conversation,
  ConversationMessageEvent,
  ConversationPage,
  ConversationState,
  ConversationStatus,
  ConversationView,
  DeskBatch,
  Draft,
  Entry,
  EntryPage,
  ExportResult,
  Factor,
  HitTestResult,
  ImportPhase,
  ImportProgress,
  ImportResult,
  KBChangedEvent,
  KBMeta,
  KeyPlace,
  ListCounts,
  ListedEntry,
  LLMSettings,
  LLMTestResult,
  Message,
  Sender,
  Shop,
  Span,
  Suggestion,
} from './types'

const senders: ReadonlySet<string> = new Set<Sender>([
  'buyer',
  'agent',
  'assist',
  'robot',
  'system',
  'greeting',
  'away',
  'fallback',
])

function isSender(s: string): s is Sender {
  return senders.has(s)
}

/** A sender this window does not know is shown as a system line. */
function toSender(s: string): Sender {
  return isSender(s) ? s : 'system'
}

function toStatus(s: string): ConversationStatus {
  return s === 'closed' ? 'closed' : 'open'
}

/** A state this window does not know is read from the status: closed, else served. */
function toState(state: unknown, status: ConversationStatus): ConversationState {
  if (state === 'queued' || state === 'active' || state === 'closed') {
    return status === 'closed' ? 'closed' : state
  }
  return status === 'closed' ? 'closed' : 'active'
}

function toCloseReason(r: unknown): CloseReason {
  return r === 'agent' || r === 'idle' || r === 'import' ? r : ''
}

/**
 * toTime keeps an RFC 3339 time as a string, cut to milliseconds: Go writes
 * nanoseconds, which not every webview's Date.parse accepts.
 */
function toTime(t: unknown): string {
  return typeof t === 'string' ? t.replace(/(\.\d{3})\d+/, '$1') : ''
}

export function toShop(s: engine.Shop): Shop {
  return { id: s.id, name: s.name, platform: s.platform, locale: s.locale }
}

export function toConversation(c: engine.Conversation): Conversation {
  const status = toStatus(c.status)
  const state = toState(c.state, status)
  return {
    id: c.id,
    shopId: c.shopId,
    shopName: c.shopName ?? '',
    buyerId: c.buyerId,
    buyerName: c.buyerName ?? '',
    status: state === 'closed' ? 'closed' : status,
    state,
    agentId: num(c.agentId),
    agentName: typeof c.agentName === 'string' ? c.agentName : '',
    priority: c.priority === true,
    followUp: c.followUp === true,
    unread: num(c.unread),
    unreplied: c.unreplied === true,
    waitingSince: c.unreplied === true ? toTime(c.waitingSince) : '',
    lastText: c.lastText ?? '',
    lastSender: toSender(c.lastSender),
    lastAt: toTime(c.lastAt),
    startedAt: toTime(c.startedAt),
    lastBuyerAt: toTime(c.lastBuyerAt),
    queuedAt: toTime(c.queuedAt),
    closedAt: toTime(c.closedAt),
    closeReason: toCloseReason(c.closeReason),
    attention: typeof c.attention === 'string' ? c.attention : '',
    deadline: state === 'closed' ? '' : toTime((c as { deadline?: unknown }).deadline),
    deadlineKey: typeof (c as { deadlineKey?: unknown }).deadlineKey === 'string' ? (c as { deadlineKey: string }).deadlineKey : '',
  }
}

export function toConversations(list: engine.Conversation[] | null | undefined): Conversation[] {
  return (list ?? []).map(toConversation)
}

function toCounts(n: Partial<engine.ListCounts> | null | undefined): ListCounts {
  return {
    all: num(n?.all),
    unread: num(n?.unread),
    unreplied: num(n?.unreplied),
    queued: num(n?.queued),
    closed: num(n?.closed),
  }
}

export function toPage(p: engine.Page): ConversationPage {
  return { items: toConversations(p.items), total: num(p.total), counts: toCounts(p.counts) }
}

/** A status this window does not know is shown as offline: it takes no conversations. */
function toAgentStatus(s: unknown): AgentStatus {
  return s === 'online' || s === 'away' ? s : 'offline'
}

export function toAgent(a: engine.Agent): Agent {
  return {
    id: num(a.id),
    name: typeof a.name === 'string' ? a.name : '',
    status: toAgentStatus(a.status),
    capacity: num(a.capacity),
    role: a.role === 'owner' ? 'owner' : 'agent',
    active: num(a.active),
    lastAssignedAt: toTime(a.lastAssignedAt),
    autoSend: a.autoSend === true,
  }
}

export function toAgents(list: engine.Agent[] | null | undefined): Agent[] {
  return (list ?? []).map(toAgent)
}

export function toMessage(m: engine.Message): Message {
  return {
    id: m.id,
    conversationId: m.conversationId,
    sender: toSender(m.sender),
    type: m.type,
    text: m.text,
    entryId: m.entryId,
    agentId: num(m.agentId),
    payload: toCard(m.payload),
    createdAt: toTime(m.createdAt),
  }
}

export function toConversationView(v: app.ConversationView): ConversationView {
  return {
    conversation: toConversation(v.conversation),
    messages: (v.messages ?? []).map(toMessage),
    decisions: toDecisions(v.decisions),
    ratings: toRatings(v.ratings),
  }
}

export function toSuggestion(s: engine.Suggestion): Suggestion {
  return {
    entryId: s.entryId,
    question: s.question,
    intent: s.intent,
    category: s.category,
    answer: s.answer,
    missing: s.missing ?? [],
    operations: s.operations ?? [],
    neverAuto: s.neverAuto === true,
    confidence: s.confidence,
  }
}

export function toSuggestions(list: engine.Suggestion[] | null): Suggestion[] {
  return (list ?? []).map(toSuggestion)
}

export function toAssist(a: engine.Assist): Assist {
  return {
    conversationId: a.conversationId,
    messageId: a.messageId,
    query: a.query,
    intent: a.intent,
    suggestions: toSuggestions(a.suggestions),
    reranking: a.reranking === true,
    reranked: a.reranked === true,
    noneFit: a.noneFit === true,
    order: toOrderContext(a.order),
    scenario: toScenarioView(a.scenario),
    sendFloor: Math.min(1, Math.max(0, num(a.sendFloor))),
    drafting: a.drafting === true,
    draft: toDraft(a.draft),
  }
}

/** toDraft decodes an LLM draft; null for none or a blank one. */
function toDraft(d: engine.Draft | null | undefined): Draft | null {
  if (typeof d !== 'object' || d === null || typeof d.text !== 'string' || d.text.trim() === '') {
    return null
  }
  const ids = Array.isArray(d.entryIds) ? d.entryIds.filter((id) => typeof id === 'number' && id > 0) : []
  return { text: d.text, entryIds: ids }
}

/** toFactors decodes what a confidence was made of; anything without a key or a number is dropped. */
export function toFactors(list: unknown): Factor[] {
  return (Array.isArray(list) ? list : [])
    .filter((f): f is { key: string; value: number } => typeof f === 'object' && f !== null && typeof f.key === 'string' && f.key !== '')
    .filter((f) => typeof f.value === 'number' && Number.isFinite(f.value))
    .map((f) => ({ key: f.key, value: f.value }))
}

export function toAppInfo(i: app.Info): AppInfo {
  return { version: i.version, dataDir: i.dataDir, simulatorUrl: i.simulatorUrl, logDir: typeof i.logDir === 'string' ? i.logDir : '' }
}

/** The conversation:message payload; see app.MessageEvent on the Go side. */
export interface WireMessageEvent {
  conversation: engine.Conversation
  message: engine.Message
}

export function toConversationMessageEvent(e: WireMessageEvent): ConversationMessageEvent {
  return { conversation: toConversation(e.conversation), message: toMessage(e.message) }
}

export interface WireDeskBatch {
  messages: WireMessageEvent[] | null
  conversations: engine.Conversation[] | null
  agents: engine.Agent[] | null
  decisions?: engine.DecisionRecord[] | null
  ratings?: engine.Rating[] | null
}

export function toDeskBatch(b: WireDeskBatch): DeskBatch {
  return {
    messages: (b.messages ?? []).map(toConversationMessageEvent),
    conversations: (b.conversations ?? []).map(toConversation),
    agents: b.agents ? toAgents(b.agents) : null,
    decisions: toDecisions(b.decisions),
    ratings: toRatings(b.ratings),
  }
}

// ——— Knowledge base ———

function strings(list: unknown): string[] {
  return Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : []
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0
}

function toAnswer(a: engine.Answer): Answer {
  return { text: a.text ?? '', when: strings(a.when) }
}

export function toEntry(e: engine.Entry): Entry {
  return {
    id: e.id,
    shopId: e.shopId,
    question: e.question ?? '',
    similar: strings(e.similar),
    answers: (e.answers ?? []).map(toAnswer),
    category: e.category ?? '',
    intent: e.intent ?? '',
    enabled: e.enabled === true,
    operations: strings(e.operations),
    neverAuto: e.neverAuto === true,
    version: num(e.version),
    updatedAt: toTime(e.updatedAt),
    updatedBy: e.updatedBy ?? '',
  }
}

export function toListedEntry(e: engine.ListedEntry): ListedEntry {
  return {
    ...toEntry(e),
    stats: {
      hits: num(e.stats?.hits),
      recognized: num(e.stats?.recognized),
      lastHitAt: toTime(e.stats?.lastHitAt),
      solved: num(e.stats?.solved),
      unsolved: num(e.stats?.unsolved),
    },
  }
}

export function toEntryPage(p: engine.EntryPage): EntryPage {
  return { entries: (p.entries ?? []).map(toListedEntry), total: num(p.total) }
}

export function toChange(c: engine.Change): Change {
  return {
    id: c.id,
    shopId: c.shopId,
    entryId: c.entryId,
    action: c.action,
    actor: c.actor ?? '',
    at: toTime(c.at),
    before: c.before ? toEntry(c.before) : null,
    after: c.after ? toEntry(c.after) : null,
    origin: c.origin ?? '',
  }
}

export function toChanges(list: engine.Change[] | null): Change[] {
  return (list ?? []).map(toChange)
}

/**
 * toDeleted decodes the deletions of a shop's entries; one without the entry
 * as it was could not be shown or restored, and is dropped.
 */
export function toDeleted(list: engine.Change[] | null): Change[] {
  return toChanges(list).filter((c) => c.before !== null)
}

function toSpans(list: engine.Span[] | null | undefined): Span[] {
  return (list ?? [])
    .map((s) => ({ start: Math.trunc(num(s.start)), end: Math.trunc(num(s.end)) }))
    .filter((s) => s.end > s.start)
}

export function toHitTestResults(list: engine.HitTestResult[] | null): HitTestResult[] {
  return (list ?? []).map((r) => ({
    entry: toEntry(r.entry),
    score: num(r.score),
    confidence: num(r.confidence),
    basis: toFactors(r.basis),
    question: r.question ?? '',
    questionSpans: toSpans(r.questionSpans),
    querySpans: toSpans(r.querySpans),
    autoAnswer: r.autoAnswer === true,
  }))
}

export function toImportResult(r: engine.ImportResult): ImportResult {
  return { created: num(r.created), updated: num(r.updated) }
}

export function toExportResult(r: app.ExportResult): ExportResult {
  return { path: r.path ?? '', entries: num(r.entries) }
}

/** toSynonyms keeps the groups of words, dropping anything that is not one. */
export function toSynonyms(groups: unknown): string[][] {
  return Array.isArray(groups) ? groups.map(strings).filter((g) => g.length > 0) : []
}

export function toKBMeta(m: app.KBMeta): KBMeta {
  return {
    categories: strings(m.categories),
    intents: (m.intents ?? []).map((i) => ({ key: i.key, category: i.category })),
    orderStatuses: strings(m.orderStatuses),
    operations: strings(m.operations),
    variables: strings(m.variables),
    formats: strings(m.formats),
    maxFileBytes: num(m.maxFileBytes),
    maxQuestionRunes: num(m.maxQuestionRunes),
    maxAnswerRunes: num(m.maxAnswerRunes),
    maxAnswersEach: num(m.maxAnswersEach),
    maxSimilar: num(m.maxSimilar),
    maxSynonymGroups: num(m.maxSynonymGroups),
    maxSynonymWords: num(m.maxSynonymWords),
    maxHitTestResults: num(m.maxHitTestResults),
  }
}

const phases: ReadonlySet<string> = new Set<ImportPhase>(['read', 'write', 'done'])

/** The kb:import payload; see app.ImportProgress on the Go side. */
export interface WireImportProgress {
  jobId: string
  phase: string
  done: number
  total: number
}

export function toImportProgress(p: WireImportProgress): ImportProgress {
  return {
    jobId: p.jobId ?? '',
    phase: phases.has(p.phase) ? (p.phase as ImportPhase) : 'read',
    done: num(p.done),
    total: num(p.total),
  }
}

export function toKBChangedEvent(e: { shopId: number }): KBChangedEvent {
  return { shopId: num(e.shopId) }
}

// ——— The optional LLM ———

function toKeyPlace(p: unknown): KeyPlace {
  return p === 'keychain' || p === 'file' ? p : ''
}

export function toLLMSettings(s: app.LLMSettings): LLMSettings {
  const keyPlace = toKeyPlace(s.keyPlace)
  return {
    baseUrl: typeof s.baseUrl === 'string' ? s.baseUrl : '',
    model: typeof s.model === 'string' ? s.model : '',
    enabled: s.enabled === true,
    budgetMs: num(s.budgetMs),
    topK: num(s.topK),
    hasKey: s.hasKey === true,
    keyPlace: s.hasKey === true ? keyPlace : '',
  }
}

export function toLLMTestResult(r: app.LLMTestResult): LLMTestResult {
  const ok = r.ok === true
  return {
    ok,
    latencyMs: num(r.latencyMs),
    error: ok || r.error === null || r.error === undefined ? null : toAppError(r.error),
  }
}
