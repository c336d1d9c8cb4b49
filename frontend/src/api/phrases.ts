// Quick phrases (常用语, CV-3): the shop's and the agent's own, and their
// insertion into the reply box with variables filled. Wraps the bindings of
// app.PhraseService; every function rejects with an AppError.
import * as PhraseService from '../../wailsjs/go/app/PhraseService'
import { engine } from '../../wailsjs/go/models'
import { call } from './errors'

/** A quick phrase: shop-wide (personal false) or the agent's own. */
export interface QuickPhrase {
  id: number
  shopId: number
  personal: boolean
  group: string
  text: string
  uses: number
}

/** A phrase rendered for a conversation; missing names the variables still to fill in. */
export interface Inserted {
  phraseId: number
  text: string
  missing: string[]
}

/** The limits the backend holds phrases to (engine.ValidatePhrase). */
export const maxPhraseLength = 1000
export const maxGroupLength = 20

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0
}

export function toPhrase(p: engine.QuickPhrase): QuickPhrase {
  return {
    id: num(p.id),
    shopId: num(p.shopId),
    personal: p.personal === true,
    group: str(p.group),
    text: str(p.text),
    uses: num(p.uses),
  }
}

/** list returns the phrases of a shop the agent at the desk sees: the shop's and its own, in order. */
export async function list(shopId: number): Promise<QuickPhrase[]> {
  const ps = await call(() => PhraseService.List(shopId))
  return (ps ?? []).map(toPhrase)
}

/** save creates (id 0) or updates a phrase and returns it as stored. */
export async function save(p: Pick<QuickPhrase, 'id' | 'shopId' | 'personal' | 'group' | 'text'>): Promise<QuickPhrase> {
  const saved = await call(() => PhraseService.Save(engine.QuickPhrase.createFrom({ ...p, agentId: 0, sort: 0, uses: 0 })))
  return toPhrase(saved)
}

/** remove deletes a phrase. */
export function remove(id: number): Promise<void> {
  return call(() => PhraseService.Delete(id))
}

/** use renders a phrase for a conversation's reply box and counts the use. */
export async function use(id: number, conversationId: number): Promise<Inserted> {
  const r = await call(() => PhraseService.Use(id, conversationId))
  return { phraseId: num(r.phraseId), text: str(r.text), missing: Array.isArray(r.missing) ? r.missing.map(str) : [] }
}
