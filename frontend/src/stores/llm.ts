import { defineStore } from 'pinia'
import { ref } from 'vue'

import * as llm from '../api/llm'
import type { LLMSettings, LLMTestResult, SaveLLMRequest } from '../api/types'

/** The backend's defaults and limits of the LLM settings (see llm/settings.go). */
export const llmDefaults = { budgetMs: 1500, topK: 5 } as const
export const llmLimits = { minBudgetMs: 100, maxBudgetMs: 60_000, maxTopK: 20 } as const

/**
 * The LLM store holds the saved settings of the optional LLM (LM-1). It never
 * holds the API key: that is typed in the settings dialog and goes straight
 * to the backend.
 */
export const useLLMStore = defineStore('llm', () => {
  /** The saved settings; null until read. */
  const settings = ref<LLMSettings | null>(null)
  let loading: Promise<LLMSettings> | null = null

  /** load reads the saved settings; it rejects with an AppError. */
  async function load(): Promise<LLMSettings> {
    loading ??= llm.settings().finally(() => {
      loading = null
    })
    settings.value = await loading
    return settings.value
  }

  /** ensureLoaded reads the settings once, in the background, ignoring failure. */
  function ensureLoaded(): void {
    if (settings.value === null && loading === null) {
      load().catch(() => {
        // Nothing depends on them but hints; the dialog reports failures.
      })
    }
  }

  /** save keeps the settings and puts them in use; it rejects with an AppError. */
  async function save(req: SaveLLMRequest): Promise<LLMSettings> {
    settings.value = await llm.save(req)
    return settings.value
  }

  /** test asks the endpoint of unsaved settings for a tiny rerank; it rejects with an AppError for unusable settings. */
  function test(req: SaveLLMRequest): Promise<LLMTestResult> {
    return llm.test(req)
  }

  /** budgetMs is how long a rerank may take with the saved settings. */
  function budgetMs(): number {
    return settings.value?.budgetMs || llmDefaults.budgetMs
  }

  return { settings, load, ensureLoaded, save, test, budgetMs }
})
