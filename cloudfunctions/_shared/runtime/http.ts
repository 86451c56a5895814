/**
 * The wrapper of HTTP-triggered functions: CloudBase's HTTP access event in, `{ statusCode, headers, body }`
 * out. Bad input answers 400 with `{ ok: false, error }`; nothing unexpected leaks a stack.
 */
import { randomUUID } from 'node:crypto'
import type { HttpEvent, HttpResponse } from '../../../typings/api'
import { BizError } from '../domain/errors'
import { container, type Container } from './container'
import { toApiError } from './callable'

export interface HttpRequest {
  method: string
  /** The path below the function's mount point, e.g. `/api/rooms`. */
  path: string
  headers: Record<string, string>
  query: Record<string, string>
  body: string
  requestId: string
}

export type HttpHandler = (req: HttpRequest, c: Container) => Promise<HttpResponse>

const STATUS: Partial<Record<string, number>> = {
  INVALID_INPUT: 400,
  UNKNOWN_ACTION: 404,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  RATE_LIMITED: 429,
}

/** A JSON response. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  }
}

/** Builds an HTTP function's `main` around one handler. */
export function httpFunction(
  fn: string,
  handler: HttpHandler,
): (event: unknown, context?: unknown) => Promise<HttpResponse> {
  return async (event) => {
    const requestId = randomUUID()
    try {
      return await handler(toRequest(event, requestId), container())
    } catch (e) {
      const error = toApiError(e, { fn, requestId })
      const status = e instanceof BizError ? (STATUS[e.code] ?? 422) : 500
      return json(status, { ok: false, error })
    }
  }
}

function toRequest(event: unknown, requestId: string): HttpRequest {
  const e = (event ?? {}) as Partial<HttpEvent>
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(e.headers ?? {})) headers[k.toLowerCase()] = String(v)
  const raw = e.body ?? ''
  return {
    method: (e.httpMethod ?? 'GET').toUpperCase(),
    path: e.path ?? '/',
    headers,
    query: e.queryStringParameters ?? {},
    body: e.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw,
    requestId,
  }
}
