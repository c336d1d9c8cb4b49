// App-wide facts and actions. Wraps the bindings of app.AppService; every
// function rejects with an AppError.
import * as AppService from '../../wailsjs/go/app/AppService'
import { ClipboardSetText } from '../../wailsjs/runtime/runtime'
import { toAppInfo } from './decode'
import { call } from './errors'
import type { AppInfo } from './types'

/** info returns the version, the data folder and the buyer simulator's address. */
export async function info(): Promise<AppInfo> {
  return toAppInfo(await call(() => AppService.Info()))
}

/** openLogFolder opens the folder of the log files in the system's file manager. */
export function openLogFolder(): Promise<void> {
  return call(() => AppService.OpenLogFolder())
}

/** openSimulator opens the buyer simulator in the system browser. */
export function openSimulator(): Promise<void> {
  return call(() => AppService.OpenSimulator())
}

/**
 * copyText puts text on the system clipboard: through the desktop runtime,
 * else (a page served to a browser) through the web clipboard. It rejects
 * with an AppError when neither can.
 */
export async function copyText(text: string): Promise<void> {
  try {
    if (await ClipboardSetText(text)) {
      return
    }
  } catch {
    // No desktop runtime: try the browser's clipboard.
  }
  await call(() => navigator.clipboard.writeText(text))
}
