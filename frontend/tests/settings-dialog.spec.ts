import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as llmApi from '../src/api/llm'
import type { LLMSettings } from '../src/api/types'
import TopBar from '../src/components/layout/TopBar.vue'
import SettingsDialog from '../src/components/settings/SettingsDialog.vue'
import { setLocale } from '../src/i18n'
import { fakeBackend } from './backend'
import { render, settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/llm')

function llmSettings(over: Partial<LLMSettings> = {}): LLMSettings {
  return {
    baseUrl: 'http://127.0.0.1:11434/v1',
    model: 'qwen2.5:7b',
    enabled: true,
    budgetMs: 2000,
    topK: 5,
    hasKey: true,
    keyPlace: 'keychain',
    ...over,
  }
}

/** byId is the newest element with a test id: the dialog is teleported to the body, and a closed one may linger. */
function byId<T extends HTMLElement = HTMLElement>(id: string): T | undefined {
  return Array.from(document.querySelectorAll<T>(`[data-testid="${id}"]`)).at(-1)
}

function get<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = byId<T>(id)
  if (el === undefined) {
    throw new Error(`no [data-testid="${id}"] on the page`)
  }
  return el
}

async function type(id: string, value: string): Promise<void> {
  const input = get<HTMLInputElement>(id)
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
  await settle()
}

async function click(id: string): Promise<void> {
  get(id).click()
  await settle()
}

/** fieldError is the error shown under a field ('' for one about no field), if any. */
function fieldError(field: string): string | undefined {
  return document.querySelector(`[data-testid="llm-error"][data-field="${field}"]`)?.textContent?.trim()
}

async function openSettings(saved = llmSettings()) {
  fakeBackend()
  vi.mocked(llmApi.settings).mockResolvedValue(saved)
  vi.mocked(llmApi.save).mockImplementation(async (req) => ({
    baseUrl: req.baseUrl,
    model: req.model,
    enabled: req.enabled,
    budgetMs: req.budgetMs,
    topK: req.topK,
    hasKey: req.setKey ? req.apiKey !== '' : saved.hasKey,
    keyPlace: req.setKey ? (req.apiKey !== '' ? 'keychain' : '') : saved.keyPlace,
  }))
  const { wrapper } = render(TopBar)
  await wrapper.get('[data-testid="open-settings"]').trigger('click')
  await settle()
  return wrapper
}

describe('settings dialog (LM-1)', () => {
  beforeEach(() => {
    vi.mocked(llmApi.test).mockReset()
  })

  it('is reached from the top bar and shows the saved settings, never the key', async () => {
    const wrapper = await openSettings()
    expect(wrapper.get('[data-testid="open-settings"]').text()).toBe('设置')
    expect(llmApi.settings).toHaveBeenCalledOnce()
    const dialog = get('settings-dialog')
    expect(dialog.textContent).toContain('AI 大模型（可选）')
    expect(dialog.textContent).toContain('不配置大模型，所有功能照常可用')
    expect(get('llm-enabled').getAttribute('aria-checked')).toBe('true')
    expect(get<HTMLInputElement>('llm-base-url').value).toBe('http://127.0.0.1:11434/v1')
    expect(get<HTMLInputElement>('llm-model').value).toBe('qwen2.5:7b')
    expect(get<HTMLInputElement>('llm-budget').value).toBe('2000')
    expect(get<HTMLInputElement>('llm-topk').value).toBe('5')
    expect(get('llm-key-status').textContent).toContain('已保存在系统钥匙串')
    // The key is kept: there is nothing to fill in until the agent asks to replace it.
    expect(byId('llm-key')).toBeUndefined()

    await click('llm-key-replace')
    expect(get<HTMLInputElement>('llm-key').value).toBe('')
    expect(get<HTMLInputElement>('llm-key').type).toBe('password')
  })

  it('says when the key is kept in a file only the user can read', async () => {
    await openSettings(llmSettings({ keyPlace: 'file' }))
    expect(get('llm-key-status').textContent).toContain('已保存在本机文件（仅本用户可读）')
  })

  it('saves the settings, keeping the stored key when no new one was typed', async () => {
    await openSettings()
    await type('llm-model', ' qwen2.5:14b ')
    await type('llm-topk', '8')
    await click('llm-save')
    expect(llmApi.save).toHaveBeenCalledExactlyOnceWith({
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'qwen2.5:14b',
      enabled: true,
      budgetMs: 2000,
      topK: 8,
      setKey: false,
      apiKey: '',
    })
    expect(toasts()).toContain('设置已保存')
  })

  it('sends a key only when a new one was typed', async () => {
    await openSettings()
    await click('llm-key-replace')
    await click('llm-save')
    expect(vi.mocked(llmApi.save).mock.lastCall?.[0]).toMatchObject({ setKey: false, apiKey: '' })

    await click('open-settings')
    await click('llm-key-replace')
    await type('llm-key', 'sk-new-secret ')
    await click('llm-save')
    expect(vi.mocked(llmApi.save).mock.lastCall?.[0]).toMatchObject({ setKey: true, apiKey: 'sk-new-secret' })
  })

  it('removes the stored key, and the removal can be undone before saving', async () => {
    await openSettings()
    await click('llm-key-remove')
    expect(get('llm-key-status').textContent).toContain('保存后将删除')
    await click('llm-key-keep')
    expect(get('llm-key-status').textContent).toContain('已保存在系统钥匙串')
    await click('llm-key-remove')
    await click('llm-save')
    expect(vi.mocked(llmApi.save).mock.lastCall?.[0]).toMatchObject({ setKey: true, apiKey: '' })
  })

  it('takes a first key straight away when none is stored', async () => {
    await openSettings(llmSettings({ hasKey: false, keyPlace: '', enabled: false, baseUrl: '', model: '' }))
    expect(get('llm-key-status').textContent).toContain('未保存密钥')
    expect(get<HTMLInputElement>('llm-key').value).toBe('')
    await click('llm-enabled')
    await type('llm-base-url', 'https://api.openai.com/v1')
    await type('llm-model', 'gpt-4o-mini')
    await type('llm-key', 'sk-first')
    await click('llm-save')
    expect(llmApi.save).toHaveBeenCalledExactlyOnceWith({
      baseUrl: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini',
      enabled: true,
      budgetMs: 2000,
      topK: 5,
      setKey: true,
      apiKey: 'sk-first',
    })
  })

  it('shows a refused setting by its field and keeps the dialog open', async () => {
    const wrapper = await openSettings()
    vi.mocked(llmApi.save).mockRejectedValue({ kind: 'invalid', key: 'error.llm_base_url_scheme', message: 'llm: settings: invalid' })
    await type('llm-base-url', 'ftp://example.com')
    await click('llm-save')
    expect(fieldError('baseUrl')).toBe('接口地址须以 http:// 或 https:// 开头')
    expect(fieldError('model')).toBeUndefined()
    // Still open: a closed dialog lingers in the page, so ask the dialog itself.
    expect(wrapper.getComponent(SettingsDialog).props('show')).toBe(true)
    expect(toasts()).not.toContain('设置已保存')

    // Editing the field drops its error.
    await type('llm-base-url', 'http://127.0.0.1:11434/v1')
    expect(fieldError('baseUrl')).toBeUndefined()

    vi.mocked(llmApi.save).mockRejectedValue({ kind: 'invalid', key: 'error.llm_model_required', message: 'no model' })
    await type('llm-model', '')
    await click('llm-save')
    expect(fieldError('model')).toBe('请填写模型名称')

    vi.mocked(llmApi.save).mockRejectedValue({ kind: 'internal', key: 'error.internal', message: 'disk full' })
    await click('llm-save')
    expect(fieldError('')).toBe('出错了，请稍后再试')
  })

  it('tests the connection of the settings as typed, and shows the latency or the reason', async () => {
    await openSettings()
    vi.mocked(llmApi.test).mockResolvedValue({ ok: true, latencyMs: 312, error: null })
    await type('llm-model', 'qwen2.5:3b')
    await click('llm-test')
    expect(llmApi.test).toHaveBeenCalledExactlyOnceWith({
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'qwen2.5:3b',
      enabled: true,
      budgetMs: 2000,
      topK: 5,
      setKey: false,
      apiKey: '',
    })
    expect(get('llm-test-result').textContent?.trim()).toBe('连接正常 · 312 毫秒')
    expect(get('llm-test-result').dataset.ok).toBe('true')
    expect(llmApi.save).not.toHaveBeenCalled()

    vi.mocked(llmApi.test).mockResolvedValue({
      ok: false,
      latencyMs: 2004,
      error: { kind: 'unavailable', key: 'error.llm_timeout', message: 'llm: rerank: time budget exceeded' },
    })
    await click('llm-key-replace')
    await type('llm-key', 'sk-try')
    await click('llm-test')
    expect(vi.mocked(llmApi.test).mock.lastCall?.[0]).toMatchObject({ setKey: true, apiKey: 'sk-try' })
    expect(get('llm-test-result').textContent?.trim()).toBe('连接失败：大模型在时间预算内没有回复')
    expect(get('llm-test-result').dataset.ok).toBe('false')

    vi.mocked(llmApi.test).mockRejectedValue({ kind: 'invalid', key: 'error.llm_base_url_required', message: 'no url' })
    await type('llm-base-url', '')
    await click('llm-test')
    expect(fieldError('baseUrl')).toBe('请填写接口地址')
    expect(byId('llm-test-result')).toBeUndefined()
  })

  it('cancels without saving, and opens with Ctrl+,', async () => {
    await openSettings()
    await type('llm-model', 'other')
    await click('llm-cancel')
    expect(llmApi.save).not.toHaveBeenCalled()

    window.dispatchEvent(new KeyboardEvent('keydown', { key: ',', code: 'Comma', ctrlKey: true }))
    await settle()
    expect(llmApi.settings).toHaveBeenCalledTimes(2)
    expect(get<HTMLInputElement>('llm-model').value).toBe('qwen2.5:7b')
  })

  it('speaks English', async () => {
    await openSettings(llmSettings({ keyPlace: 'file' }))
    setLocale('en')
    await settle()
    const dialog = get('settings-dialog')
    expect(dialog.textContent).toContain('LLM (optional)')
    expect(dialog.textContent).toContain('Everything works without an LLM')
    expect(get('llm-key-status').textContent).toContain('Saved in a local file readable only by you')
    expect(get('llm-test').textContent?.trim()).toBe('Test connection')
  })
})
