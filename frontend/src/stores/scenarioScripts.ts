import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import { toAppError } from '../api/errors'
import * as kbApi from '../api/kb'
import * as scenarioApi from '../api/scenario'
import type { ScriptsAccess } from '../api/scenario'
import type { ScenarioDefinition } from '../api/scenarioView'
import type { AppError, Change } from '../api/types'
import { useAssistStore } from './assist'
import { latest } from './latest'

/**
 * scriptsByState reads the scripts of a scenario change's entry by state
 * (its answers, each meant for one state or, without one, for no order
 * known: ""), as engine.ScriptsByState does.
 */
export function scriptsByState(c: Change['before']): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const a of c?.answers ?? []) {
    const state = a.when[0] ?? ''
    ;(out[state] ??= []).push(a.text)
  }
  return out
}

/** changedStates lists the states whose scripts a change changed, in the order of states. */
export function changedStates(c: Change, states: readonly string[]): string[] {
  const before = scriptsByState(c.before)
  const after = scriptsByState(c.after)
  const same = (a: string[] = [], b: string[] = []) => a.length === b.length && a.every((x, i) => x === b[i])
  const all = [...states, ...Object.keys(before), ...Object.keys(after)].filter((s, i, xs) => xs.indexOf(s) === i)
  return all.filter((s) => !same(before[s], after[s]))
}

/**
 * The script editor's store (SA-6): a shop's scenario of an intent — each
 * order state's scripts, the shop's own over the platform's — its history
 * with rollback, and whether the agent at the desk may edit it (an owner,
 * where the robot is on).
 */
export const useScenarioScriptsStore = defineStore('scenarioScripts', () => {
  const shopId = ref<number | null>(null)
  const intent = ref('')
  const definition = ref<ScenarioDefinition | null>(null)
  const history = ref<Change[]>([])
  const access = ref<ScriptsAccess | null>(null)
  /** The variables a script may use ("order.id"), as the KB's answers; read once. */
  const variables = ref<string[]>([])
  const loading = ref(false)
  const error = ref<AppError | null>(null)
  const saving = ref(false)
  const loads = latest()

  /**
   * The states whose scripts are the shop's own: those of the newest change's
   * after (a change keeps all of the shop's scripts of the scenario).
   */
  const ownStates = computed(() => new Set(Object.keys(scriptsByState(history.value[0]?.after ?? null))))

  /** The agent may save: an owner, where the robot is on. */
  const editable = computed(() => access.value?.robotEnabled === true && access.value.canEdit)

  /**
   * load reads a shop's scenario of an intent, its history and the agent's
   * access, all at once; an older read that answers late is dropped. A
   * failure is kept in error.
   */
  async function load(shop: number, of: string): Promise<void> {
    const ticket = loads.next()
    if (shopId.value !== shop || intent.value !== of) {
      definition.value = null
      history.value = []
      access.value = null
    }
    shopId.value = shop
    intent.value = of
    loading.value = true
    error.value = null
    if (variables.value.length === 0) {
      Promise.resolve()
        .then(() => kbApi.meta())
        .then((m) => (variables.value = m.variables))
        .catch(() => {})
    }
    try {
      const [d, h, a] = await Promise.all([
        scenarioApi.scenario(shop, of),
        scenarioApi.scriptHistory(shop, of),
        scenarioApi.scriptsAccess(shop),
      ])
      if (ticket.current()) {
        definition.value = d
        history.value = h
        access.value = a
      }
    } catch (err) {
      if (ticket.current()) {
        error.value = toAppError(err)
      }
    } finally {
      if (ticket.current()) {
        loading.value = false
      }
    }
  }

  function reload(): Promise<void> {
    return shopId.value === null ? Promise.resolve() : load(shopId.value, intent.value)
  }

  /** refreshPrompt reads the open conversation's assist again: its prompt shows the shop's scripts at once (SA-6). */
  function refreshPrompt(): void {
    const assist = useAssistStore()
    if (assist.conversationId !== null) {
      void assist.load(assist.conversationId)
    }
  }

  /**
   * save sets the scripts of a state (blank ones dropped; none goes back to
   * the platform's) and reads the scenario and its history again. It
   * rejects with an AppError and changes nothing then.
   */
  async function save(state: string, scripts: string[]): Promise<Change> {
    if (shopId.value === null) {
      throw toAppError(new Error('no scenario is open'))
    }
    saving.value = true
    try {
      const c = await scenarioApi.saveScripts(
        shopId.value,
        intent.value,
        state,
        scripts.map((s) => s.trim()).filter((s) => s !== ''),
      )
      await reload()
      refreshPrompt()
      return c
    } finally {
      saving.value = false
    }
  }

  /** rollback restores the scripts as they were before a change and reads them again; it rejects with an AppError. */
  async function rollback(changeId: number): Promise<void> {
    if (shopId.value === null) {
      return
    }
    saving.value = true
    try {
      await scenarioApi.rollbackScripts(shopId.value, intent.value, changeId)
      await reload()
      refreshPrompt()
    } finally {
      saving.value = false
    }
  }

  return { shopId, intent, definition, history, ownStates, access, variables, editable, loading, error, saving, load, reload, save, rollback }
})
