import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'

import * as channels from '../src/api/channels'
import ChannelsDialog from '../src/components/channels/ChannelsDialog.vue'
import { useAppStore } from '../src/stores/app'
import { render, settle, toasts } from './render'

vi.mock('../src/api/channels')
vi.mock('../src/api/app')

const shown = ref(true)

/** The dialog as the top bar opens it, with two shops known. */
const Host = defineComponent({
  setup() {
    useAppStore().shops = [
      { id: 1, name: '小蓝鲸旗舰店', platform: 'douyin', locale: 'zh-CN' },
      { id: 2, name: 'Blue Whale', platform: 'tiktok', locale: 'en' },
    ]
    return () => h(ChannelsDialog, { show: shown.value, 'onUpdate:show': (v: boolean) => (shown.value = v) })
  },
})

function get<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = Array.from(document.querySelectorAll<T>(`[data-testid="${id}"]`)).at(-1)
  if (el === undefined) {
    throw new Error(`no [data-testid="${id}"] on the page`)
  }
  return el
}

function query(id: string): HTMLElement | undefined {
  return Array.from(document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)).at(-1)
}

async function type(id: string, value: string): Promise<void> {
  const input = get<HTMLInputElement>(id)
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
  await settle()
}

describe('channels dialog (CV-7b)', () => {
  beforeEach(() => {
    document.body.innerHTML = ''
    shown.value = true
    vi.mocked(channels.webhook).mockReset()
    vi.mocked(channels.rotateToken).mockReset()
    vi.mocked(channels.setCallback).mockReset()
  })

  it('CV-7b shows the shop\'s address, that no token exists yet, and makes one shown only once', async () => {
    let hasToken = false
    vi.mocked(channels.webhook).mockImplementation(async () => ({
      url: 'http://127.0.0.1:7788/webhook/v1', callbackUrl: '', hasToken, pending: 0,
    }))
    vi.mocked(channels.rotateToken).mockImplementation(async () => {
      hasToken = true
      return 'tok_abc123'
    })
    render(Host)
    await settle()
    expect(channels.webhook).toHaveBeenCalledWith(1)
    expect(get('webhook-url').textContent).toBe('http://127.0.0.1:7788/webhook/v1')
    expect(get('webhook-token-status').textContent).toContain('尚未生成')
    expect(get('webhook-pending').textContent).toContain('没有待投递')

    get('webhook-rotate').click()
    await settle()
    expect(channels.rotateToken).toHaveBeenCalledWith(1)
    expect(get<HTMLInputElement>('webhook-token').value).toBe('tok_abc123')
    expect(get('webhook-new-token').textContent).toContain('只显示这一次')
    expect(get('webhook-example').textContent).toContain('Bearer tok_abc123')
    expect(get('webhook-token-status').textContent).toContain('已设置')

    // Closed and opened again, the token is gone for good.
    shown.value = false
    await settle()
    shown.value = true
    await settle()
    expect(query('webhook-new-token')).toBeUndefined()
    expect(get('webhook-example').textContent).toContain('Bearer <token>')
  })

  it('CV-7b saves a callback with its secret, shows a refusal next to it, and removes it', async () => {
    let callbackUrl = ''
    vi.mocked(channels.webhook).mockImplementation(async () => ({
      url: 'http://127.0.0.1:7788/webhook/v1', callbackUrl, hasToken: true, pending: 3,
    }))
    vi.mocked(channels.setCallback).mockImplementation(async (_shop, url, secret) => {
      if (url.startsWith('ftp:')) {
        throw { kind: 'invalid', key: 'error.webhook_callback_invalid', message: 'bad' }
      }
      expect(secret === '' || secret.length >= 16).toBe(true)
      callbackUrl = url
    })
    render(Host)
    await settle()
    expect(get('webhook-pending').textContent).toContain('3 条消息等待回调')

    await type('webhook-callback-url', 'ftp://example.com/x')
    await type('webhook-secret', '0123456789abcdef')
    get('webhook-callback-save').click()
    await settle()
    expect(get('webhook-callback-error').textContent).toContain('回调地址无效')
    expect(callbackUrl).toBe('')

    await type('webhook-callback-url', 'https://erp.example.com/hook')
    get('webhook-callback-save').click()
    await settle()
    expect(channels.setCallback).toHaveBeenLastCalledWith(1, 'https://erp.example.com/hook', '0123456789abcdef')
    expect(query('webhook-callback-error')).toBeUndefined()
    expect(toasts()).toContain('回调已保存')
    expect(get<HTMLInputElement>('webhook-secret').value).toBe('') // never kept in the window

    get('webhook-callback-remove').click()
    await settle()
    expect(channels.setCallback).toHaveBeenLastCalledWith(1, '', '')
    expect(toasts()).toContain('回调已移除')
  })

  it('CV-7b says when the connector cannot be read and retries', async () => {
    vi.mocked(channels.webhook).mockRejectedValueOnce({ kind: 'internal', key: 'error.internal', message: 'disk' })
    vi.mocked(channels.webhook).mockResolvedValue({ url: 'http://127.0.0.1:7788/webhook/v1', callbackUrl: '', hasToken: false, pending: 0 })
    render(Host)
    await settle()
    expect(get('channels-error').textContent).toContain('读取接口信息失败')
    get('channels-error').querySelector('button')?.click()
    await settle()
    expect(get('webhook-url').textContent).toBe('http://127.0.0.1:7788/webhook/v1')
  })
})
