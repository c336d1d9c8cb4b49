import type { AppError, ErrorKind, FieldError, RowError } from './types'

const kinds: ReadonlySet<string> = new Set<ErrorKind>(['invalid', 'not_found', 'conflict', 'unavailable', 'internal'])

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

function toFieldErrors(v: unknown): FieldError[] {
  return Array.isArray(v) ? v.filter(isRecord).map((f) => ({ field: str(f.field), key: str(f.key), detail: str(f.detail) })) : []
}

function toRowErrors(v: unknown): RowError[] {
  return Array.isArray(v)
    ? v.filter(isRecord).map((r) => ({
        row: typeof r.row === 'number' ? r.row : 0,
        question: str(r.question),
        problems: toFieldErrors(r.problems),
      }))
    : []
}

/**
 * toAppError turns whatever a rejected call carries into an AppError. The Go
 * side's error formatter rejects with {kind, key, message}, plus fields for an
 * entry that could not be saved and rows for a refused import file; anything
 * else (a plain string, a JavaScript Error such as Wails' call timeout)
 * becomes an internal error whose message is kept as the fallback text.
 */
export function toAppError(err: unknown): AppError {
  if (isRecord(err) && typeof err.key === 'string' && typeof err.message === 'string') {
    const kind = typeof err.kind === 'string' && kinds.has(err.kind) ? (err.kind as ErrorKind) : 'internal'
    const out: AppError = { kind, key: err.key, message: err.message }
    if (Array.isArray(err.fields)) {
      out.fields = toFieldErrors(err.fields)
    }
    if (Array.isArray(err.rows)) {
      out.rows = toRowErrors(err.rows)
    }
    return out
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
