// App-wide facts and actions. Wraps the bindings of app.AppService; every
// function rejects with an AppError.
import * as AppService from '../../wailsjs/go/app/AppService'
import { toAppInfo } from './decode'
import { call } from './errors'
import type { AppInfo } from './types'

/** info returns the version, the data folder and the buyer simulator's address. */
export async function info(): Promise<AppInfo> {
  return toAppInfo(await call(() => AppService.Info()))
}

/** openSimulator opens the buyer simulator in the system browser. */
export function openSimulator(): Promise<void> {
  return call(() => AppService.OpenSimulator())
}
