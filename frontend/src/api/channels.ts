// The shops' webhook connectors (CV-7b): where a system posts buyer messages
// and orders, the token it signs in with, and the callback that receives the
// messages sent to buyers. Wraps the bindings of app.ChannelService; every
// function rejects with an AppError.
import * as ChannelService from '../../wailsjs/go/app/ChannelService'
import type { app } from '../../wailsjs/go/models'
import { call } from './errors'

/** WebhookInfo is a shop's webhook connector; the token itself is never read back. */
export interface WebhookInfo {
  /** The endpoints' root: messages go to url + '/messages', orders to url + '/orders'. */
  url: string
  /** Where messages to buyers are delivered; empty for nowhere. */
  callbackUrl: string
  hasToken: boolean
  /** Messages the callback has not acknowledged yet. */
  pending: number
}

function toWebhookInfo(w: app.WebhookInfo | null | undefined): WebhookInfo {
  return {
    url: typeof w?.url === 'string' ? w.url : '',
    callbackUrl: typeof w?.callbackUrl === 'string' ? w.callbackUrl : '',
    hasToken: w?.hasToken === true,
    pending: typeof w?.pending === 'number' && Number.isFinite(w.pending) ? w.pending : 0,
  }
}

/** webhook returns a shop's webhook connector. */
export async function webhook(shopId: number): Promise<WebhookInfo> {
  return toWebhookInfo(await call(() => ChannelService.Webhook(shopId)))
}

/** rotateToken makes a new token, returned this once; the token before stops working at once. */
export async function rotateToken(shopId: number): Promise<string> {
  return call(() => ChannelService.RotateToken(shopId))
}

/**
 * setCallback sets where the shop's messages to buyers are delivered and the
 * secret that signs them (empty: keep the secret saved). An empty url
 * removes the callback.
 */
export async function setCallback(shopId: number, url: string, secret: string): Promise<void> {
  await call(() => ChannelService.SetCallback(shopId, url, secret))
}
