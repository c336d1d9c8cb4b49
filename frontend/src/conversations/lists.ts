// The conversation lists as the backend defines them (engine/list.go), so
// that a pushed conversation can be placed in, or taken out of, the list on
// screen without asking the backend again.
import type { Conversation, ListCounts, ListName } from '../api/types'

/** The lists in the order the workstation shows them. */
export const listNames: readonly ListName[] = ['all', 'unread', 'unreplied', 'queued', 'closed']

export function isListName(v: unknown): v is ListName {
  return listNames.some((l) => l === v)
}

export const noCounts: Readonly<ListCounts> = Object.freeze({ all: 0, unread: 0, unreplied: 0, queued: 0, closed: 0 })

/** inList tells whether a conversation belongs in a list, agent and search aside (engine.List.Has). */
export function inList(list: ListName, c: Conversation): boolean {
  const open = c.state !== 'closed'
  switch (list) {
    case 'all':
      return open
    case 'unread':
      return open && c.unread > 0
    case 'unreplied':
      return open && c.unreplied
    case 'queued':
      return c.state === 'queued'
    case 'closed':
      return !open
  }
}

/** The scope of the lists: the agent whose conversations they show (0: everyone's) and the shops (empty: all). */
export interface ListScope {
  agentId: number
  shopIds: readonly number[]
}

/** inScope tells whether a conversation is within the agent and shops of a list; the queue is everyone's. */
export function inScope(list: ListName, scope: ListScope, c: Conversation): boolean {
  if (scope.shopIds.length > 0 && !scope.shopIds.includes(c.shopId)) {
    return false
  }
  return scope.agentId === 0 || list === 'queued' || c.agentId === scope.agentId
}

/**
 * matchesQuery tells whether what the window knows of a conversation — its
 * buyer and its last message — contains the search text, as the backend
 * compares (case-insensitive for Latin letters). The backend also searches
 * older messages: this is only used for conversations pushed while a search
 * is shown, whose newest message is the news.
 */
export function matchesQuery(query: string, c: Conversation): boolean {
  const q = query.trim().toLowerCase()
  if (q === '') {
    return true
  }
  return [c.buyerName, c.lastText].some((s) => s.toLowerCase().includes(q))
}

function ms(iso: string): number {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? 0 : t
}

/**
 * compare orders a list as the backend does: the queue priority first, then
 * in the order of arrival; the other lists newest activity first.
 */
export function compare(list: ListName, a: Conversation, b: Conversation): number {
  if (list === 'queued') {
    if (a.priority !== b.priority) {
      return a.priority ? -1 : 1
    }
    return ms(a.queuedAt) - ms(b.queuedAt) || a.id - b.id
  }
  return ms(b.lastAt) - ms(a.lastAt) || b.id - a.id
}
