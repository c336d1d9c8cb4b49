import { NSelect } from 'naive-ui'
import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as chat from '../src/api/chat'
import * as kbApi from '../src/api/kb'
import * as llmApi from '../src/api/llm'
import * as reception from '../src/api/reception'
import TopBar from '../src/components/layout/TopBar.vue'
import { useAppStore } from '../src/stores/app'
import { fakeBackend, robotDefaults, type Pushes } from './backend'
import { conversation } from './fixtures'
import { render, settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/reception')
vi.mock('../src/api/desktop')
vi.mock('../src/api/llm')
vi.mock('../src/api/kb')
vi.mock('../src/api/history')

const assistDefaults = { assistEnabled: true, autoSend: false, threshold: 0.87, burstWaitMs: 0, draftAutoSend: false }

let pushes: Pushes

function view(values = robotDefaults, canEdit = true) {
  return { shopId: 1, settings: { ...assistDefaults }, defaults: { ...assistDefaults }, values: { ...values }, defaultValues: { ...robotDefaults }, canEdit }
}

async function openRobotTab() {
  const { wrapper } = render(TopBar)
  await useAppStore().load()
  await settle()
  await wrapper.get('[data-testid="open-assistant"]').trigger('click')
  await settle()
  document.querySelector<HTMLElement>('.n-tabs-tab[data-name="robot"]')!.click()
  await settle()
  const dialog = () => document.querySelector<HTMLElement>('[data-testid="assistant-dialog"]')!
  const q = <T extends HTMLElement>(id: string, root: ParentNode = dialog()) => root.querySelector<T>(`[data-testid="${id}"]`)!
  const all = <T extends HTMLElement>(id: string, root: ParentNode = dialog()) => [...root.querySelectorAll<T>(`[data-testid="${id}"]`)]
  const click = async (el: HTMLElement) => {
    el.click()
    await settle()
  }
  const type = async (el: HTMLInputElement | HTMLTextAreaElement, value: string, enter = false) => {
    el.value = value
    el.dispatchEvent(new Event('input'))
    await settle()
    if (enter) {
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    } else {
      el.dispatchEvent(new Event('blur'))
    }
    await settle()
  }
  const day = (d: string) => dialog().querySelector<HTMLElement>(`[data-testid="robot-hours-day"][data-day="${d}"]`)!
  return { wrapper, dialog, q, all, click, type, day }
}

describe('RB-1 – RB-11 聊天助手 → 全自动机器人', () => {
  beforeEach(() => {
    pushes = fakeBackend([conversation({ id: 9, buyerName: '夜里的买家', state: 'queued', agentId: 0 })])
    pushes.settings[1] = view()
    vi.mocked(chat.shops).mockResolvedValue([
      { id: 1, name: '小蓝鲸旗舰店', platform: 'douyin', locale: 'zh-CN' },
      { id: 2, name: 'Blue Whale US', platform: 'tiktok', locale: 'en' },
    ])
    vi.mocked(llmApi.settings).mockResolvedValue({ baseUrl: '', model: '', enabled: false, budgetMs: 1500, topK: 5, hasKey: false, keyPlace: '' })
    vi.mocked(kbApi.meta).mockResolvedValue({
      categories: [],
      intents: [
        { key: 'complaint', category: 'after_sales' },
        { key: 'return_refund', category: 'after_sales' },
      ],
      orderStatuses: [],
      operations: [],
      variables: [],
      formats: [],
      maxFileBytes: 0,
      maxQuestionRunes: 0,
      maxAnswerRunes: 0,
      maxAnswersEach: 0,
      maxSimilar: 0,
      maxSynonymGroups: 0,
      maxSynonymWords: 0,
      maxHitTestResults: 0,
    })
  })

  it('shows the shop\'s robot settings: switch, mode, texts with their defaults, hours by weekday, rules and words', async () => {
    const { q, all, day, dialog } = await openRobotTab()
    expect(dialog().textContent).toContain('没有客服在线、客服都已满载')
    expect(q('robot-enabled').getAttribute('aria-checked')).toBe('false')
    expect(q<HTMLTextAreaElement>('robot-fallback').placeholder).toBe('默认：抱歉目前人工客服不在线，上线后会第一时间回复您')
    expect(q<HTMLTextAreaElement>('robot-away').placeholder).toBe('留空则不发送')
    expect(all('robot-hours-day')).toHaveLength(7)
    expect(q<HTMLInputElement>('robot-hours-from', day('sat')).value).toBe('09:00')
    expect(q<HTMLInputElement>('robot-hours-to', day('sun')).value).toBe('23:00')
    expect(all('robot-off-windows-span')).toHaveLength(0)
    expect(all('robot-rule').map((c) => c.dataset.rule)).toEqual(['intent:complaint', 'intent:price_protection', 'keyword:投诉', 'keyword:12315'])
    expect(all('robot-rule')[0]?.textContent).toContain('意图 · 投诉')
    expect(q('robot-sensitive-preset').getAttribute('aria-checked')).toBe('true')
    expect(q('robot-sensitive-count').textContent).toBe('店铺敏感词 0 个')
  })

  it('edits hours, rules and words, and saves only what changed, as rdctl writes it', async () => {
    const { q, all, click, type, day, wrapper } = await openRobotTab()
    await click(q('robot-enabled'))
    await click(q<HTMLInputElement>('robot-mode-off-hours').querySelector('input')!)
    // Saturday gets an afternoon span; Sunday is closed; 12:00–13:30 off on weekdays.
    await click(q('robot-hours-add', day('sat')))
    expect(all('robot-hours-span', day('sat'))).toHaveLength(2)
    await type(all<HTMLInputElement>('robot-hours-from', day('sat'))[1]!, '13:00')
    await type(all<HTMLInputElement>('robot-hours-to', day('sat'))[1]!, '17:30')
    await click(q('robot-hours-remove', day('sun')))
    expect(day('sun').textContent).toContain('全天不上班')
    await type(q<HTMLInputElement>('robot-hours-to', day('mon')), '12:00')
    await click(q('robot-hours-add', day('mon')))
    await type(all<HTMLInputElement>('robot-hours-from', day('mon'))[1]!, '13:30')
    await type(all<HTMLInputElement>('robot-hours-to', day('mon'))[1]!, '23:00')
    await click(q('robot-hours-copy-monday'))
    // A span that starts where it ends is called out.
    await type(q<HTMLInputElement>('robot-hours-to', day('sun').previousElementSibling as HTMLElement), '09:00')
    expect(day('sat').textContent).toContain('开始和结束不能相同')
    await type(q<HTMLInputElement>('robot-hours-to', day('sat')), '12:00')
    // Off windows: the evening peak.
    const offMon = document.querySelector<HTMLElement>('[data-testid="robot-off-windows-day"][data-day="mon"]')!
    await click(q('robot-off-windows-add', offMon))
    // A keyword rule and an intent rule; a repeated one is refused.
    await type(q<HTMLInputElement>('robot-rule-keyword'), '差评', true)
    await type(q<HTMLInputElement>('robot-rule-keyword'), '差评', true)
    expect(document.body.textContent).toContain('已有这条规则')
    const intent = wrapper.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === 'robot-rule-intent')!
    intent.vm.$emit('update:value', 'return_refund')
    await settle()
    await click(all('robot-rule').find((c) => c.dataset.rule === 'keyword:12315')!.querySelector<HTMLElement>('.n-tag__close')!)
    // A sensitive word.
    await type(q<HTMLInputElement>('robot-sensitive-input'), '加微信', true)
    expect(all('robot-sensitive-word').map((w) => w.dataset.word)).toEqual(['加微信'])
    await type(q<HTMLTextAreaElement>('robot-away'), '稍后回复您')

    await click(q('assistant-save'))
    expect(reception.saveShopSettings).toHaveBeenCalledWith(1, {
      'robot.enabled': 'on',
      'robot.mode': 'off_hours',
      'robot.hours': 'mon-fri 09:00-12:00,13:30-23:00; sat 09:00-12:00,13:00-17:30',
      'reply.off_windows': 'mon 18:00-22:00',
      'robot.away': '稍后回复您',
      'rules.scene': 'intent:complaint,intent:price_protection,keyword:投诉,keyword:差评,intent:return_refund',
      'rules.sensitive_words': '加微信',
    })
    expect(toasts()).toContain('小蓝鲸旗舰店 的聊天助手设置已保存')
  })

  it('before switching the robot off, offers the export and lists the conversations it holds, to open or take over', async () => {
    pushes.settings[1] = view({ ...robotDefaults, 'robot.enabled': 'on' })
    vi.mocked(reception.robotHolding).mockResolvedValue([pushes.db[0]!])
    const { q, click } = await openRobotTab()
    await click(q('robot-enabled'))
    await click(q('assistant-save'))
    expect(reception.saveShopSettings).not.toHaveBeenCalled()
    const off = document.querySelector<HTMLElement>('[data-testid="robot-off-dialog"]')!
    expect(off.textContent).toContain('关闭全自动机器人后，买家的消息都要等客服回复。')
    expect(reception.robotHolding).toHaveBeenCalledWith(1)
    expect(q('robot-off-holding', off).textContent).toContain('机器人仍在接待 1 个会话')
    expect(q('robot-held', off).textContent).toContain('夜里的买家')
    await click(q('robot-held-take', off))
    expect(chat.transfer).toHaveBeenCalledWith(9, 1)
    expect(q('robot-held-take', off).textContent).toContain('已接手')
    await click(q('robot-off-export', off))
    expect(document.querySelector('[data-testid="history-dialog"]')).not.toBeNull()
    await click(q('robot-off-confirm', off))
    expect(reception.saveShopSettings).toHaveBeenCalledWith(1, { 'robot.enabled': 'off' })
  })

  it('shows a refused value under its field, on the robot\'s tab', async () => {
    const { q, click, dialog } = await openRobotTab()
    vi.mocked(reception.saveShopSettings).mockRejectedValueOnce({
      kind: 'invalid',
      key: 'error.setting_invalid',
      message: 'robot.timezone="Mars/Olympus": an IANA time zone such as Asia/Shanghai',
    })
    await click(q('robot-cn-holidays'))
    await click(q('assistant-save'))
    const item = q('robot-timezone').closest('.n-form-item')!
    expect(item.textContent).toContain('这一项的值无效：an IANA time zone such as Asia/Shanghai')
    expect(dialog().querySelector('[data-testid="assistant-error"]')).toBeNull()
  })

  it('imports a word file through ImportSensitiveWords, saved at once and shown in the list', async () => {
    const { q, all, dialog } = await openRobotTab()
    vi.mocked(reception.importSensitiveWords).mockImplementation(async (_shop, content) => {
      const v = view({ ...robotDefaults, 'rules.sensitive_words': content.split('\n').join('\n') })
      pushes.settings[1] = v
      return structuredClone(v)
    })
    const input = q<HTMLInputElement>('robot-sensitive-file')
    const file = new File(['加微信\n私下交易\n'], 'words.txt', { type: 'text/plain' })
    Object.defineProperty(input, 'files', { value: [file], configurable: true })
    input.dispatchEvent(new Event('change'))
    await vi.waitFor(() => expect(reception.importSensitiveWords).toHaveBeenCalledWith(1, '加微信\n私下交易'))
    await settle()
    expect(all('robot-sensitive-word').map((w) => w.dataset.word)).toEqual(['加微信', '私下交易'])
    expect(toasts()).toContain('已从 words.txt 导入，店铺现有 2 个敏感词')
    expect(dialog().querySelector('[data-testid="assistant-dirty"]')).toBeNull()
  })

  it('is read-only for an agent who is not the owner: no buttons to add, remove or copy', async () => {
    pushes.settings[1] = view(robotDefaults, false)
    const { q, all, dialog } = await openRobotTab()
    expect(q('assistant-read-only').textContent).toContain('只有店铺主账号/管理员可以修改')
    expect(q('robot-enabled').classList).toContain('n-switch--disabled')
    expect(all('robot-hours-add')).toHaveLength(0)
    expect(dialog().querySelector('[data-testid="robot-rule-keyword"]')).toBeNull()
    expect(dialog().querySelector('[data-testid="robot-sensitive-import"]')).toBeNull()
    expect(dialog().querySelector('[data-testid="robot-copy"]')).toBeNull()
  })

  it('copies the robot\'s settings to another shop in one step', async () => {
    const { q, click, wrapper } = await openRobotTab()
    vi.mocked(reception.copySettings).mockResolvedValue({ ...view(), shopId: 2 })
    await click(q('robot-copy'))
    const target = wrapper.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === 'robot-copy-target')!
    target.vm.$emit('update:value', 2)
    await settle()
    await click(document.querySelector<HTMLElement>('[data-testid="robot-copy-confirm"]')!)
    expect(reception.copySettings).toHaveBeenCalledWith(1, 2, 'robot.')
    expect(toasts()).toContain('已把机器人设置复制到「Blue Whale US」')
  })
})
