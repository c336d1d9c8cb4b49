import { beforeEach, describe, expect, it, vi } from 'vitest'
import { NDropdown, NSelect } from 'naive-ui'

import * as kb from '../src/api/kb'
import type { Entry } from '../src/api/types'
import EntryEditor from '../src/components/kb/EntryEditor.vue'
import { fakeKB, renderKB } from './kb-backend'
import { entry, listed } from './kb-fixtures'
import { settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/kb')

/** openEditor renders the editor with entry 7 of shop 1 open. */
async function openEditor(e: Entry = entry()) {
  fakeKB([listed(e)])
  const r = await renderKB(EntryEditor)
  r.store.setShop(1)
  await r.store.open(e.id)
  await settle()
  return r
}

function paste(el: Element, text: string): Event {
  const ev = new Event('paste', { bubbles: true, cancelable: true })
  Object.defineProperty(ev, 'clipboardData', { value: { getData: () => text } })
  el.dispatchEvent(ev)
  return ev
}

describe('entry editor', () => {
  beforeEach(() => {
    fakeKB()
  })

  it('says nothing is selected, and offers a new entry', async () => {
    const { wrapper, store } = await renderKB(EntryEditor)
    store.setShop(1)
    await settle()
    const empty = wrapper.get('[data-testid="kb-empty"]')
    expect(empty.text()).toContain('未选择条目')
    const create = empty.findAll('button').find((b) => b.text() === '新建条目')
    expect(create).toBeDefined()
    await create!.trigger('click')
    expect(wrapper.getComponent(EntryEditor).emitted('new')).toHaveLength(1)
  })

  describe('similar questions as chips', () => {
    it('adds a chip on Enter, once, and counts them', async () => {
      const { wrapper, store } = await openEditor()
      const input = wrapper.get<HTMLInputElement>('[data-testid="kb-similar-input"]')
      expect(wrapper.get('[data-testid="kb-similar-count"]').text()).toBe('2 条')

      await input.setValue('  发货了没  ')
      await input.trigger('keydown', { key: 'Enter' })
      expect(store.draft?.similar).toEqual(['啥时候发货', '几号能发', '发货了没'])
      expect(input.element.value).toBe('')
      expect(wrapper.get('[data-testid="kb-similar-count"]').text()).toBe('3 条')

      await input.setValue('几号能发')
      await input.trigger('keydown', { key: 'Enter' })
      expect(store.draft?.similar).toHaveLength(3)
      expect(wrapper.text()).toContain('“几号能发”已经有了')

      // The Enter that picks an input method's candidate adds nothing.
      await input.setValue('fahuo')
      await input.trigger('keydown', { key: 'Enter', isComposing: true })
      expect(store.draft?.similar).toHaveLength(3)
    })

    it('turns several pasted lines into several chips, skipping blanks and repeats', async () => {
      const { wrapper, store } = await openEditor()
      const input = wrapper.get('[data-testid="kb-similar-input"]')
      const ev = paste(input.element, '发了吗\r\n\n  快递走了没 \n几号能发\n发了吗\n')
      await settle()
      expect(ev.defaultPrevented).toBe(true)
      expect(store.draft?.similar).toEqual(['啥时候发货', '几号能发', '发了吗', '快递走了没'])
      expect(wrapper.findAll('[data-testid="kb-similar-chip"]').map((c) => c.find('.chip__text').text())).toEqual([
        '啥时候发货',
        '几号能发',
        '发了吗',
        '快递走了没',
      ])

      // One line is pasted into the input as usual.
      const one = paste(input.element, '一行')
      expect(one.defaultPrevented).toBe(false)
    })

    it('removes a chip and edits one in place', async () => {
      const { wrapper, store } = await openEditor()
      await wrapper.findAll('[data-testid="kb-similar-chip-remove"]')[0]?.trigger('click')
      expect(store.draft?.similar).toEqual(['几号能发'])

      await wrapper.get('[data-testid="kb-similar-chip"]').trigger('dblclick')
      const edit = wrapper.get<HTMLInputElement>('[data-testid="kb-similar-chip-edit"]')
      expect(edit.element.value).toBe('几号能发')
      await edit.setValue('几号能发货')
      await edit.trigger('keydown', { key: 'Enter' })
      expect(store.draft?.similar).toEqual(['几号能发货'])

      // Esc gives up an edit; emptying a chip removes it.
      await wrapper.get('[data-testid="kb-similar-chip"]').trigger('dblclick')
      await wrapper.get('[data-testid="kb-similar-chip-edit"]').setValue('不要了')
      await wrapper.get('[data-testid="kb-similar-chip-edit"]').trigger('keydown', { key: 'Escape' })
      expect(store.draft?.similar).toEqual(['几号能发货'])
      await wrapper.get('[data-testid="kb-similar-chip"]').trigger('dblclick')
      await wrapper.get('[data-testid="kb-similar-chip-edit"]').setValue('  ')
      await wrapper.get('[data-testid="kb-similar-chip-edit"]').trigger('keydown', { key: 'Enter' })
      expect(store.draft?.similar).toEqual([])
    })
  })

  describe('answers and their order-status conditions', () => {
    it('labels each answer primary or extra per condition', async () => {
      const { wrapper, store } = await openEditor()
      const roles = () => wrapper.findAll('[data-testid="kb-answer"]').map((a) => a.findAll('[data-testid="kb-answer-role"]').map((r) => r.text()))
      expect(roles()).toEqual([['主答案（任何情况）']])

      await wrapper.get('[data-testid="kb-answer-add"]').trigger('click')
      expect(roles()).toEqual([['主答案（任何情况）'], ['备选 1（任何情况）']])

      const selects = wrapper.findAllComponents(NSelect).filter((s) => s.attributes('data-testid') === 'kb-answer-when')
      selects[1]?.vm.$emit('update:value', ['overdue', 'paid'])
      await settle()
      expect(store.draft?.answers[1]?.when).toEqual(['overdue', 'paid'])
      expect(roles()).toEqual([['主答案（任何情况）'], ['主答案（超时未发货、已付款未发货）']])
    })

    it('offers no status that already has 3 answers, and refuses a fourth answer without asking the backend', async () => {
      const paid = { text: '已付款', when: ['paid'] }
      const { wrapper, store } = await openEditor(
        entry({ answers: [paid, { ...paid, text: '已付款 2' }, { ...paid, text: '已付款 3' }, { text: '任何情况', when: [] }] }),
      )
      const whens = wrapper.findAllComponents(NSelect).filter((s) => s.attributes('data-testid') === 'kb-answer-when')
      const options = (i: number) => whens[i]?.props('options') as { value: string; disabled: boolean }[]
      expect(options(3).find((o) => o.value === 'paid')?.disabled).toBe(true)
      expect(options(3).find((o) => o.value === 'shipped')?.disabled).toBe(false)
      // An answer that has the status keeps it pickable.
      expect(options(0).find((o) => o.value === 'paid')?.disabled).toBe(false)

      // Four answers for any case: the fourth is over the limit.
      store.draft!.answers = Array.from({ length: 4 }, (_, i) => ({ text: `答案${i}`, when: [] }))
      await settle()
      expect(wrapper.findAll('[data-testid="kb-answer-role"]').at(-1)?.text()).toBe('超出上限（任何情况）')
      await wrapper.get('[data-testid="kb-save"]').trigger('click')
      await settle()
      expect(kb.saveEntry).not.toHaveBeenCalled()
      expect(wrapper.get('[data-testid="kb-field-error"]').text()).toContain('最多 1 条主答案和 2 条备选')
    })

    it('inserts a variable at the cursor', async () => {
      const { wrapper, store } = await openEditor(entry({ answers: [{ text: '亲，您好', when: [] }] }))
      const textarea = wrapper.get<HTMLTextAreaElement>('[data-testid="kb-answer-text"]')
      textarea.element.setSelectionRange(1, 1)
      wrapper.findComponent(NDropdown).vm.$emit('select', 'buyer.name')
      await settle()
      expect(store.draft?.answers[0]?.text).toBe('亲{buyer.name}，您好')
      expect(textarea.element.value).toBe('亲{buyer.name}，您好')
      expect(textarea.element.selectionStart).toBe('亲{buyer.name}'.length)

      // A selection is replaced.
      textarea.element.setSelectionRange(0, 1)
      wrapper.findComponent(NDropdown).vm.$emit('select', 'shop.name')
      await settle()
      expect(store.draft?.answers[0]?.text).toBe('{shop.name}{buyer.name}，您好')
    })

    it('warns of a variable the app does not know', async () => {
      const { wrapper } = await openEditor(entry({ answers: [{ text: '您好 {buyer.nick}', when: [] }] }))
      expect(wrapper.text()).toContain('未知变量：{buyer.nick}')
    })
  })

  describe('save', () => {
    it('sends the entry normalised as the backend keeps it, and shows the saved version', async () => {
      const { wrapper, store } = await openEditor()
      await wrapper.get('[data-testid="kb-question"]').setValue('  什么时候能发货  ')
      await wrapper.get('[data-testid="kb-answer-add"]').trigger('click')
      await wrapper.get('[data-testid="kb-never-auto"]').trigger('click')
      expect(wrapper.find('[data-testid="kb-unsaved"]').exists()).toBe(true)
      vi.mocked(kb.saveEntry).mockResolvedValue(entry({ question: '什么时候能发货', neverAuto: true, version: 4, updatedBy: 'desk' }))

      await wrapper.get('[data-testid="kb-save"]').trigger('click')
      await settle()
      expect(kb.saveEntry).toHaveBeenCalledExactlyOnceWith({
        id: 7,
        shopId: 1,
        question: '什么时候能发货',
        similar: ['啥时候发货', '几号能发'],
        // The blank answer just added is not sent.
        answers: [{ text: '亲，付款后 48 小时内发货。', when: [] }],
        category: 'order',
        intent: 'ship_time',
        enabled: true,
        operations: [],
        neverAuto: true,
        version: 3,
        updatedAt: expect.any(String),
        updatedBy: 'desk',
      })
      expect(store.draft?.version).toBe(4)
      expect(store.dirty).toBe(false)
      expect(wrapper.find('[data-testid="kb-unsaved"]').exists()).toBe(false)
      expect(toasts()).toContain('已保存')
    })

    it('puts each field error next to its field, with the form’s indexes', async () => {
      const { wrapper, store } = await openEditor()
      // The backend drops a similar question equal to the standard one and
      // blank answers before it numbers its errors.
      store.draft!.similar = ['什么时候发货', '发了吗', '很长很长的问法']
      store.draft!.answers = [
        { text: '  ', when: [] },
        { text: '好的', when: [] },
        { text: '{foo.bar} 您好', when: [] },
      ]
      await settle()
      vi.mocked(kb.saveEntry).mockRejectedValue({
        kind: 'invalid',
        key: 'error.kb_invalid_entry',
        message: 'invalid entry',
        fields: [
          { field: 'question', key: 'kb_duplicate_thing', detail: 'something only English knows' },
          { field: 'similar[1]', key: 'kb_too_long', detail: 'has 300 characters' },
          { field: 'answers[1].text', key: 'kb_unknown_variable', detail: 'uses the unknown variable {foo.bar}' },
          { field: 'category', key: 'kb_category_missing', detail: 'the category is missing' },
        ],
      })
      await wrapper.get('[data-testid="kb-save"]').trigger('click')
      await settle()

      expect(vi.mocked(kb.saveEntry).mock.calls[0]?.[0]).toMatchObject({
        similar: ['发了吗', '很长很长的问法'],
        answers: [
          { text: '好的', when: [] },
          { text: '{foo.bar} 您好', when: [] },
        ],
      })
      const errors = wrapper.findAll('[data-testid="kb-field-error"]')
      const byField = Object.fromEntries(errors.map((e) => [e.attributes('data-field'), e.text()]))
      expect(byField).toEqual({
        question: 'something only English knows',
        'similar[2]': '“很长很长的问法”：太长了，超过了字数上限',
        'answers[2].text': '含有不认识的变量',
        category: '请选择分类',
      })
      expect(wrapper.get('[data-testid="kb-answer"][data-index="2"]').classes()).toContain('ans--problem')
      expect(wrapper.get('[data-testid="kb-similar-chip"][data-index="2"]').classes()).toContain('chip--problem')
      expect(wrapper.get('[data-testid="kb-field-summary"]').text()).toContain('有 4 处需要修改')
      expect(store.dirty).toBe(true)

      // Editing a field clears its error.
      await wrapper.get('[data-testid="kb-question"]').setValue('什么时候发货呢')
      expect(wrapper.findAll('[data-testid="kb-field-error"]').map((e) => e.attributes('data-field'))).not.toContain('question')
    })

    it('says the standard question is taken', async () => {
      const { wrapper } = await openEditor()
      await wrapper.get('[data-testid="kb-question"]').setValue('包邮吗')
      vi.mocked(kb.saveEntry).mockRejectedValue({ kind: 'conflict', key: 'error.kb_duplicate', message: 'duplicate' })
      await wrapper.get('[data-testid="kb-save"]').trigger('click')
      await settle()
      expect(wrapper.get('[data-testid="kb-field-error"][data-field="question"]').text()).toBe('这个店铺已有相同标准问题的条目')
      expect(wrapper.find('[data-testid="kb-conflict"]').exists()).toBe(false)
    })

    it('offers to reload an entry changed meanwhile', async () => {
      const { wrapper, store } = await openEditor()
      await wrapper.get('[data-testid="kb-question"]').setValue('我的版本')
      vi.mocked(kb.saveEntry).mockRejectedValue({ kind: 'conflict', key: 'error.kb_conflict', message: 'changed' })
      await wrapper.get('[data-testid="kb-save"]').trigger('click')
      await settle()
      expect(wrapper.get('[data-testid="kb-conflict"]').text()).toContain('已被修改')
      expect(store.draft?.question).toBe('我的版本')

      vi.mocked(kb.entry).mockResolvedValue(entry({ question: '别人的版本', version: 5 }))
      await wrapper.get('[data-testid="kb-reload"]').trigger('click')
      await settle()
      expect(store.draft?.question).toBe('别人的版本')
      expect(store.draft?.version).toBe(5)
      expect(store.dirty).toBe(false)
      expect(wrapper.find('[data-testid="kb-conflict"]').exists()).toBe(false)
    })

    it('reverts unsaved changes', async () => {
      const { wrapper, store } = await openEditor()
      await wrapper.get('[data-testid="kb-question"]').setValue('改了')
      await wrapper.get('[data-testid="kb-revert"]').trigger('click')
      expect(store.draft?.question).toBe('什么时候发货')
      expect(store.dirty).toBe(false)
    })
  })

  it('deletes after confirming, and undoes the deletion', async () => {
    const { wrapper, store } = await openEditor()
    vi.mocked(kb.deleteEntry).mockResolvedValue()
    await wrapper.get('[data-testid="kb-delete"]').trigger('click')
    await settle()
    const confirm = document.querySelector<HTMLButtonElement>('[data-testid="kb-delete-confirm"]')
    expect(confirm).not.toBeNull()
    confirm?.click()
    await settle()
    expect(kb.deleteEntry).toHaveBeenCalledExactlyOnceWith(7)
    expect(store.selectedId).toBeNull()
    expect(toasts()).toContain('已删除条目')

    vi.mocked(kb.history).mockResolvedValue([
      { id: 41, shopId: 1, entryId: 7, action: 'delete', actor: 'desk', at: '', before: entry(), after: null },
    ])
    vi.mocked(kb.rollback).mockResolvedValue({ id: 42, shopId: 1, entryId: 7, action: 'rollback', actor: 'desk', at: '', before: null, after: entry() })
    document.querySelector<HTMLButtonElement>('[data-testid="kb-undo-delete"]')?.click()
    await settle()
    expect(kb.rollback).toHaveBeenCalledExactlyOnceWith(41)
    expect(store.selectedId).toBe(7)
  })
})
