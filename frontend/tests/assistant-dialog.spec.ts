import { NSelect } from 'naive-ui'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as chat from '../src/api/chat'
import * as llmApi from '../src/api/llm'
import * as reception from '../src/api/reception'
import TopBar from '../src/components/layout/TopBar.vue'
import { changesOf } from '../src/stores/assistant'
import { useAppStore } from '../src/stores/app'
import { fakeBackend, type Pushes } from './backend'
import { render, settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/reception')
vi.mock('../src/api/desktop')
vi.mock('../src/api/llm')

const defaults = { assistEnabled: true, autoSend: false, threshold: 0.87, burstWaitMs: 0, draftAutoSend: false }

let pushes: Pushes

async function openDialog() {
  const { wrapper } = render(TopBar)
  await useAppStore().load()
  await settle()
  await wrapper.get('[data-testid="open-assistant"]').trigger('click')
  await settle()
  const dialog = () => document.querySelector<HTMLElement>('[data-testid="assistant-dialog"]')!
  const q = <T extends HTMLElement>(id: string) => dialog().querySelector<T>(`[data-testid="${id}"]`)!
  const typeNumber = async (id: string, value: string) => {
    const input = q<HTMLInputElement>(id)
    input.value = value
    input.dispatchEvent(new Event('input'))
    input.dispatchEvent(new Event('blur'))
    input.dispatchEvent(new Event('change'))
    await settle()
  }
  const click = async (id: string) => {
    q(id).click()
    await settle()
  }
  return { wrapper, dialog, q, typeNumber, click }
}

describe('AS-1 AS-4 AS-9 聊天助手 → 辅助回复 settings', () => {
  beforeEach(() => {
    pushes = fakeBackend()
    pushes.settings[1] = { shopId: 1, settings: { ...defaults }, defaults: { ...defaults }, values: {}, defaultValues: {}, canEdit: true }
    vi.mocked(chat.shops).mockResolvedValue([
      { id: 1, name: '小蓝鲸旗舰店', platform: 'douyin', locale: 'zh-CN' },
      { id: 2, name: 'Blue Whale US', platform: 'tiktok', locale: 'en' },
    ])
    vi.mocked(llmApi.settings).mockResolvedValue({ baseUrl: '', model: '', enabled: false, budgetMs: 1500, topK: 5, hasKey: false, keyPlace: '' })
  })

  it('opens from the top bar on the first shop, with the default threshold and the LLM note', async () => {
    const { dialog, q } = await openDialog()
    expect(reception.shopSettings).toHaveBeenCalledWith(1)
    expect(dialog().textContent).toContain('辅助回复')
    expect(q('assistant-enabled').getAttribute('aria-checked')).toBe('true')
    expect(q('assistant-auto-send').getAttribute('aria-checked')).toBe('false')
    expect(q<HTMLInputElement>('assistant-threshold').value).toBe('0.87')
    expect(q('assistant-threshold-default').textContent).toContain('默认 0.87')
    expect(q('assistant-no-llm').textContent).toContain('还没有启用大模型')
    expect(dialog().querySelector('[data-testid="assistant-read-only"]')).toBeNull()
  })

  it('saves only what changed, all at once, as the backend takes it', async () => {
    const { dialog, q, typeNumber, click } = await openDialog()
    await click('assistant-auto-send')
    await typeNumber('assistant-threshold', '0.9')
    await typeNumber('assistant-burst-wait', '2.5')
    expect(q('assistant-dirty').textContent).toBe('有未保存的修改')
    await click('assistant-save')
    expect(reception.saveShopSettings).toHaveBeenCalledWith(1, {
      'assist.auto_send': 'on',
      'assist.threshold': '0.9',
      'assist.burst_wait': '2.5s',
    })
    expect(toasts()).toContain('小蓝鲸旗舰店 的聊天助手设置已保存')
    expect(pushes.settings[1]?.settings).toMatchObject({ autoSend: true, threshold: 0.9, burstWaitMs: 2500 })
    expect(dialog()?.style.display === 'none' || !document.body.contains(dialog())).toBe(true)
  })

  it('turns auto-send off with assist, and resets the threshold to its default', async () => {
    pushes.settings[1] = { shopId: 1, settings: { ...defaults, autoSend: true, threshold: 0.95 }, defaults: { ...defaults }, values: {}, defaultValues: {}, canEdit: true }
    const { q, click } = await openDialog()
    expect(q<HTMLInputElement>('assistant-threshold').value).toBe('0.95')
    await click('assistant-threshold-reset')
    expect(q<HTMLInputElement>('assistant-threshold').value).toBe('0.87')
    await click('assistant-enabled')
    expect(q('assistant-auto-send').classList).toContain('n-switch--disabled')
    expect(q('assistant-auto-send').parentElement?.textContent).toContain('需先开启辅助回复')
    await click('assistant-save')
    expect(reception.saveShopSettings).toHaveBeenCalledWith(1, { 'assist.enabled': 'off', 'assist.threshold': '0.87' })
  })

  it('is read-only, saying so, for an agent who is not the owner', async () => {
    pushes.settings[1] = { shopId: 1, settings: { ...defaults }, defaults: { ...defaults }, values: {}, defaultValues: {}, canEdit: false }
    const { q } = await openDialog()
    expect(q('assistant-read-only').textContent).toContain('只有店铺主账号/管理员可以修改')
    expect(q('assistant-auto-send').classList).toContain('n-switch--disabled')
    expect(q<HTMLInputElement>('assistant-threshold').disabled).toBe(true)
    expect(q<HTMLButtonElement>('assistant-save').disabled).toBe(true)
  })

  it('shows a refusal, and where a value is out of range, by its field', async () => {
    const { q, click, typeNumber } = await openDialog()
    vi.mocked(reception.saveShopSettings).mockRejectedValueOnce({ kind: 'invalid', key: 'error.settings_owner_only', message: 'owner only' })
    await click('assistant-auto-send')
    await click('assistant-save')
    expect(q('assistant-error').textContent).toContain('只有店铺主账号/管理员可以修改聊天助手的设置')

    vi.mocked(reception.saveShopSettings).mockRejectedValueOnce({
      kind: 'invalid',
      key: 'error.setting_invalid',
      message: 'assist.threshold="0.4": a number from 0.50 to 1.00, such as 0.87',
    })
    await typeNumber('assistant-threshold', '0.91')
    await click('assistant-save')
    const field = q('assistant-error')
    expect(field.dataset.field).toBe('assist.threshold')
    expect(field.textContent).toBe('请填 0.50 到 1.00 之间的数')
  })

  it('shows another shop, asking before it drops unsaved changes', async () => {
    pushes.settings[2] = { shopId: 2, settings: { ...defaults, autoSend: true }, defaults: { ...defaults }, values: {}, defaultValues: {}, canEdit: true }
    const { wrapper, q, click } = await openDialog()
    await click('assistant-auto-send')
    // The shop picker (its menu needs layout jsdom has not): pick shop 2.
    const picker = wrapper.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === 'assistant-shop')!
    picker.vm.$emit('update:value', 2)
    await settle()
    expect(document.body.textContent).toContain('放弃对「小蓝鲸旗舰店」设置的修改？')
    const discard = [...document.querySelectorAll<HTMLButtonElement>('.n-dialog button')].find((b) => b.textContent?.includes('放弃修改'))!
    discard.click()
    await settle()
    expect(reception.shopSettings).toHaveBeenLastCalledWith(2)
    expect(q('assistant-auto-send').getAttribute('aria-checked')).toBe('true')
  })
})

describe('changesOf', () => {
  it('writes each changed setting as rdctl does, and nothing when nothing changed', () => {
    expect(changesOf(defaults, { ...defaults })).toEqual({})
    expect(changesOf(defaults, { ...defaults, draftAutoSend: true, burstWaitMs: 500, threshold: 0.5 })).toEqual({
      'assist.draft_auto_send': 'on',
      'assist.burst_wait': '0.5s',
      'assist.threshold': '0.5',
    })
  })
})
