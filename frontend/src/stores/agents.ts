import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import * as agentsApi from '../api/agents'
import { toAppError } from '../api/errors'
import type { Agent, AgentRequest, AgentStatus, AppError } from '../api/types'

/** The statuses an agent may set, in the order the menu shows them. */
export const agentStatuses: readonly AgentStatus[] = ['online', 'away', 'offline']

/**
 * The agents store holds the desk's agents and the one sitting at this desk
 * (CV-2): its status, switching to another agent, adding one. The agents:changed
 * event keeps the list and the workloads current.
 */
export const useAgentsStore = defineStore('agents', () => {
  const list = ref<Agent[]>([])
  /** The agent at this desk; 0 until known. */
  const currentId = ref(0)
  const loaded = ref(false)
  const loadError = ref<AppError | null>(null)
  let loading: Promise<void> | null = null

  const current = computed(() => list.value.find((a) => a.id === currentId.value) ?? null)

  /** put replaces an agent in the list, or adds it, keeping the list in ID order. */
  function put(a: Agent): void {
    const i = list.value.findIndex((x) => x.id === a.id)
    if (i >= 0) {
      list.value[i] = a
    } else {
      list.value = [...list.value, a].sort((x, y) => x.id - y.id)
    }
  }

  /** load fetches the agents and the current one; concurrent calls share one fetch. */
  function load(): Promise<void> {
    loading ??= (async () => {
      loadError.value = null
      try {
        const [me, all] = await Promise.all([agentsApi.currentAgent(), agentsApi.agents()])
        list.value = all
        put(me)
        currentId.value = me.id
        loaded.value = true
      } catch (err) {
        loadError.value = toAppError(err)
      } finally {
        loading = null
      }
    })()
    return loading
  }

  /** ensureLoaded loads the agents unless they are known; it never rejects (see loadError). */
  function ensureLoaded(): Promise<void> {
    return loaded.value ? Promise.resolve() : load()
  }

  /** changed handles the agents:changed event: every agent, as the backend has them now. */
  function changed(agents: Agent[]): void {
    list.value = [...agents].sort((x, y) => x.id - y.id)
  }

  /** setStatus sets the current agent online, away or offline; it rejects with an AppError. */
  async function setStatus(status: AgentStatus): Promise<Agent> {
    const a = await agentsApi.setStatus(currentId.value, status)
    put(a)
    return a
  }

  /**
   * switchTo makes another agent the one at this desk: the previous one goes
   * offline, keeping its conversations, and the new one comes online. It
   * rejects with an AppError.
   */
  async function switchTo(agentId: number): Promise<Agent> {
    const previous = current.value
    const a = await agentsApi.switchAgent(agentId)
    if (previous !== null && previous.id !== a.id) {
      put({ ...previous, status: 'offline' })
    }
    put(a)
    currentId.value = a.id
    return a
  }

  /**
   * setAutoSend turns the current agent's own "allow auto-send" on or off
   * (AS-4); it rejects with an AppError.
   */
  async function setAutoSend(on: boolean): Promise<Agent> {
    const a = await agentsApi.setAutoSend(currentId.value, on)
    put(a)
    return a
  }

  /** create adds an agent (offline until switched to); it rejects with an AppError. */
  async function create(req: AgentRequest): Promise<Agent> {
    const a = await agentsApi.createAgent(req)
    put(a)
    return a
  }

  /** name returns an agent's name, '' for one not known. */
  function name(agentId: number): string {
    return list.value.find((a) => a.id === agentId)?.name ?? ''
  }

  return { list, currentId, current, loaded, loadError, load, ensureLoaded, changed, setStatus, setAutoSend, switchTo, create, name }
})
