/**
 * The local cloud: the deployed function handlers behind one HTTP server on 127.0.0.1, an emulated
 * CloudBase database persisted in SQLite, the functions' timers, and the WeChat and 扫呗 simulators.
 * SPEC's "Local cloud contract" is the interface; tests start it in-process on an ephemeral port.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import type { HttpResponse } from '../../typings/api'
import { createLocalDatabase, type LocalDatabase } from '../../cloudfunctions/_shared/adapters/local/database'
import { bindLocalCloud } from '../../cloudfunctions/_shared/runtime/binding'
import { resetContainer } from '../../cloudfunctions/_shared/runtime/container'
import { createWechatSimulator, type WechatSimulator } from './sim/wechat'
import { createSaobeiSimulator, type SaobeiSimulator } from './sim/saobei'
import { FUNCTIONS, loadFunctions, type FunctionMains } from './functions'
import { startTimers, type Timers } from './timers'
import { createLocalClock, type LocalClock } from './clock'
import { LOCAL_MERCHANT, localSettings } from './settings'

export interface LocalCloudOptions {
  port?: number
  /** Data folder (SQLite files); `null` keeps everything in memory. Default: LOCAL_CLOUD_DIR or .local-cloud */
  dir?: string | null
  /** Run the functions' timer triggers (default true). */
  timers?: boolean
  /** Load the TypeScript sources (tests) or the built bundles (npm start). */
  handlers?: 'source' | 'bundle'
  /** Print one line per invocation (default false). */
  log?: boolean
}

export interface LocalCloud {
  url: string
  db: LocalDatabase
  clock: LocalClock
  wechat: WechatSimulator
  saobei: SaobeiSimulator
  /** Calls a callable function as `wx.cloud.callFunction` would, as the given OPENID. */
  call<T = unknown>(fn: string, event: Record<string, unknown>, openid?: string): Promise<T>
  close(): Promise<void>
}

const ROOT = path.resolve(__dirname, '../..')

/** Starts the local cloud and resolves once it listens. */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const dir =
    options.dir === undefined ? (process.env.LOCAL_CLOUD_DIR ?? path.join(ROOT, '.local-cloud')) : options.dir
  if (dir) fs.mkdirSync(dir, { recursive: true })
  const file = (name: string) => (dir ? path.join(dir, name) : undefined)

  const clock = createLocalClock()
  const db = createLocalDatabase({ ...(file('db.sqlite') && { file: file('db.sqlite') }) })
  const wechat = createWechatSimulator({
    ...(file('wechat-sim.sqlite') && { file: file('wechat-sim.sqlite') }),
    clock,
    appid: LOCAL_MERCHANT.appid,
    secret: LOCAL_MERCHANT.secret,
  })
  const saobei = createSaobeiSimulator({
    ...(file('saobei-sim.sqlite') && { file: file('saobei-sim.sqlite') }),
    clock,
    merchants: [LOCAL_MERCHANT.saobei],
  })

  let mains: FunctionMains = {}
  const log = options.log ?? false
  const server = http.createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      console.error(e)
      if (!res.headersSent)
        send(res, 500, { ok: false, error: { code: 'INTERNAL_ERROR', message: '本地云内部错误' } })
    })
  })
  server.keepAliveTimeout = 65_000

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/'
    const [pathname = '/'] = url.split('?')
    if (pathname.startsWith('/fn/')) return callFunction(req, res, pathname.slice(4))
    if (pathname.startsWith('/http/')) {
      const [name = '', ...rest] = pathname.slice(6).split('/')
      return httpFunction(req, res, name, `/${rest.join('/')}`)
    }
    if (pathname === '/admin') return redirect(res, '/admin/')
    if (pathname.startsWith('/admin/'))
      return httpFunction(req, res, 'admin', pathname.slice('/admin'.length))
    if (pathname.startsWith('/sim/wechat/')) return wechat.handle(req, res, url.slice('/sim/wechat'.length))
    if (pathname.startsWith('/sim/saobei/')) return saobei.handle(req, res, url.slice('/sim/saobei'.length))
    if (pathname === '/sim/clock') return clockControl(req, res)
    if (pathname === '/')
      return send(res, 200, { ok: true, data: { functions: FUNCTIONS, admin: '/admin/' } })
    send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: '没有这个地址' } })
  }

  async function callFunction(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const main = mains[name]
    if (!main || req.method !== 'POST')
      return send(res, 404, {
        ok: false,
        error: { code: 'NOT_FOUND', message: `没有可调用的云函数 ${name}` },
      })
    let event: unknown
    try {
      event = JSON.parse((await readBody(req)) || '{}')
    } catch {
      return send(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: '请求体不是合法的 JSON' } })
    }
    const openid = header(req, 'x-wx-openid')
    const started = performance.now()
    const result = (await main(event, { openid, request_id: randomUUID() })) as {
      ok?: boolean
      error?: { code?: string }
    }
    if (log)
      logLine(
        name,
        (event as { action?: string } | null)?.action,
        started,
        result.ok ? 'ok' : (result.error?.code ?? 'error'),
      )
    send(res, 200, result)
  }

  async function httpFunction(
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    subpath: string,
  ): Promise<void> {
    const main = mains[name]
    if (!main)
      return send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `没有 HTTP 云函数 ${name}` } })
    const [p, qs = ''] = subpath.split('?')
    const query = Object.fromEntries(new URLSearchParams(qs || (req.url ?? '').split('?')[1] || ''))
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
    )
    const started = performance.now()
    const event = {
      path: p,
      httpMethod: req.method ?? 'GET',
      headers,
      queryStringParameters: query,
      body: await readBody(req),
      isBase64Encoded: false,
    }
    const out = (await main(event, { request_id: randomUUID() })) as HttpResponse
    if (log) logLine(name, `${req.method} ${p}`, started, String(out.statusCode))
    res.writeHead(out.statusCode, out.headers)
    res.end(out.isBase64Encoded ? Buffer.from(out.body, 'base64') : out.body)
  }

  async function clockControl(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'POST') {
      const { advanceMs } = JSON.parse((await readBody(req)) || '{}') as { advanceMs?: number }
      if (typeof advanceMs === 'number') clock.advance(advanceMs)
    }
    send(res, 200, { now: clock.now(), offsetMs: clock.offset() })
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const address = server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`

  bindLocalCloud({
    db,
    clock,
    publicUrl: url,
    openidOf: (context) => (context as { openid?: string } | undefined)?.openid || undefined,
  })
  resetContainer()
  await ensureSettings(db, url)
  mains = loadFunctions(options.handlers ?? 'source')
  const timers: Timers | null = options.timers === false ? null : startTimers(mains, log)

  return {
    url,
    db,
    clock,
    wechat,
    saobei,
    async call<T>(fn: string, event: Record<string, unknown>, openid?: string): Promise<T> {
      const res = await fetch(`${url}/fn/${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(openid && { 'x-wx-openid': openid }) },
        body: JSON.stringify(event),
      })
      return (await res.json()) as T
    },
    async close() {
      timers?.stop()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      wechat.close()
      saobei.close()
      db.close()
      bindLocalCloud(undefined)
      resetContainer()
    },
  }
}

/** The merchant settings pointing at this local cloud's simulators (the port may change between runs). */
async function ensureSettings(db: LocalDatabase, url: string): Promise<void> {
  const current = await db.collection('settings').where({ _id: 'main' }).get()
  const settings = localSettings(url, current.data[0] as Parameters<typeof localSettings>[1])
  const { _id, ...data } = settings
  await db.collection('settings').doc(_id).set({ data })
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

function redirect(res: ServerResponse, to: string): void {
  res.writeHead(302, { location: to })
  res.end()
}

function logLine(fn: string, action: string | undefined, started: number, outcome: string): void {
  console.log(
    `${new Date().toISOString()} ${fn}${action ? `.${action}` : ''} ${(performance.now() - started).toFixed(1)}ms ${outcome}`,
  )
}
