import { defineStore } from 'pinia'
import { ref } from 'vue'

import { toAppError } from '../api/errors'
import * as reception from '../api/reception'
import type { AssistSettingKey, SettingKey, ShopSettings, ShopSettingsView } from '../api/reception'
import type { AppError } from '../api/types'
import { latest, type Latest } from './latest'

/** The settings of the form, as numbers and switches; what is saved goes as text (rdctl's values). */
export type SettingsForm = ShopSettings

/**
 * changesOf lists what differs between the saved settings and the form, as
 * SaveShopSettings takes it: "on"/"off", the threshold as a decimal and the
 * burst wait in seconds ("2.5s"). Nothing changed gives an empty object.
 */
export function changesOf(saved: ShopSettings, form: SettingsForm): Partial<Record<AssistSettingKey, string>> {
  const out: Partial<Record<AssistSettingKey, string>> = {}
  const onOff = (b: boolean) => (b ? 'on' : 'off')
  if (form.assistEnabled !== saved.assistEnabled) {
    out['assist.enabled'] = onOff(form.assistEnabled)
  }
  if (form.autoSend !== saved.autoSend) {
    out['assist.auto_send'] = onOff(form.autoSend)
  }
  if (Math.abs(form.threshold - saved.threshold) > 1e-9) {
    out['assist.threshold'] = String(Math.round(form.threshold * 100) / 100)
  }
  if (form.burstWaitMs !== saved.burstWaitMs) {
    out['assist.burst_wait'] = `${Math.round(form.burstWaitMs) / 1000}s`
  }
  if (form.draftAutoSend !== saved.draftAutoSend) {
    out['assist.draft_auto_send'] = onOff(form.draftAutoSend)
  }
  return out
}

/**
 * The assistant store holds each shop's chat assistant settings (聊天助手 →
 * 辅助回复: AS-1, AS-4, AS-9) as far as the window has read them: the
 * settings dialog edits them, the chat header's auto-send toggle reads
 * whether the shop allows auto-send at all.
 */
export const useAssistantStore = defineStore('assistant', () => {
  const byShop = ref<Record<number, ShopSettingsView>>({})
  const errors = ref<Record<number, AppError>>({})
  const loading = ref<Record<number, boolean>>({})
  const loads = new Map<number, Latest>()

  function loadsOf(shopId: number): Latest {
    let l = loads.get(shopId)
    if (l === undefined) {
      l = latest()
      loads.set(shopId, l)
    }
    return l
  }

  /**
   * load reads a shop's settings afresh (they are served from memory) and
   * returns them; it rejects with an AppError, also kept in errors. An older
   * read that answers late is dropped.
   */
  async function load(shopId: number): Promise<ShopSettingsView> {
    const ticket = loadsOf(shopId).next()
    loading.value = { ...loading.value, [shopId]: true }
    try {
      const v = await reception.shopSettings(shopId)
      if (ticket.current()) {
        byShop.value = { ...byShop.value, [shopId]: v }
        const { [shopId]: _, ...rest } = errors.value
        errors.value = rest
      }
      return v
    } catch (err) {
      const e = toAppError(err)
      if (ticket.current()) {
        errors.value = { ...errors.value, [shopId]: e }
      }
      throw e
    } finally {
      if (ticket.current()) {
        loading.value = { ...loading.value, [shopId]: false }
      }
    }
  }

  /** refresh reads a shop's settings in the background; a failure keeps what was known. */
  function refresh(shopId: number): void {
    load(shopId).catch(() => {})
  }

  /**
   * save saves the changes of a shop's settings, all or none, and keeps the
   * settings as saved. It rejects with an AppError (error.settings_owner_only,
   * error.setting_invalid…) and changes nothing then.
   */
  async function save(shopId: number, changes: Partial<Record<SettingKey, string>>): Promise<ShopSettingsView> {
    const v = await reception.saveShopSettings(shopId, changes)
    loadsOf(shopId).drop()
    byShop.value = { ...byShop.value, [shopId]: v }
    loading.value = { ...loading.value, [shopId]: false }
    return v
  }

  /** keep keeps a shop's settings as a call other than load or save returned them (an import). */
  function keep(v: ShopSettingsView): void {
    loadsOf(v.shopId).drop()
    byShop.value = { ...byShop.value, [v.shopId]: v }
  }

  /** copyRobot copies a shop's robot settings to another (owner only) and keeps the target's; it rejects with an AppError. */
  async function copyRobot(from: number, to: number): Promise<ShopSettingsView> {
    const v = await reception.copySettings(from, to, 'robot.')
    keep(v)
    return v
  }

  /** refreshAll reads again the settings of every shop read so far (settings:changed). */
  function refreshAll(): void {
    for (const id of Object.keys(byShop.value)) {
      refresh(Number(id))
    }
  }

  /** of returns a shop's settings as last read; null before. */
  function of(shopId: number): ShopSettingsView | null {
    return byShop.value[shopId] ?? null
  }

  return { byShop, errors, loading, load, refresh, refreshAll, save, keep, copyRobot, of }
})
