/**
 * The wrapper of HTTP-triggered functions, on hono: CloudBase's HTTP access event (集成请求) becomes a
 * Web `Request`, the app answers a `Response`, and that becomes `{ statusCode, headers, body,
 * isBase64Encoded }` again (binary bodies in base64). The same handler runs on CloudBase and on the
 * local cloud. One body reader enforces CloudBase's request limits and a JSON nesting limit, answering
 * 413 / 400 with the `{ ok: false, error }` envelope; nothing unexpected leaks a stack.
 */
import { randomUUID } from 'node:crypto'
import type { ApiError, ErrorCode, HttpEvent, HttpResponse } from '../../../typings/views'
import { BizError, ERROR_MESSAGES } from '../domain/errors'
import { toApiError } from './callable'
import { BODY_LIMIT, TEXT_BODY_LIMIT } from './limits'

/** No body of ours nests deeper than a handful of levels; refuse before any recursive code sees it. */
export const JSON_MAX_DEPTH = 32

/** The HTTP status of each error code; other business refusals answer 422. */
export const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_ACTION: 404,
  ORDER_NOT_FOUND: 404,
  ROOM_NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
}

export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>
}

/** The request body limit CloudBase applies: 100 KB for text bodies, 6 MB for everything else. */
export function bodyLimitOf(contentType: string | undefined): number {
  // the documented limit says "text type": text/* surely; whether application/json counts is not
  // documented, so JSON gets the 6 MB (feeds are chunked well below 100 KB either way)
  return /^\s*text\//i.test(contentType ?? '') ? TEXT_BODY_LIMIT : BODY_LIMIT
}

/** Builds an HTTP function's `main` around a hono (or any fetch) app. */
export function httpFunction(
  fn: string,
  app: FetchApp,
  options: { mountedAt?: string } = {},
): (event: unknown, context?: unknown) => Promise<HttpResponse> {
  return async (event) => {
    const requestId = randomUUID()
    try {
      const request = toWebRequest(event, requestId, options.mountedAt)
      return await fromWebResponse(await app.fetch(request))
    } catch (e) {
      return errorResponse(e, { fn, requestId })
    }
  }
}

/**
 * The event as a Web Request; refuses a body over CloudBase's limit before anything reads it.
 * `mountedAt` (e.g. `/admin`) is taken off the path when the gateway passes it: the local cloud passes
 * the path below the mount, and an HTTP access route may pass it whole.
 */
export function toWebRequest(event: unknown, requestId: string = randomUUID(), mountedAt?: string): Request {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Partial<HttpEvent>
  const headers = new Headers()
  if (typeof e.headers === 'object' && e.headers !== null) {
    for (const [k, v] of Object.entries(e.headers)) {
      try {
        headers.set(k, Array.isArray(v) ? v.join(',') : String(v))
      } catch {
        // a header name or value the Fetch API refuses: a proxy would have dropped it too
      }
    }
  }
  headers.set('x-request-id', requestId)
  const method = typeof e.httpMethod === 'string' ? e.httpMethod.toUpperCase() : 'GET'
  let path = typeof e.path === 'string' && e.path.startsWith('/') ? e.path : `/${String(e.path ?? '')}`
  if (mountedAt && (path === mountedAt || path.startsWith(`${mountedAt}/`)))
    path = path.slice(mountedAt.length) || '/'
  // a dot segment would be resolved by the URL parser into another route (`rooms/../sync` → `sync`)
  if (path.split('/').some((seg) => /^(\.|%2e){1,2}$/i.test(seg)))
    throw new BizError('NOT_FOUND', '没有这个地址')
  const url = new URL(`http://function.local`)
  url.pathname = path
  const query = e.queryStringParameters
  if (typeof query === 'object' && query !== null)
    for (const [k, v] of Object.entries(query)) url.searchParams.append(k, String(v))
  const raw = typeof e.body === 'string' ? e.body : ''
  const bytes = e.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8')
  if (bytes.length > bodyLimitOf(headers.get('content-type') ?? undefined))
    throw new BizError(
      'PAYLOAD_TOO_LARGE',
      `请求内容过大（${Math.ceil(bytes.length / 1024)} KB），请分批提交`,
    )
  const hasBody = method !== 'GET' && method !== 'HEAD' && bytes.length > 0
  return new Request(url, { method, headers, ...(hasBody && { body: bytes }) })
}

const TEXT_TYPES = /^(text\/|application\/(json|javascript|xml)|image\/svg\+xml)/i

/** The Response as CloudBase's HTTP access reply; binary bodies in base64. */
export async function fromWebResponse(res: Response): Promise<HttpResponse> {
  const headers: Record<string, string> = {}
  res.headers.forEach((v, k) => {
    headers[k] = v
  })
  const buf = Buffer.from(await res.arrayBuffer())
  const contentType = res.headers.get('content-type') ?? ''
  if (buf.length === 0 || TEXT_TYPES.test(contentType))
    return { statusCode: res.status, headers, body: buf.toString('utf8'), isBase64Encoded: false }
  return { statusCode: res.status, headers, body: buf.toString('base64'), isBase64Encoded: true }
}

/**
 * The ONE JSON body reader: an empty body is `{}`; a body that is not JSON, nests deeper than
 * JSON_MAX_DEPTH or carries a `__proto__` key is INVALID_INPUT. (Size was checked on the event.)
 */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text()
  if (text.trim() === '') return {}
  if (jsonDepth(text) > JSON_MAX_DEPTH)
    throw new BizError('INVALID_INPUT', `请求内容嵌套过深（最多${JSON_MAX_DEPTH}层）`)
  let poisoned = false
  let value: unknown
  try {
    value = JSON.parse(text, (key, v: unknown) => {
      if (key === '__proto__') poisoned = true
      return v
    })
  } catch {
    throw new BizError('INVALID_INPUT', '请求内容不是合法的 JSON')
  }
  if (poisoned) throw new BizError('INVALID_INPUT', '请求内容含有不允许的字段名 __proto__')
  return value
}

/** The deepest nesting of `[` / `{` in JSON text, strings skipped (iterative: no recursion). */
export function jsonDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (inString) {
      if (ch === 0x5c) i++
      else if (ch === 0x22) inString = false
    } else if (ch === 0x22) inString = true
    else if (ch === 0x5b || ch === 0x7b) max = Math.max(max, ++depth)
    else if (ch === 0x5d || ch === 0x7d) depth--
  }
  return max
}

/** A JSON response. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  }
}

/** The envelope of an error, for a Web Response. */
export function errorBody(e: unknown, where: Record<string, unknown>): { status: number; error: ApiError } {
  const error = toApiError(e, where)
  return { status: STATUS[error.code] ?? (e instanceof BizError ? 422 : 500), error }
}

function errorResponse(e: unknown, where: Record<string, unknown>): HttpResponse {
  const { status, error } = errorBody(e, where)
  return json(status, { ok: false, error })
}

/** Unknown route: a stable code, never the framework's text page. */
export function unknownRoute(method: string, path: string): BizError {
  return new BizError('UNKNOWN_ACTION', `${ERROR_MESSAGES.UNKNOWN_ACTION}：${method} ${path.slice(0, 100)}`)
}
