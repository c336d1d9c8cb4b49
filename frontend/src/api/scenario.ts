// The scenario service (智能助手, SA-4 – SA-6): one-click operations, a
// shop's own scripts with their history, and reports of a problem with a
// scenario. Wraps app.ScenarioService; every call rejects with an AppError.
import * as ReceptionService from '../../wailsjs/go/app/ReceptionService'
import * as ScenarioService from '../../wailsjs/go/app/ScenarioService'
import type { app } from '../../wailsjs/go/models'
import { toChange, toChanges, toConversation, toMessage } from './decode'
import { call } from './errors'
import { upload } from './kb'
import {
  toScenarioDefinition,
  toScenarioReport,
  toScenarioReports,
  type Operation,
  type ScenarioDefinition,
  type ScenarioReport,
} from './scenarioView'
import type { Change, Conversation, Message } from './types'

/** What an operation did: the message it added (a card, or the agents' note of an action; null for a transfer) and the conversation after. */
export interface OperationResult {
  conversation: Conversation
  message: Message | null
}

/**
 * runOperation runs a one-click operation in a conversation as the agent at
 * the desk (SA-4); orderId names the order of card and action operations
 * ('' for a coupon or a transfer). It rejects with error.card_* (an order
 * that is not the buyer's, no tracking number…), error.operation_unknown or
 * error.conversation_closed.
 */
export async function runOperation(conversationId: number, operation: Operation, orderId: string): Promise<OperationResult> {
  const r = await call(() => ScenarioService.RunOperation({ conversationId, operation, orderId } as app.OperationRequest))
  return { conversation: toConversation(r.conversation), message: r.message ? toMessage(r.message) : null }
}

/** scenario returns a shop's scenario of an intent: each order state's scripts (unrendered) and operations. */
export async function scenario(shopId: number, intent: string): Promise<ScenarioDefinition> {
  return toScenarioDefinition(await call(() => ScenarioService.Scenario(shopId, intent)))
}

/**
 * saveScripts sets a shop's scripts of a scenario in an order state ('' for
 * no order known): the recommended one first and up to 2 more; none goes
 * back to the preset. Owner only, where the robot is on: it rejects with
 * error.settings_owner_only, error.scenario_robot_off, error.kb_* for a bad
 * script. The change applies at once, shop-wide.
 */
export async function saveScripts(shopId: number, intent: string, state: string, scripts: string[]): Promise<Change> {
  return toChange(await call(() => ScenarioService.SaveScripts({ shopId, intent, state, scripts } as app.ScriptsRequest)))
}

/** scriptHistory lists the changes of a shop's scripts of a scenario, newest first (answers are the scripts, when their state). */
export async function scriptHistory(shopId: number, intent: string): Promise<Change[]> {
  return toChanges(await call(() => ScenarioService.ScenarioHistory(shopId, intent)))
}

/** rollbackScripts restores a scenario's scripts as they were before a change (owner only). */
export function rollbackScripts(shopId: number, intent: string, changeId: number): Promise<void> {
  return call(() => ScenarioService.RollbackScripts({ shopId, intent, changeId } as app.RollbackRequest))
}

/** Whether the agent at the desk may edit a shop's scenario scripts: an owner (canEdit), where the robot is on (SA-6). */
export interface ScriptsAccess {
  robotEnabled: boolean
  canEdit: boolean
}

/** scriptsAccess reads whether the robot is on for a shop and whether the agent at the desk may edit its settings. */
export async function scriptsAccess(shopId: number): Promise<ScriptsAccess> {
  const v = await call(() => ReceptionService.ShopSettings(shopId))
  return { robotEnabled: v.settings?.robotEnabled === true, canEdit: v.canEdit === true }
}

/** An image attached to a report, read from a file the agent picked. */
export interface ReportImage {
  name: string
  data: Uint8Array
}

/** A report of a problem with a scenario (SA-5). */
export interface ReportRequest {
  shopId: number
  intent: string
  state: string
  conversationId: number
  text: string
  image: ReportImage | null
}

/**
 * report stores a report for the feedback inbox: the image, when there is
 * one, goes first in pieces (ScenarioService.BeginReportUpload, then as KB
 * files go), telling onUpload how far it is. It rejects with
 * error.scenario_report_text_missing, scenario_report_text_invalid,
 * scenario_report_image_too_large or scenario_report_image_type
 * (error.kb_upload when an upload expired), and stores nothing then.
 */
export async function report(
  req: ReportRequest,
  onUpload: (sent: number, total: number) => void = () => {},
): Promise<ScenarioReport> {
  const uploadId = req.image === null ? '' : await upload(req.image.name, req.image.data, onUpload, ScenarioService.BeginReportUpload)
  const wire = { shopId: req.shopId, intent: req.intent, state: req.state, conversationId: req.conversationId, text: req.text, uploadId }
  return toScenarioReport(await call(() => ScenarioService.Report(wire as app.ReportRequest)))
}

/** reports lists a shop's scenario reports, newest first. */
export async function reports(shopId: number): Promise<ScenarioReport[]> {
  return toScenarioReports(await call(() => ScenarioService.Reports(shopId)))
}
