import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

import * as appApi from '../api/app'
import * as chat from '../api/chat'
import { toAppError } from '../api/errors'
import type { AppError, AppInfo, Shop } from '../api/types'
import { i18n, setLocale as applyLocale, type Locale } from '../i18n'

/** The screens of the window: the conversations desk, the knowledge-base editor and the feedback loop. */
export const screens = ['chat', 'kb', 'feedback'] as const

export type Screen = (typeof screens)[number]

/** The app store holds app-wide facts: version, shops, the simulator, the language, the screen shown. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  const screen = ref<Screen>('chat')
  const shops = ref<Shop[]>([])
  const loadError = ref<AppError | null>(null)

  const locale = computed<Locale>(() => i18n.global.locale.value)

  /** load fetches the app's facts and its shops. */
  async function load(): Promise<void> {
    loadError.value = null
    try {
      const [i, s] = await Promise.all([appApi.info(), chat.shops()])
      info.value = i
      shops.value = s
    } catch (err) {
      loadError.value = toAppError(err)
    }
  }

  /** openSimulator opens the buyer simulator in the browser; it rejects with an AppError. */
  function openSimulator(): Promise<void> {
    return appApi.openSimulator()
  }

  /** copyText puts text on the clipboard; it rejects with an AppError. */
  function copyText(text: string): Promise<void> {
    return appApi.copyText(text)
  }

  function setLocale(l: Locale): void {
    applyLocale(l)
  }

  /** show switches the screen; each keeps its state while the other is shown. */
  function show(s: Screen): void {
    screen.value = s
  }

  return { info, shops, loadError, locale, screen, load, openSimulator, copyText, setLocale, show }
})
