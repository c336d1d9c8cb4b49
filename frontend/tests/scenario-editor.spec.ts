import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'

import * as kbApi from '../src/api/kb'
import * as scenarioApi from '../src/api/scenario'
import ReportDialog from '../src/components/scenario/ReportDialog.vue'
import ScriptEditor from '../src/components/scenario/ScriptEditor.vue'
import { setLocale } from '../src/i18n'
import { useAgentsStore } from '../src/stores/agents'
import { checkImage } from '../src/stores/scenarioReports'
import { changedStates, scriptsByState } from '../src/stores/scenarioScripts'
import { fakeBackend } from './backend'
import { change, entry } from './kb-fixtures'
import { render, settle, toasts } from './render'
import { report } from './scenario-fixtures'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/kb')
vi.mock('../src/api/scenario')

const q = <T extends HTMLElement = HTMLElement>(id: string) => document.querySelector<T>(`[data-testid="${id}"]`)
const all = (id: string) => Array.from(document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`))

function typeInto(el: HTMLTextAreaElement, value: string): void {
  el.value = value
  el.dispatchEvent(new Event('input'))
}

/** A scenario change whose before and after hold the scripts by state, as the backend keeps them. */
function scriptsChange(id: number, before: Record<string, string[]>, after: Record<string, string[]>) {
  const asEntry = (byState: Record<string, string[]>) =>
    entry({ id: 0, answers: Object.entries(byState).flatMap(([state, list]) => list.map((text) => ({ text, when: state ? [state] : [] }))) })
  return change({ id, entryId: 0, action: 'scenario', actor: '店长', before: asEntry(before), after: asEntry(after) })
}

async function showEditor(state = 'paid') {
  const shown = ref(true)
  const Host = defineComponent({
    setup: () => () =>
      h(ScriptEditor, { show: shown.value, 'onUpdate:show': (v: boolean) => (shown.value = v), shopId: 1, intent: 'ship_time', name: '催发货', state }),
  })
  const r = render(Host)
  await settle()
  await settle()
  return { ...r, shown }
}

describe('SA-6 the script editor', () => {
  beforeEach(() => {
    fakeBackend()
    vi.mocked(scenarioApi.scriptsAccess).mockResolvedValue({ robotEnabled: true, canEdit: true })
    vi.mocked(kbApi.meta).mockResolvedValue({ variables: ['order.id', 'order.promise_ship_at'] } as Awaited<ReturnType<typeof kbApi.meta>>)
  })

  it('reads the scripts by state from a scenario change, "" for no order known', () => {
    const c = scriptsChange(5, { paid: ['a'] }, { paid: ['b', 'c'], '': ['d'] })
    expect(scriptsByState(c.after)).toEqual({ paid: ['b', 'c'], '': ['d'] })
    expect(changedStates(c, ['', 'paid', 'overdue'])).toEqual(['', 'paid'])
  })

  it('shows the state of the conversation\'s order first, with its unrendered scripts and fixed operations', async () => {
    await showEditor('paid')
    expect(scenarioApi.scenario).toHaveBeenCalledWith(1, 'ship_time')
    expect(all('script-state').map((b) => b.dataset.state)).toEqual(['', 'paid', 'overdue', 'shipped'])
    expect(document.querySelector('[data-testid="script-state"][aria-current="true"]')?.getAttribute('data-state')).toBe('paid')
    expect(all('script-input').map((t) => (t as HTMLTextAreaElement).value)).toEqual(['亲，您的订单 {order.id} 已付款，会在 {order.promise_ship_at} 前为您发货～'])
    expect(q('script-editor')!.textContent).toContain('推荐操作（不可修改）')
  })

  it('saves the recommended script and up to 2 more for a state, shop-wide', async () => {
    await showEditor('paid')
    vi.mocked(scenarioApi.saveScripts).mockResolvedValue(scriptsChange(9, {}, { paid: ['一', '二'] }))
    typeInto(all('script-input')[0] as HTMLTextAreaElement, '亲，订单 {order.id} 今天加急发出～')
    await settle()
    expect(q('script-dirty')).not.toBeNull()
    q('script-add')!.click()
    await settle()
    typeInto(all('script-input')[1] as HTMLTextAreaElement, '  仓库在打包啦～  ')
    q('script-add')!.click()
    await settle()
    expect(all('script-input')).toHaveLength(3)
    expect(q<HTMLButtonElement>('script-add')!.disabled).toBe(true)
    q('script-save')!.click()
    await settle()
    // The empty third one is dropped; the text is trimmed.
    expect(scenarioApi.saveScripts).toHaveBeenCalledExactlyOnceWith(1, 'ship_time', 'paid', ['亲，订单 {order.id} 今天加急发出～', '仓库在打包啦～'])
    expect(toasts()).toContain('「已付款未发货」的话术已保存')
    // The scenario and its history are read again.
    expect(scenarioApi.scenario).toHaveBeenCalledTimes(2)
    expect(scenarioApi.scriptHistory).toHaveBeenCalledTimes(2)
  })

  it('says why a save was refused', async () => {
    await showEditor('paid')
    vi.mocked(scenarioApi.saveScripts).mockRejectedValue({ kind: 'invalid', key: 'error.scenario_robot_off', message: 'robot off' })
    typeInto(all('script-input')[0] as HTMLTextAreaElement, '新话术')
    await settle()
    q('script-save')!.click()
    await settle()
    expect(toasts()).toContain('没有保存：开启全自动机器人后才能编辑智能助手的话术')
  })

  it('lists the history, marks the shop\'s own states, and rolls a change back', async () => {
    vi.mocked(scenarioApi.scriptHistory).mockResolvedValue([scriptsChange(12, {}, { paid: ['本店话术'] })])
    vi.mocked(scenarioApi.rollbackScripts).mockResolvedValue()
    await showEditor('paid')
    expect(all('script-state-own').map((t) => t.closest('[data-state]')?.getAttribute('data-state'))).toEqual(['paid'])
    const changes = all('script-change')
    expect(changes).toHaveLength(1)
    expect(changes[0]!.textContent).toContain('店长')
    expect(changes[0]!.textContent).toContain('修改了 已付款未发货')
    q('script-rollback')!.click()
    await settle()
    const confirm = Array.from(document.querySelectorAll<HTMLButtonElement>('.n-popconfirm button')).find((b) => b.textContent?.includes('回滚'))
    confirm!.click()
    await settle()
    expect(scenarioApi.rollbackScripts).toHaveBeenCalledExactlyOnceWith(1, 'ship_time', 12)
    expect(toasts()).toContain('已回滚')
  })

  it('is read-only, and says why, where the robot is off', async () => {
    vi.mocked(scenarioApi.scriptsAccess).mockResolvedValue({ robotEnabled: false, canEdit: true })
    await showEditor('paid')
    expect(q('script-editor-readonly')!.textContent).toContain('开启全自动机器人后')
    expect(q<HTMLTextAreaElement>('script-input')!.disabled).toBe(true)
    expect(q<HTMLButtonElement>('script-save')!.disabled).toBe(true)
  })
})

describe('SA-5 report a problem', () => {
  beforeEach(() => {
    fakeBackend()
    setLocale('zh-CN')
  })

  async function showReport() {
    const Host = defineComponent({
      setup: () => () => h(ReportDialog, { show: true, shopId: 1, intent: 'ship_time', name: '催发货', state: 'overdue', conversationId: 3 }),
    })
    const r = render(Host)
    await useAgentsStore().ensureLoaded()
    await settle()
    return r
  }

  function pickFile(file: File): void {
    const input = q<HTMLInputElement>('report-image-input')!
    Object.defineProperty(input, 'files', { value: [file], configurable: true })
    input.dispatchEvent(new Event('change'))
  }

  it('checks an image in the window: PNG, JPEG, GIF or WebP, at most 2 MB', () => {
    expect(checkImage({ type: 'image/png', size: 2 << 20 })).toBeNull()
    expect(checkImage({ type: 'image/webp', size: 10 })).toBeNull()
    expect(checkImage({ type: 'image/svg+xml', size: 10 })).toEqual({ key: 'imageType' })
    expect(checkImage({ type: 'image/jpeg', size: (2 << 20) + 1 })).toEqual({ key: 'imageTooLarge', size: (2 << 20) + 1 })
  })

  it('sends a description with an image, and lists the agent\'s own reports', async () => {
    vi.mocked(scenarioApi.reports).mockResolvedValue([
      report({ id: 2, agentId: 1, text: '我之前的反馈' }),
      report({ id: 3, agentId: 2, text: '别人的反馈' }),
    ])
    vi.mocked(scenarioApi.report).mockImplementation(async (req) => report({ id: 4, text: req.text, image: req.image ? 'abc.png' : '' }))
    await showReport()
    expect(scenarioApi.reports).toHaveBeenCalledWith(1)
    expect(all('report-item').map((i) => i.textContent)).toEqual([expect.stringContaining('我之前的反馈')])

    expect(q<HTMLButtonElement>('report-submit')!.disabled).toBe(true)
    typeInto(q<HTMLTextAreaElement>('report-text')!, '超时订单的话术不该承诺今天发货')
    pickFile(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'shot.png', { type: 'image/png' }))
    await settle()
    expect(q('report-image-name')!.textContent).toBe('shot.png')
    q('report-submit')!.click()
    await settle()
    await settle()
    const req = vi.mocked(scenarioApi.report).mock.calls[0]![0]
    expect(req).toMatchObject({ shopId: 1, intent: 'ship_time', state: 'overdue', conversationId: 3, text: '超时订单的话术不该承诺今天发货' })
    expect(req.image?.name).toBe('shot.png')
    expect(Array.from(req.image!.data)).toEqual([0x89, 0x50, 0x4e, 0x47])
    expect(toasts()).toContain('反馈已提交')
    expect(all('report-item')[0]!.textContent).toContain('超时订单的话术不该承诺今天发货')
  })

  it('refuses an image of another type or too large before sending anything', async () => {
    await showReport()
    typeInto(q<HTMLTextAreaElement>('report-text')!, '看图')
    pickFile(new File(['<svg/>'], 'x.svg', { type: 'image/svg+xml' }))
    await settle()
    expect(q('report-image-error')!.textContent).toBe('图片只能是 PNG、JPEG、GIF 或 WebP')
    expect(q<HTMLButtonElement>('report-submit')!.disabled).toBe(true)
    const big = new File([new Uint8Array(10)], 'big.png', { type: 'image/png' })
    Object.defineProperty(big, 'size', { value: 3 << 20 })
    pickFile(big)
    await settle()
    expect(q('report-image-error')!.textContent).toContain('图片太大了（3.0 MB）')
    expect(scenarioApi.report).not.toHaveBeenCalled()
  })

  it('says why a report was refused', async () => {
    vi.mocked(scenarioApi.report).mockRejectedValue({ kind: 'invalid', key: 'error.scenario_report_image_type', message: 'bad image' })
    await showReport()
    typeInto(q<HTMLTextAreaElement>('report-text')!, '看图')
    await settle()
    q('report-submit')!.click()
    await settle()
    expect(q('report-error')!.textContent).toContain('没有提交：图片只能是 PNG、JPEG、GIF 或 WebP')
  })
})
