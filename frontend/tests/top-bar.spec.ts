import { beforeEach, describe, expect, it, vi } from 'vitest'

import * as appApi from '../src/api/app'
import TopBar from '../src/components/layout/TopBar.vue'
import { localeStorageKey } from '../src/i18n'
import { useAppStore } from '../src/stores/app'
import { fakeBackend } from './backend'
import { render, settle, toasts } from './render'

vi.mock('../src/api/app')
vi.mock('../src/api/chat')
vi.mock('../src/api/agents')
vi.mock('../src/api/events')

async function showTopBar() {
  const { wrapper } = render(TopBar)
  await useAppStore().load()
  await settle()
  return wrapper
}

describe('top bar', () => {
  beforeEach(() => {
    fakeBackend()
  })

  it('names the app, counts the shops and shows the simulator address', async () => {
    const wrapper = await showTopBar()
    expect(wrapper.text()).toContain('回复台')
    expect(wrapper.text()).toContain('ReplyDesk')
    expect(wrapper.get('[data-testid="shop-count"]').text()).toBe('1 个店铺')
    expect(wrapper.get('[data-testid="simulator-url"]').text()).toBe('http://127.0.0.1:8765/')
  })

  it('opens the buyer simulator, and says so when it cannot', async () => {
    const wrapper = await showTopBar()
    const button = wrapper.get('[data-testid="open-simulator"]')
    expect(button.text()).toBe('买家模拟器')
    await button.trigger('click')
    expect(appApi.openSimulator).toHaveBeenCalledOnce()

    vi.mocked(appApi.openSimulator).mockRejectedValue({ kind: 'unavailable', key: 'error.unavailable', message: 'no browser' })
    await button.trigger('click')
    await settle()
    expect(toasts()).toContain('无法打开买家模拟器：服务暂时不可用')
  })

  it('switches to English and remembers it', async () => {
    const wrapper = await showTopBar()
    const english = wrapper.findAll('[data-testid="locale-switch"] input').find((i) => i.attributes('value') === 'en')
    await english?.setValue(true)
    await settle()
    expect(wrapper.get('[data-testid="open-simulator"]').text()).toBe('Simulator')
    expect(wrapper.get('[data-testid="shop-count"]').text()).toBe('1 shop')
    expect(localStorage.getItem(localeStorageKey)).toBe('en')
  })
})
