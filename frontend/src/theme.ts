// The look of the app: a calm palette for long shifts, compact sizes, CJK fonts
// installed on the machine (nothing is fetched from the network).
import type { GlobalThemeOverrides } from 'naive-ui'

// ReplyDesk Emoji (styles/base.css) is the system's colour emoji font, for emoji only.
export const fontFamily = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "ReplyDesk Emoji", sans-serif'
export const monoFamily = 'ui-monospace, "Noto Sans Mono CJK SC", Menlo, Consolas, monospace'

export const palette = {
  primary: '#3a7ca5',
  primaryHover: '#4a8bb3',
  primaryPressed: '#2f6788',
  page: '#f3f4f6',
  surface: '#ffffff',
  border: '#e2e5e9',
  text: '#1f2329',
  textMuted: '#6b7280',
  textFaint: '#9aa1ab',
  selected: '#e9f1f7',
  hover: '#f5f7f9',
  bubbleOurs: '#e4eff7',
  bubbleAuto: '#eef0f2',
  unread: '#e0484e',
  warning: '#a16207',
} as const

export const themeOverrides: GlobalThemeOverrides = {
  common: {
    fontFamily,
    fontFamilyMono: monoFamily,
    fontSize: '13px',
    fontSizeMedium: '13px',
    fontSizeSmall: '12px',
    fontSizeTiny: '12px',
    borderRadius: '6px',
    primaryColor: palette.primary,
    primaryColorHover: palette.primaryHover,
    primaryColorPressed: palette.primaryPressed,
    primaryColorSuppl: palette.primaryHover,
    // Info (tags, progress bars) shares the primary's calm blue.
    infoColor: palette.primary,
    infoColorHover: palette.primaryHover,
    infoColorPressed: palette.primaryPressed,
    infoColorSuppl: palette.primaryHover,
    bodyColor: palette.page,
    textColorBase: palette.text,
    errorColor: palette.unread,
  },
}

/** cssVars hands the palette to the app's own styles as --rd-* custom properties. */
export const cssVars: Record<string, string> = {
  '--rd-font': fontFamily,
  '--rd-mono': monoFamily,
  ...Object.fromEntries(Object.entries(palette).map(([k, v]) => [`--rd-${kebab(k)}`, v])),
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
}
