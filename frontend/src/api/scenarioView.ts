// Scenarios (智能助手, SA-1 – SA-8) as the window sees them: the prompt
// above the input box, a scenario's scripts by order state for the editor,
// and agents' reports. Decoding only; the calls are in scenario.ts.
import type { engine } from '../../wailsjs/go/models'
import { toOrderContext, type OrderContext } from './orders'

/**
 * A one-click operation (SA-4): cards to the buyer (order_card,
 * logistics_card, coupon, address_card), transfer_human (back to the queue,
 * first), and the actions the platform carries out (urge_warehouse,
 * create_after_sales). A newer backend may add more; the window shows those
 * by their key.
 */
export type Operation =
  | 'order_card'
  | 'logistics_card'
  | 'coupon'
  | 'address_card'
  | 'urge_warehouse'
  | 'transfer_human'
  | 'create_after_sales'
  | (string & {})

/** The operations that act on one of the buyer's orders: the others (coupon, transfer_human) need none. */
export const orderOperations: ReadonlySet<string> = new Set([
  'order_card',
  'logistics_card',
  'address_card',
  'urge_warehouse',
  'create_after_sales',
])

/** A scenario script rendered for the conversation; missing lists the variables with no value ("order.id"): it must be completed before it goes. */
export interface Script {
  text: string
  missing: string[]
}

/** A platform's rule the agent must know about (SA-8), in the shop's language, with where it comes from. */
export interface RuleView {
  id: string
  text: string
  source: string
  /** When the rule was read, as the rules file says ("2025-06"). */
  date: string
}

/**
 * A scenario as the agent sees it above the input box (SA-1, SA-4, SA-8):
 * the intent, the order and its state, the scripts for that state (the
 * recommended one first), the operations and the platform's rules.
 */
export interface ScenarioView {
  intent: string
  /** The scenario's name in the shop's language (催发货). */
  name: string
  order: OrderContext
  scripts: Script[]
  operations: Operation[]
  rules: RuleView[]
}

/** What a scenario recommends in one order state: scripts (unrendered, the recommended one first) and operations. */
export interface ScenarioStep {
  scripts: string[]
  operations: Operation[]
}

/**
 * A shop's scenario of an intent as the script editor shows it (SA-6): the
 * step of each order state, keyed by the state, "" for no order known.
 */
export interface ScenarioDefinition {
  intent: string
  name: string
  steps: Record<string, ScenarioStep>
}

/** An agent's report of a problem with a scenario (SA-5). */
export interface ScenarioReport {
  id: number
  shopId: number
  intent: string
  state: string
  conversationId: number
  agentId: number
  text: string
  /** The image's file name in the data folder; '' for none. */
  image: string
  /** open until the feedback inbox deals with it; a newer backend may say more. */
  status: string
  createdAt: string
}

/** How many scripts a state has at most: the recommended one and 2 more (SA-6). */
export const maxScripts = 3

/** The limits of a report (engine.MaxReportRunes, MaxReportImage) and the image types it takes. */
export const reportLimits = Object.freeze({
  maxTextRunes: 1000,
  maxImageBytes: 2 << 20,
  imageTypes: Object.freeze(['image/png', 'image/jpeg', 'image/gif', 'image/webp']),
})

const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [])
const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {})

function toScript(s: unknown): Script {
  const r = record(s)
  return { text: str(r.text), missing: strings(r.missing) }
}

function toRule(v: unknown): RuleView {
  const r = record(v)
  return { id: str(r.id), text: str(r.text), source: str(r.source), date: str(r.date) }
}

/**
 * toScenarioView decodes engine.ScenarioView; null for none or one without
 * an intent. Blank scripts and rules are dropped.
 */
export function toScenarioView(v: engine.ScenarioView | null | undefined): ScenarioView | null {
  if (typeof v !== 'object' || v === null || str(v.intent) === '') {
    return null
  }
  return {
    intent: v.intent,
    name: str(v.name),
    order: toOrderContext(v.order),
    scripts: (Array.isArray(v.scripts) ? v.scripts : []).map(toScript).filter((s) => s.text.trim() !== ''),
    operations: strings(v.operations),
    rules: (Array.isArray(v.rules) ? v.rules : []).map(toRule).filter((r) => r.text.trim() !== ''),
  }
}

/** toScenarioDefinition decodes engine.Scenario; steps that are not objects are dropped. */
export function toScenarioDefinition(s: engine.Scenario): ScenarioDefinition {
  const steps: Record<string, ScenarioStep> = {}
  for (const [state, step] of Object.entries(record(s.steps))) {
    const r = record(step)
    steps[state] = { scripts: strings(r.scripts), operations: strings(r.operations) }
  }
  return { intent: str(s.intent), name: str(s.name), steps }
}

export function toScenarioReport(r: engine.ScenarioReport): ScenarioReport {
  return {
    id: num(r.id),
    shopId: num(r.shopId),
    intent: str(r.intent),
    state: str(r.state),
    conversationId: num(r.conversationId),
    agentId: num(r.agentId),
    text: str(r.text),
    image: str(r.image),
    status: str(r.status),
    createdAt: str(r.createdAt).replace(/(\.\d{3})\d+/, '$1'),
  }
}

export function toScenarioReports(list: engine.ScenarioReport[] | null | undefined): ScenarioReport[] {
  return (Array.isArray(list) ? list : []).map(toScenarioReport)
}
