import { afterEach, describe, expect, it } from 'vitest'

import { errorText, i18n, localeStorageKey, setLocale } from '../src/i18n'
import en from '../src/langs/en'
import zhCN from '../src/langs/zh-CN'

/** keys lists the dotted paths of every message. */
function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}

const intents = [
  'greeting', 'ask_human', 'thanks_bye', 'service_hours', 'free_shipping', 'ship_from_area', 'invoice',
  'coupon_discount', 'authenticity', 'price_protection', 'size_advice', 'in_stock', 'product_spec',
  'usage_howto', 'gift_packaging', 'ship_time', 'change_address', 'cancel_order', 'change_sku',
  'payment_issue', 'logistics_track', 'logistics_stuck', 'courier_choice', 'delivery_eta', 'not_received',
  'return_refund', 'exchange', 'refund_progress', 'damaged_item', 'missing_item', 'wrong_item', 'complaint',
]

describe('i18n', () => {
  afterEach(() => {
    setLocale('zh-CN')
  })

  it('has the same keys in Chinese and English', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  it('labels every intent and error kind in both languages', () => {
    const errors = ['message_empty', 'message_too_long', 'message_not_utf8', 'not_found', 'internal', 'unavailable']
    for (const messages of [zhCN, en]) {
      expect(Object.keys(messages.intent).sort()).toEqual([...intents].sort())
      expect(Object.keys(messages.error)).toEqual(expect.arrayContaining(errors))
    }
    expect(zhCN.intent.ship_time).toBe('催发货')
    expect(zhCN.error.message_empty).toBe('消息不能为空')
  })

  it('remembers the chosen language', () => {
    setLocale('en')
    expect(i18n.global.locale.value).toBe('en')
    expect(localStorage.getItem(localeStorageKey)).toBe('en')
    expect(localStorage.getItem('replydesk.locale')).toBe('en')
  })

  it('translates an error key, else falls back to its message', () => {
    expect(errorText({ kind: 'invalid', key: 'error.message_empty', message: 'the message is empty' })).toBe('消息不能为空')
    setLocale('en')
    expect(errorText({ kind: 'invalid', key: 'error.message_empty', message: 'x' })).toBe('The message is empty')
    expect(errorText({ kind: 'internal', key: 'error.disk_full', message: 'disk full' })).toBe('disk full')
    // A failure that is not the backend's error is an internal one.
    expect(errorText(new Error('socket closed'))).toBe('Something went wrong; try again shortly')
  })

  it('translates every error of the LLM settings and connection', () => {
    const llmErrors = [
      'llm_base_url_required', 'llm_base_url_invalid', 'llm_base_url_scheme', 'llm_base_url_extra',
      'llm_model_required', 'llm_budget_range', 'llm_top_k_range', 'llm_settings_corrupt', 'llm_keys_corrupt',
      'llm_timeout', 'llm_unavailable', 'llm_bad_answer',
    ]
    for (const messages of [zhCN, en]) {
      expect(Object.keys(messages.error)).toEqual(expect.arrayContaining(llmErrors))
    }
  })
})
