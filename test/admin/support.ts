/**
 * Drives the admin function's real `main` with CloudBase HTTP access events, as the HTTP access gateway
 * (and the local cloud at /admin/*) would: one staff session per `Client`, cookies kept as a browser
 * keeps them, the CSRF header sent on writes unless a test leaves it out.
 */
import path from 'node:path'
import type { HttpResponse } from '../../typings/views'
import { startWorld, type World } from '../support/world'

// the TypeScript source, not a bundle `npm run build` may have left beside it
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require(path.resolve(__dirname, '../../cloudfunctions/admin/index.ts')) as {
  main: (event: unknown) => Promise<HttpResponse>
}

export const PASSWORD = 'demo-Passw0rd!'

export async function startAdminWorld(): Promise<World> {
  process.env.ADMIN_PASSWORD = PASSWORD
  return startWorld()
}

export interface Answer<T = unknown> {
  status: number
  headers: Record<string, string>
  body: { ok: true; data: T } | { ok: false; error: { code: string; message: string } }
  raw: HttpResponse
}

export interface CallOptions {
  body?: unknown
  /** Raw body text (overrides `body`). */
  text?: string
  query?: Record<string, string>
  headers?: Record<string, string>
  /** Leave out the CSRF header of the session. */
  noCsrf?: boolean
  ip?: string
  /** The body is base64 (CloudBase sends binary bodies so). */
  base64?: boolean
}

/** One CloudBase HTTP access event through the admin function. */
export async function send(
  method: string,
  path: string,
  options: CallOptions & { cookie?: string } = {},
): Promise<HttpResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers }
  if (options.cookie) headers.cookie = options.cookie
  if (options.ip) headers['x-forwarded-for'] = options.ip
  const text = options.text ?? (options.body === undefined ? '' : JSON.stringify(options.body))
  return main({
    path,
    httpMethod: method,
    headers,
    queryStringParameters: options.query ?? {},
    body: text,
    isBase64Encoded: options.base64 ?? false,
  })
}

export function parse<T>(raw: HttpResponse): Answer<T> {
  const ct = raw.headers['content-type'] ?? ''
  const body = ct.includes('json') ? (JSON.parse(raw.body) as Answer<T>['body']) : (raw.body as never)
  return { status: raw.statusCode, headers: raw.headers, body, raw }
}

export class Client {
  cookie = ''
  csrf = ''
  constructor(readonly ip = '10.0.0.1') {}

  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers }
    if (this.csrf && !options.noCsrf && method !== 'GET') headers['x-csrf-token'] = this.csrf
    const raw = await send(method, `/api/${path}`, { ip: this.ip, ...options, headers, cookie: this.cookie })
    const setCookie = raw.headers['set-cookie']
    if (setCookie) {
      const m = /^sid=([^;]*)/.exec(setCookie)
      this.cookie = m && m[1] ? `sid=${m[1]}` : ''
    }
    return parse<T>(raw)
  }

  async login(username: string, password = PASSWORD): Promise<Answer<{ csrfToken: string }>> {
    const res = await this.call<{ csrfToken: string }>('POST', 'login', { body: { username, password } })
    if (res.body.ok) this.csrf = res.body.data.csrfToken
    return res
  }

  /** The data of an ok answer; throws with the error otherwise. */
  async data<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const res = await this.call<T>(method, path, options)
    if (!res.body.ok)
      throw new Error(`${method} ${path} → ${res.status} ${res.body.error.code} ${res.body.error.message}`)
    return res.body.data
  }
}

export async function signedIn(username: string, ip?: string): Promise<Client> {
  const c = new Client(ip)
  const res = await c.login(username)
  if (!res.body.ok) throw new Error(`login ${username}: ${res.body.error.code} ${res.body.error.message}`)
  return c
}
