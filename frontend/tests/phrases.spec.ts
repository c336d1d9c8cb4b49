import { describe, expect, it, vi } from 'vitest'

import * as phrasesApi from '../src/api/phrases'
import type { QuickPhrase } from '../src/api/phrases'
import ChatView from '../src/components/chat/ChatView.vue'
import { filterPhrases, insertAt, slashAt } from '../src/phrases/slash'
import { useConversationsStore } from '../src/stores/conversations'
import { fakeBackend } from './backend'
import { agent, conversation } from './fixtures'
import { render, settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/phrases', async (importOriginal) => {
  const real = await importOriginal<typeof phrasesApi>()
  return { ...real, list: vi.fn(), save: vi.fn(), remove: vi.fn(), use: vi.fn() }
})

function phrase(over: Partial<QuickPhrase>): QuickPhrase {
  return { id: 1, shopId: 1, personal: false, group: '', text: '', uses: 0, ...over }
}

const shopPhrases: QuickPhrase[] = [
  phrase({ id: 1, group: '问候', text: '{buyer.name}您好，欢迎光临' }),
  phrase({ id: 2, group: '物流', text: '您的快递单号是{order.tracking_no}' }),
  phrase({ id: 3, group: '售后', text: '请拍照给我看看', uses: 5 }),
  phrase({ id: 4, group: '私人', text: '我马上帮您查', personal: true }),
]

/** Renders the chat with conversation 7 of buyer 小王 open, with the fake phrases. */
async function openChat(staff = [agent()]) {
  const c = conversation({ id: 7, buyerName: '小王' })
  fakeBackend([c], staff)
  vi.mocked(phrasesApi.list).mockResolvedValue(shopPhrases.map((p) => ({ ...p })))
  vi.mocked(phrasesApi.use).mockImplementation(async (id) => {
    const p = shopPhrases.find((x) => x.id === id)!
    const text = p.text.replace('{buyer.name}', '小王')
    return { phraseId: id, text, missing: text.includes('{order.tracking_no}') ? ['order.tracking_no'] : [] }
  })
  const { wrapper } = render(ChatView)
  const store = useConversationsStore()
  await store.load()
  await store.open(7)
  await settle()
  const input = wrapper.get<HTMLTextAreaElement>('[data-testid="reply-input"]')
  input.element.focus()
  return { wrapper, store, input }
}

/** type sets the box's text with the caret at its end, as typing would. */
async function type(input: ReturnType<typeof Object>, text: string) {
  await input.setValue(text)
  await settle()
}

const key = (input: { trigger: (e: string, o: object) => Promise<void> }, k: string) => input.trigger('keydown', { key: k })

describe('CV-3 quick phrases', () => {
  describe('the / rule', () => {
    it('opens at the start or after a space, not inside a word or a URL', () => {
      expect(slashAt('/', 1)).toEqual({ start: 0, end: 1, query: '' })
      expect(slashAt('好的 /物流', 6)).toEqual({ start: 3, end: 6, query: '物流' })
      expect(slashAt('a/b', 3)).toBeNull()
      expect(slashAt('http://x', 8)).toBeNull()
      expect(slashAt('/物流 ', 4)).toBeNull()
      expect(slashAt('/' + 'x'.repeat(21), 22)).toBeNull()
    })

    it('filters on text and group, case-insensitively, most used first', () => {
      expect(filterPhrases(shopPhrases, '物流').map((p) => p.id)).toEqual([2])
      expect(filterPhrases(shopPhrases, '您').map((p) => p.id)).toEqual([1, 2, 4])
      expect(filterPhrases(shopPhrases, '').map((p) => p.id)).toEqual([3, 1, 2, 4])
      expect(filterPhrases([phrase({ text: 'Hello THERE' })], 'there').length).toBe(1)
    })

    it('inserts at the caret with a space before a word', () => {
      expect(insertAt('好的', null, '稍等')).toEqual({ text: '好的 稍等', caret: 5 })
      expect(insertAt('', 0, '稍等')).toEqual({ text: '稍等', caret: 2 })
    })
  })

  it('typing / lists the phrases, the query filters them, Enter inserts the rendered text without sending', async () => {
    const { wrapper, input } = await openChat()
    await type(input, '/')
    expect(wrapper.find('[data-testid="phrase-picker"]').exists()).toBe(true)
    expect(wrapper.findAll('[data-testid="phrase-option"]')).toHaveLength(4)

    await type(input, '/您')
    const options = wrapper.findAll('[data-testid="phrase-option"]')
    expect(options.map((o) => o.text())).toEqual(['问候{buyer.name}您好，欢迎光临', '物流您的快递单号是{order.tracking_no}', '私人我马上帮您查我的'])
    expect(options[0]?.attributes('aria-selected')).toBe('true')

    await key(input, 'ArrowDown')
    await key(input, 'ArrowDown')
    await key(input, 'ArrowUp')
    expect(wrapper.findAll('[data-testid="phrase-option"]')[1]?.attributes('aria-selected')).toBe('true')
    await key(input, 'ArrowUp')
    await key(input, 'ArrowUp') // wraps to the last
    expect(wrapper.findAll('[data-testid="phrase-option"]')[2]?.attributes('aria-selected')).toBe('true')
    await key(input, 'ArrowDown') // and back to the first
    await key(input, 'Enter')
    await settle()

    expect(phrasesApi.use).toHaveBeenCalledExactlyOnceWith(1, 7)
    expect(input.element.value).toBe('小王您好，欢迎光临')
    expect(wrapper.find('[data-testid="phrase-picker"]').exists()).toBe(false)
    const { send } = await import('../src/api/chat')
    expect(send).not.toHaveBeenCalled()
  })

  it('replaces only the /query, keeping the text around it; Tab inserts too', async () => {
    const { input } = await openChat()
    await type(input, '亲 /拍照')
    await key(input, 'Tab')
    await settle()
    expect(input.element.value).toBe('亲 请拍照给我看看')
  })

  it('leaves variables with no value in braces and says which to fill in', async () => {
    const { input } = await openChat()
    await type(input, '/物流')
    await key(input, 'Enter')
    await settle()
    expect(input.element.value).toBe('您的快递单号是{order.tracking_no}')
    expect(toasts()).toContain('请先补全：运单号')
  })

  it('Esc closes the picker and keeps the text; a query with no match says so', async () => {
    const { wrapper, input } = await openChat()
    await type(input, '/不存在的')
    expect(wrapper.get('[data-testid="phrase-picker-empty"]').text()).toContain('没有匹配「不存在的」的常用语')
    await type(input, '/问候')
    await key(input, 'Escape')
    expect(wrapper.find('[data-testid="phrase-picker"]').exists()).toBe(false)
    expect(input.element.value).toBe('/问候')
    expect(phrasesApi.use).not.toHaveBeenCalled()
  })

  it('clicking an option inserts it', async () => {
    const { wrapper, input } = await openChat()
    await type(input, '/')
    await wrapper.findAll('[data-testid="phrase-option"]')[0]!.trigger('click')
    await settle()
    expect(input.element.value).toBe('请拍照给我看看')
  })

  it('shows the error when the phrases cannot be loaded', async () => {
    const { wrapper, input } = await openChat()
    vi.mocked(phrasesApi.list).mockRejectedValue({ kind: 'internal', key: 'error.internal', message: 'boom' })
    await type(input, '/')
    expect(wrapper.get('[data-testid="phrase-picker-error"]').text()).toContain('常用语加载失败')
  })

  it('the 常用语 button shows the shop-wide and personal phrases by group; a click inserts', async () => {
    const { wrapper, input } = await openChat()
    await wrapper.get('[data-testid="phrases-button"]').trigger('click')
    await settle()
    const drawer = () => document.querySelector<HTMLElement>('[data-testid="phrase-drawer"]')!
    expect(drawer().textContent).toContain('全店 (3)')
    expect(drawer().textContent).toContain('我的 (1)')
    const groups = Array.from(drawer().querySelectorAll('[data-testid="phrase-group-section"] h4'), (h) => h.textContent)
    expect(groups).toEqual(['问候', '物流', '售后'])
    drawer().querySelector<HTMLElement>('[data-testid="phrase-insert"]')!.click()
    await settle()
    expect(input.element.value).toBe('小王您好，欢迎光临')
  })

  it('an agent who is not an owner can add a personal phrase only; errors from the backend are shown', async () => {
    const { wrapper } = await openChat([agent({ id: 1, role: 'agent' })])
    vi.mocked(phrasesApi.save).mockRejectedValueOnce({
      kind: 'invalid',
      key: 'error.phrase_invalid',
      message: 'invalid',
      fields: [{ field: 'text', key: 'phrase_unknown_variable', detail: 'x' }],
    })
    await wrapper.get('[data-testid="phrases-button"]').trigger('click')
    await settle()
    const q = <T extends HTMLElement>(s: string) => document.querySelector<T>(s)!
    q('[data-testid="phrase-add"]').click()
    await settle()
    const shopRadio = q<HTMLElement>('[data-testid="phrase-scope-shop"]')
    expect(shopRadio.className).toContain('disabled')
    expect(q('[data-testid="phrase-editor"]').textContent).toContain('只有主账号/管理员可以修改全店常用语')
    const text = q<HTMLTextAreaElement>('[data-testid="phrase-text"]')
    text.value = '稍等 {buyer.nick}'
    text.dispatchEvent(new Event('input'))
    q('[data-testid="phrase-save"]').click()
    await settle()
    expect(phrasesApi.save).toHaveBeenCalledWith({ id: 0, shopId: 1, personal: true, group: '', text: '稍等 {buyer.nick}' })
    expect(q('[data-testid="phrase-save-error"]').textContent).toContain('使用了不认识的变量')

    vi.mocked(phrasesApi.save).mockResolvedValueOnce(phrase({ id: 9, personal: true, text: '稍等哦' }))
    vi.mocked(phrasesApi.list).mockResolvedValue([...shopPhrases, phrase({ id: 9, personal: true, text: '稍等哦' })])
    text.value = '稍等哦'
    text.dispatchEvent(new Event('input'))
    q('[data-testid="phrase-save"]').click()
    await settle()
    expect(document.querySelector('[data-testid="phrase-editor"]')).toBeNull()
    expect(q('[data-testid="phrase-drawer"]').textContent).toContain('稍等哦')
    expect(document.querySelectorAll('[data-testid="phrase-edit"]')).toHaveLength(2)
    // Shop-wide phrases offer no edit to a non-owner.
    q('[data-testid="phrase-tab-shop"] input').click()
    await settle()
    expect(document.querySelectorAll('[data-testid="phrase-item"]')).toHaveLength(3)
    expect(document.querySelectorAll('[data-testid="phrase-edit"]')).toHaveLength(0)
  })
})
