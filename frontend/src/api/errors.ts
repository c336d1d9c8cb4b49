import type { AppError, ErrorKind } from './types'

const kinds: ReadonlySet<string> = new Set<ErrorKind>(['invalid', 'not_found', 'conflict', 'unavailable', 'internal'])

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null
}

/**
 * toAppError turns whatever a rejected call carries into an AppError. The Go
 * side's error formatter rejects with {kind, key, message}; anything else (a
 * plain string, a JavaScript Error such as Wails' call timeout) becomes an
 * internal error whose message is kept as the fallback text.
 */
export function toAppError(err: unknown): AppError {
  if (isRecord(err) && typeof err.key === 'string' && typeof err.message === 'string') {
    const kind = typeof err.kind === 'string' && kinds.has(err.kind) ? (err.kind as ErrorKind) : 'internal'
    return { kind, key: err.key, message: err.message }
  }
  const message = err instanceof Error ? err.message : String(err)
  return { kind: 'internal', key: 'error.internal', message }
}

/** call runs a bound method and rejects with an AppError if it fails. */
export async function call<T>(method: () => Promise<T>): Promise<T> {
  try {
    return await method()
  } catch (err) {
    throw toAppError(err)
  }
}
