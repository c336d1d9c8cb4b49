import { createI18n } from 'vue-i18n'

import { toAppError } from './api/errors'
import en from './langs/en'
import zhCN, { type MessageSchema } from './langs/zh-CN'

export const locales = ['zh-CN', 'en'] as const

export type Locale = (typeof locales)[number]

/** The localStorage key that keeps the agent's choice of language. */
export const localeStorageKey = 'replydesk.locale'

const defaultLocale: Locale = 'zh-CN'

export function isLocale(v: unknown): v is Locale {
  return locales.some((l) => l === v)
}

/** savedLocale returns the language chosen earlier, or Chinese. */
function savedLocale(): Locale {
  try {
    const saved = localStorage.getItem(localeStorageKey)
    return isLocale(saved) ? saved : defaultLocale
  } catch {
    return defaultLocale // storage disabled: keep the default
  }
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: defaultLocale,
  messages: { 'zh-CN': zhCN, en },
})

/** setLocale switches the language and remembers the choice. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
  try {
    localStorage.setItem(localeStorageKey, locale)
  } catch {
    // Storage disabled: the choice lasts until the window closes.
  }
}

/**
 * errorText is what the window says about a failed call: the translation of
 * its key when there is one, else its English fallback message.
 */
export function errorText(err: unknown): string {
  const { key, message } = toAppError(err)
  const { t, te } = i18n.global
  return key !== '' && te(key) ? t(key) : message
}
