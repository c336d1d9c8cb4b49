// The desk's agents (CV-2): their status and capacity, and the agent sitting
// at this desk. Wraps the bindings of app.AgentService; every function
// rejects with an AppError.
import * as AgentService from '../../wailsjs/go/app/AgentService'
import { toAgent, toAgents } from './decode'
import { call } from './errors'
import type { Agent, AgentRequest, AgentStatus } from './types'

/** agents lists every agent by ID, each with how many conversations it serves. */
export async function agents(): Promise<Agent[]> {
  return toAgents(await call(() => AgentService.Agents()))
}

/** currentAgent returns the agent sitting at this desk. */
export async function currentAgent(): Promise<Agent> {
  return toAgent(await call(() => AgentService.CurrentAgent()))
}

/** createAgent adds an agent, offline until set online or switched to. */
export async function createAgent(req: AgentRequest): Promise<Agent> {
  return toAgent(await call(() => AgentService.CreateAgent(req)))
}

/** setStatus sets an agent online, away or offline. */
export async function setStatus(agentId: number, status: AgentStatus): Promise<Agent> {
  return toAgent(await call(() => AgentService.SetStatus(agentId, status)))
}

/** switchAgent makes another agent the one at this desk: the previous one goes offline, the new one online. */
export async function switchAgent(agentId: number): Promise<Agent> {
  return toAgent(await call(() => AgentService.SwitchAgent(agentId)))
}

/**
 * setAutoSend sets an agent's own "allow auto-send" (AS-4): off, assist never
 * answers on the agent's behalf, even where the shop allows it.
 */
export async function setAutoSend(agentId: number, on: boolean): Promise<Agent> {
  return toAgent(await call(() => AgentService.UpdateAgent({ id: agentId, autoSend: on })))
}
