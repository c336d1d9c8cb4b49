import { describe, expect, it, vi } from 'vitest'

import * as buyerApi from '../src/api/buyer'
import DeskAside from '../src/components/buyer/DeskAside.vue'
import { fakeBackend } from './backend'
import { render, settle } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')
vi.mock('../src/api/buyer')
vi.mock('../src/api/llm')

describe('desk aside: assist and buyer tabs (CV-4)', () => {
  it('CV-4 shows Alt+B in the buyer tab, with no hover tooltip over the buyer’s name, and Alt+B switches', async () => {
    fakeBackend()
    vi.mocked(buyerApi.profile).mockRejectedValue({ kind: 'not_found', key: 'error.not_found', message: 'none' })
    const { wrapper } = render(DeskAside)
    await settle()

    const tab = wrapper.get('[data-testid="aside-tab-buyer"]')
    expect(tab.text()).toContain('买家')
    expect(tab.get('[data-testid="aside-tab-buyer-key"]').text()).toBe('Alt+B')
    expect(tab.attributes('aria-keyshortcuts')).toBe('Alt+B')
    // A native title pops up under the pointer, on the buyer's name.
    expect(wrapper.find('[data-testid="aside-tab-buyer"][title], [data-testid="aside-tab-buyer"] [title]').exists()).toBe(false)

    const panes = () => wrapper.findAll('.aside__pane').map((p) => (p.element as HTMLElement).style.display !== 'none')
    expect(panes()).toEqual([true, false])
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'b', code: 'KeyB', altKey: true }))
    await settle()
    expect(panes()).toEqual([false, true])
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'b', code: 'KeyB', altKey: true }))
    await settle()
    expect(panes()).toEqual([true, false])
    wrapper.unmount()
  })
})
