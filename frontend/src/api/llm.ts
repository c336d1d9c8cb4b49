// The optional LLM's settings (LM-1). Wraps the bindings of app.LLMService;
// every function rejects with an AppError. The API key only ever travels
// from the window to the backend, never back.
import * as LLMService from '../../wailsjs/go/app/LLMService'
import type { app } from '../../wailsjs/go/models'
import { toLLMSettings, toLLMTestResult } from './decode'
import { call } from './errors'
import type { LLMSettings, LLMTestResult, SaveLLMRequest } from './types'

/** wire hands plain JSON to a binding typed with the generated classes. */
function wire(req: SaveLLMRequest): app.SaveLLMRequest {
  return { ...req } as app.SaveLLMRequest
}

/** settings returns the saved settings, with where the key is kept but never the key. */
export async function settings(): Promise<LLMSettings> {
  return toLLMSettings(await call(() => LLMService.Settings()))
}

/** save checks the settings, keeps them and puts them in use at once. */
export async function save(req: SaveLLMRequest): Promise<LLMSettings> {
  return toLLMSettings(await call(() => LLMService.Save(wire(req))))
}

/**
 * test asks the endpoint of the given, unsaved settings for a tiny rerank.
 * A failed connection resolves with ok false and its error; settings that
 * cannot be used (no base URL…) reject.
 */
export async function test(req: SaveLLMRequest): Promise<LLMTestResult> {
  return toLLMTestResult(await call(() => LLMService.Test(wire(req))))
}
