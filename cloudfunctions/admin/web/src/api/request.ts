/**
 * The one door to the back office API. It unwraps `{ ok, data | error }`, sends the CSRF proof on
 * every write, maps 401 to the login page and NEVER retries on its own: a repeated grab switch or
 * refund is the merchant's decision, not the transport's (the TDesign starter retries everything 3×).
 */
import type { RequestOf, ResponseOf, RouteKey } from './contract'

/** A refusal with the server's Chinese message, ready to show as it is. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** Extra facts, e.g. WeChat's errcode or the anchor's real-name verification QR code. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
  }
}

let csrfToken = ''
let onUnauthenticated: () => void = () => undefined

/** The CSRF token from `login` / `me`; every non-GET call carries it. */
export function setCsrfToken(token: string): void {
  csrfToken = token
}

/** What to do when the server says the session is gone (the router sends the user to #/login). */
export function onSessionLost(fn: () => void): void {
  onUnauthenticated = fn
}

const API_BASE = new URL('api/', new URL('.', location.href)).href
const TIMEOUT_MS = 20_000

type Input = Record<string, unknown>

/** Splits `'GET rooms/:roomId'` and fills its path parameters from the input, which keeps the rest. */
function resolve(route: string, input: Input): { method: string; url: URL; rest: Input } {
  const [method = 'GET', pattern = ''] = route.split(' ')
  const rest: Input = { ...input }
  const path = pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = rest[name]
    delete rest[name]
    return encodeURIComponent(String(v ?? ''))
  })
  const url = new URL(path, API_BASE)
  if (method === 'GET')
    for (const [k, v] of Object.entries(rest))
      if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v))
  return { method, url, rest }
}

async function send(route: string, input: Input, accept: 'json' | 'text'): Promise<Response> {
  const { method, url, rest } = resolve(route, input)
  const headers: Record<string, string> = { accept: accept === 'json' ? 'application/json' : 'text/csv' }
  const init: RequestInit = { method, headers, credentials: 'same-origin' }
  if (method !== 'GET') {
    headers['content-type'] = 'application/json'
    headers['x-csrf-token'] = csrfToken
    init.body = JSON.stringify(rest)
  }
  const ctl = new AbortController()
  const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS)
  try {
    return await fetch(url, { ...init, signal: ctl.signal })
  } catch {
    throw new ApiError('NETWORK', '网络异常，请检查网络后重试', 0)
  } finally {
    clearTimeout(timer)
  }
}

async function refusal(res: Response): Promise<ApiError> {
  let error: { code?: string; message?: string; details?: Record<string, unknown> } | undefined
  try {
    error = ((await res.json()) as { error?: typeof error }).error
  } catch {
    // not our envelope (a gateway page): fall through to a generic message
  }
  if (res.status === 401) onUnauthenticated()
  return new ApiError(
    error?.code ?? 'HTTP_' + res.status,
    error?.message ?? `服务暂时不可用（HTTP ${res.status}），请稍后重试`,
    res.status,
    error?.details,
  )
}

/** Calls one route of the API and resolves with its `data`, or rejects with an ApiError. */
export async function request<R extends RouteKey>(route: R, input?: RequestOf<R>): Promise<ResponseOf<R>> {
  const res = await send(route, (input ?? {}) as Input, 'json')
  if (!res.ok) throw await refusal(res)
  const body = (await res.json()) as {
    ok: boolean
    data?: unknown
    error?: { code: string; message: string }
  }
  if (!body.ok) throw new ApiError(body.error?.code ?? 'ERROR', body.error?.message ?? '操作失败', res.status)
  return body.data as ResponseOf<R>
}

/** A CSV export: fetches it with the session and hands it to the browser as a download. */
export async function download(
  route: 'GET orders/export' | 'GET prizes/export',
  input: Input,
  filename: string,
): Promise<void> {
  const res = await send(route, input, 'text')
  if (!res.ok) throw await refusal(res)
  const blob = await res.blob()
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}

/** The Chinese message of any failure, for a toast or an inline error. */
export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message
  return '操作失败，请稍后重试'
}
