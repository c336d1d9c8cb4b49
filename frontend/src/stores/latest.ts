/**
 * Latest keeps a store from showing an answer that arrived after the answer
 * to a newer request: each request takes a ticket, and only the newest
 * ticket is current. The stores use one per kind of request (the list, the
 * open conversation, a search…).
 *
 *   const loads = latest()
 *   async function load() {
 *     const ticket = loads.next()
 *     const page = await api.list()
 *     if (ticket.current()) { show(page) }
 *   }
 */
export interface Latest {
  /** next starts a request: every ticket handed out before stops being current. */
  next(): Ticket
  /** ticket returns a ticket for the request under way, without starting a new one (a follow-up of it). */
  ticket(): Ticket
  /** drop makes every ticket handed out so far stale, as when what they were for is gone. */
  drop(): void
}

/** Ticket is one request's claim to be shown. */
export interface Ticket {
  /** current reports whether no newer request was started (nor the store dropped them) since. */
  current(): boolean
}

export function latest(): Latest {
  let seq = 0
  const ticketFor = (mine: number): Ticket => ({ current: () => mine === seq })
  return {
    next: () => ticketFor(++seq),
    ticket: () => ticketFor(seq),
    drop: () => {
      seq++
    },
  }
}
