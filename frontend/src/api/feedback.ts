// The feedback loop's services (FB-1 – FB-5): proposals, unanswered
// questions, the review queue and replay. Wraps the bindings of
// app.FeedbackService and app.ReplayService, and the one setting replay
// suggests (assist.threshold, through app.ReceptionService); every function
// rejects with an AppError. Lists come in pages.
import * as FeedbackService from '../../wailsjs/go/app/FeedbackService'
import * as ReceptionService from '../../wailsjs/go/app/ReceptionService'
import * as ReplayService from '../../wailsjs/go/app/ReplayService'
import type { app, engine } from '../../wailsjs/go/models'
import { toEntry } from './decode'
import { call } from './errors'
import type {
  AcceptProposal,
  AnalysisStatus,
  Disagreement,
  FeedbackCounts,
  GroupAction,
  JobEvent,
  Overlap,
  Page,
  Proposal,
  QuestionGroup,
  ReplayReport,
  ReplayRequest,
  ReplayView,
  ReportInput,
  ReviewItem,
} from './feedbackTypes'
import type { Entry } from './types'

/** wire hands plain JSON to a binding typed with the generated classes. */
function wire<T>(json: object): T {
  return json as T
}

/** plain reads what a binding answered as the window's own type: Go sends JSON. */
function plain<T>(v: unknown): T {
  return v as T
}

function page<T>(p: { items: unknown[] | null; total: number }, each: (x: never) => T): Page<T> {
  return { items: (p.items ?? []).map((x) => each(x as never)), total: p.total ?? 0 }
}

function toProposal(p: engine.Proposal): Proposal {
  return { ...plain<Proposal>(p), questions: p.questions ?? [] }
}

function toReviewItem(it: engine.ReviewItem): ReviewItem {
  return { ...plain<ReviewItem>(it), payload: it.payload ?? {}, closedBy: it.closedBy ?? '' }
}

export function toJobEvent(e: app.JobEvent): JobEvent {
  return { ...plain<JobEvent>(e), error: e.error ? { key: e.error.key, message: e.error.message } : null }
}

function toGroup(g: engine.QuestionGroup): QuestionGroup {
  return { ...plain<QuestionGroup>(g), examples: g.examples ?? [], keys: g.keys ?? [], entry: g.entry ?? null }
}

function toReport(r: engine.ReplayReport): ReplayReport {
  return { ...plain<ReplayReport>(r), curve: r.curve ?? [], outcomes: r.outcomes ?? {} }
}

// ——— Proposals (FB-1, FB-4) ———

export async function counts(shopId: number): Promise<FeedbackCounts> {
  return plain(await call(() => FeedbackService.Counts(shopId)))
}

export async function proposals(shopId: number, status: string, offset: number, limit: number): Promise<Page<Proposal>> {
  return page(await call(() => FeedbackService.Proposals(shopId, status, offset, limit)), toProposal)
}

export async function proposal(id: number): Promise<Proposal> {
  return toProposal(await call(() => FeedbackService.Proposal(id)))
}

export async function acceptProposal(req: AcceptProposal): Promise<{ proposal: Proposal; entry: Entry }> {
  const r = await call(() => FeedbackService.AcceptProposal(wire(req)))
  return { proposal: toProposal(r.proposal), entry: toEntry(r.entry) }
}

export async function rejectProposal(id: number): Promise<Proposal> {
  return toProposal(await call(() => FeedbackService.RejectProposal(id)))
}

// ——— Review queue (FB-3) ———

export async function reviewItems(shopId: number, status: string, offset: number, limit: number): Promise<Page<ReviewItem>> {
  return page(await call(() => FeedbackService.ReviewItems(shopId, status, offset, limit)), toReviewItem)
}

export async function reviewItem(id: number): Promise<ReviewItem> {
  return toReviewItem(await call(() => FeedbackService.ReviewItem(id)))
}

export async function report(input: ReportInput): Promise<ReviewItem> {
  return toReviewItem(await call(() => FeedbackService.Report(wire(input))))
}

export async function fixReview(id: number, answer: string): Promise<ReviewItem> {
  return toReviewItem(await call(() => FeedbackService.FixReview(wire({ id, answer }))))
}

export async function dismissReview(id: number): Promise<ReviewItem> {
  return toReviewItem(await call(() => FeedbackService.DismissReview(id)))
}

// ——— Unanswered questions (FB-2) ———

export async function startAnalysis(shopId: number): Promise<JobEvent> {
  return toJobEvent(await call(() => FeedbackService.StartAnalysis(shopId)))
}

export async function cancelAnalysis(shopId: number): Promise<void> {
  await call(() => FeedbackService.CancelAnalysis(shopId))
}

export async function analysis(shopId: number): Promise<AnalysisStatus> {
  const s = await call(() => FeedbackService.Analysis(shopId))
  return { ...plain<AnalysisStatus>(s), job: toJobEvent(s.job) }
}

export async function groups(shopId: number, offset: number, limit: number): Promise<Page<QuestionGroup>> {
  return page(await call(() => FeedbackService.Groups(shopId, offset, limit)), toGroup)
}

export async function overlaps(shopId: number, offset: number, limit: number): Promise<Page<Overlap>> {
  return page(await call(() => FeedbackService.Overlaps(shopId, offset, limit)), (o: engine.Overlap) => ({
    ...plain<Overlap>(o),
    shared: o.shared ?? [],
  }))
}

export async function applyGroup(req: GroupAction): Promise<Entry> {
  return toEntry(await call(() => FeedbackService.ApplyGroup(wire(req))))
}

export async function dismissQuestions(shopId: number, questions: string[]): Promise<void> {
  await call(() => FeedbackService.DismissQuestions(shopId, questions))
}

// ——— Replay (FB-5) ———

export async function startReplay(req: ReplayRequest): Promise<JobEvent> {
  return toJobEvent(await call(() => ReplayService.StartReplay(wire(req))))
}

export async function cancelReplay(shopId: number): Promise<void> {
  await call(() => ReplayService.CancelReplay(shopId))
}

export async function replayStatus(shopId: number): Promise<ReplayView> {
  const v = await call(() => ReplayService.ReplayStatus(shopId))
  return {
    job: toJobEvent(v.job),
    report: v.report ? toReport(v.report) : null,
    kbChanged: v.kbChanged,
    from: v.from ?? '',
    to: v.to ?? '',
  }
}

export async function disagreements(shopId: number, threshold: number, offset: number, limit: number): Promise<Page<Disagreement>> {
  return page(await call(() => ReplayService.Disagreements(shopId, threshold, offset, limit)), (d: engine.Disagreement) =>
    plain<Disagreement>(d),
  )
}

/** setThreshold sets the shop's assist.threshold (owner only), as replay suggests it. */
export async function setThreshold(shopId: number, threshold: number): Promise<number> {
  const v = await call(() =>
    ReceptionService.SaveShopSettings(wire({ shopId, changes: { 'assist.threshold': threshold.toFixed(2) } })),
  )
  return v.settings.threshold
}

/** shopThreshold reads the shop's assist.threshold. */
export async function shopThreshold(shopId: number): Promise<number> {
  const v = await call(() => ReceptionService.ShopSettings(shopId))
  return v.settings.threshold
}
