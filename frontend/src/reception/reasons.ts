// The words of reception's decisions (engine/reasons.go): which reason key
// says what, in the window's language, and which decisions are worth showing
// under a buyer message.
import type { DecisionRecord, Reason } from '../api/reception'

/** The part of vue-i18n's composer the reasons need. */
export interface Translator {
  t: (key: string, named?: Record<string, unknown>) => string
  te: (key: string) => boolean
}

/**
 * How a decision reads under its buyer message: sent (assist answered; the
 * reply carries the tag), handoff (a human must answer: called out), held
 * (assist would have answered but did not, and why matters to the agent),
 * quiet (what the shop or the conversation is like — shown on nothing, or
 * every message would say it), other (an outcome this window does not know).
 */
export type Tone = 'sent' | 'handoff' | 'held' | 'quiet' | 'other'

/** Reasons that hold for every message of a shop or conversation: saying them on each would be noise. */
const quietReasons: ReadonlySet<string> = new Set([
  'auto_reply_off',
  'off_window',
  'closed',
  'human_replied',
  'buyer_card',
  'assist_off',
  'no_agent',
  'auto_send_off',
  'agent_auto_send_off',
])

export function toneOf(d: DecisionRecord): Tone {
  switch (d.outcome) {
    case 'assist':
    case 'robot':
    case 'fallback':
    case 'away':
    case 'predict':
      return 'sent'
    case 'handoff':
      return 'handoff'
    case 'merged':
      return 'quiet'
    case 'suggest':
      return quietReasons.has(d.reason.key) ? 'quiet' : 'held'
    default:
      return 'other'
  }
}

/** The lead a notice's {why} drops from the reason it names ("未发送：", "Not sent: "). */
const leads = /^(?:未发送：|未自动回复：|Not sent: |Not answered automatically: )/

/**
 * reasonText says a decision's reason in the window's language: the key's
 * words (reasonYou's when the agent named is the one at this desk) with its
 * arguments — variables by their names, a notice's {why} by the reason it
 * names, an unsolved rating's {reason} by its words. A key the window does
 * not know says what the outcome was.
 */
export function reasonText(i18n: Translator, r: Reason, outcome: string, agentId: number, currentAgentId: number): string {
  const { t, te } = i18n
  const key = r.key
  if (key === '' || !te(`reason.${key}`)) {
    if (outcome === '') {
      return t('reception.reasonUnknown')
    }
    return te(`reception.outcome.${outcome}`) ? t(`reception.outcome.${outcome}`) : t('reception.outcome.other', { outcome })
  }
  const args: Record<string, string> = { ...r.args }
  if (args.variables !== undefined) {
    args.variables = variableNames(i18n, args.variables)
  }
  if (args.reason !== undefined && te(`reason.unsolved_${args.reason}`)) {
    args.reason = t(`reason.unsolved_${args.reason}`)
  }
  if (args.why !== undefined) {
    const inner = { key: args.why, args: Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'why')) }
    args.why = reasonText(i18n, inner, '', agentId, currentAgentId).replace(leads, '')
  }
  if (agentId !== 0 && agentId === currentAgentId && te(`reasonYou.${key}`)) {
    return t(`reasonYou.${key}`, args)
  }
  return t(`reason.${key}`, args)
}

/** variableNames turns "{order.id}, {buyer.name}" into the variables' names ("订单号、买家昵称"). */
function variableNames(i18n: Translator, list: string): string {
  const names = [...list.matchAll(/\{([a-z_.]+)\}/g)].map((m) => {
    const name = m[1] ?? ''
    return i18n.te(`variable.${name}`) ? i18n.t(`variable.${name}`) : `{${name}}`
  })
  return names.length > 0 ? names.join(i18n.t('list.separator')) : list
}
