import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import * as buyerApi from '../api/buyer'
import type { Order } from '../api/buyer'
import { toAppError } from '../api/errors'
import * as scenarioApi from '../api/scenario'
import type { OperationResult, ScriptsAccess } from '../api/scenario'
import type { Operation, Script, ScenarioView } from '../api/scenarioView'
import type { AppError, Message } from '../api/types'
import { useAssistStore } from './assist'
import { useConversationsStore } from './conversations'
import { latest } from './latest'

/**
 * The scenario store drives the smart assistant's prompt above the input
 * box (SA-1, SA-4): which scenario it shows for the open conversation's
 * latest buyer message (the assist's), whether the agent hid it for that
 * message, and what its scripts and one-click operations do.
 */
export const useScenarioStore = defineStore('scenario', () => {
  const assist = useAssistStore()
  const conversations = useConversationsStore()

  /** The buyer messages whose prompt the agent hid, as "conversation:message". */
  const hidden = ref<Record<string, true>>({})
  /** The operation under way, '' for none: one at a time. */
  const running = ref<Operation>('')

  const key = computed(() => {
    const a = assist.assist
    return a === null ? '' : `${a.conversationId}:${a.messageId}`
  })

  /** The scenario of the open conversation's latest buyer message; null when it has none. */
  const view = computed<ScenarioView | null>(() => {
    const a = assist.assist
    return a !== null && a.conversationId === conversations.activeId ? a.scenario : null
  })

  /** The agent hid the prompt of this buyer message; the next one shows it again. */
  const dismissed = computed(() => key.value !== '' && hidden.value[key.value] === true)

  function dismiss(): void {
    if (key.value !== '') {
      hidden.value = { ...hidden.value, [key.value]: true }
    }
  }

  function reopen(): void {
    const { [key.value]: _, ...rest } = hidden.value
    hidden.value = rest
  }

  /** copyScript puts a script in the reply box to edit; the edit applies to that reply only (SA-4). */
  function copyScript(s: Script): void {
    conversations.applyText(s.text)
  }

  /**
   * sendScript sends a script as it is (SA-4) and returns the message; one
   * with a variable still missing goes to the reply box instead (it must
   * never reach the buyer with braces) and gives undefined. It rejects with
   * an AppError when the backend refuses it.
   */
  async function sendScript(s: Script): Promise<Message | undefined> {
    const id = conversations.activeId
    if (id === null || conversations.readOnly) {
      return undefined
    }
    if (s.missing.length > 0) {
      copyScript(s)
      return undefined
    }
    return conversations.send({ conversationId: id, text: s.text, entryId: 0 })
  }

  /**
   * run runs a one-click operation on an order ('' for a coupon or a
   * transfer) as the agent at the desk, and shows what it did in the
   * conversation and the lists. It rejects with an AppError; one operation
   * runs at a time (another click meanwhile does nothing and gives null).
   */
  async function run(op: Operation, orderId: string): Promise<OperationResult | null> {
    const id = conversations.activeId
    if (id === null || conversations.readOnly || running.value !== '') {
      return null
    }
    running.value = op
    try {
      const r = await scenarioApi.runOperation(id, op, orderId)
      if (r.message !== null) {
        conversations.receive({ conversation: r.conversation, message: r.message })
      } else {
        conversations.update(r.conversation)
      }
      return r
    } finally {
      running.value = ''
    }
  }

  // ——— The buyer's orders, when an operation needs one and the conversation names none ———

  const loaded = ref<Order[] | null>(null)
  const ordersFor = ref<number | null>(null)
  const ordersLoading = ref(false)
  const ordersError = ref<AppError | null>(null)
  const orderLoads = latest()

  /** The open conversation's buyer's orders, newest first; null until read. */
  const orders = computed(() => (ordersFor.value === conversations.activeId ? loaded.value : null))

  /**
   * loadOrders reads the open conversation's buyer's orders, newest first
   * (the newest 50), to pick the one an operation is about; a read for a conversation
   * that is no longer open is dropped.
   */
  async function loadOrders(): Promise<void> {
    const id = conversations.activeId
    if (id === null) {
      return
    }
    const ticket = orderLoads.next()
    if (ordersFor.value !== id) {
      loaded.value = null
    }
    ordersFor.value = id
    ordersLoading.value = true
    ordersError.value = null
    try {
      const p = await buyerApi.profile(id)
      if (ticket.current()) {
        loaded.value = p.orders
      }
    } catch (err) {
      if (ticket.current()) {
        ordersError.value = toAppError(err)
      }
    } finally {
      if (ticket.current()) {
        ordersLoading.value = false
      }
    }
  }

  // ——— Whether the agent may edit the shop's scripts (SA-6): an owner, where the robot is on ———

  const access = ref<Record<number, ScriptsAccess>>({})

  /** loadAccess reads whether the agent may edit a shop's scripts; a failure keeps what was known (the button stays hidden). */
  async function loadAccess(shopId: number): Promise<void> {
    try {
      const a = await scenarioApi.scriptsAccess(shopId)
      access.value = { ...access.value, [shopId]: a }
    } catch {
      // Unknown: the edit button stays as it was.
    }
  }

  /** refreshAccess reads again whether the agent may edit the scripts of every shop read so far (settings:changed). */
  function refreshAccess(): void {
    for (const id of Object.keys(access.value)) {
      void loadAccess(Number(id))
    }
  }

  /** mayEdit tells whether the agent at the desk may edit a shop's scripts, as last read. */
  function mayEdit(shopId: number): boolean {
    const a = access.value[shopId]
    return a !== undefined && a.robotEnabled && a.canEdit
  }

  return {
    view,
    access,
    loadAccess,
    refreshAccess,
    mayEdit,
    dismissed,
    dismiss,
    reopen,
    running,
    copyScript,
    sendScript,
    run,
    orders,
    ordersLoading,
    ordersError,
    loadOrders,
  }
})
