// The desktop around the window: its title and notifications. Wails v2 has
// no notifications of its own, so they go through app.NotifyService.
import * as NotifyService from '../../wailsjs/go/app/NotifyService'
import { WindowSetTitle } from '../../wailsjs/runtime/runtime'
import { call } from './errors'

/** A desktop notification; sound also plays a short sound. */
export interface Notification {
  title: string
  body: string
  sound: boolean
}

/**
 * notify shows a desktop notification. It rejects with an AppError
 * (error.notify_unavailable where no notification service runs); callers
 * ignore that, as the window already shows everything.
 */
export function notify(n: Notification): Promise<void> {
  return call(() => NotifyService.Notify({ ...n }))
}

/**
 * setWindowTitle sets the title of the page and of the desktop window, which
 * the taskbar shows. Without the desktop runtime (a page in a browser) only
 * the page's changes.
 */
export function setWindowTitle(title: string): void {
  document.title = title
  try {
    WindowSetTitle(title)
  } catch {
    // No desktop runtime.
  }
}
