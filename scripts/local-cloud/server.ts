/**
 * The local cloud: the deployed function handlers behind one HTTP server on 127.0.0.1, an emulated
 * CloudBase database persisted in SQLite, the functions' timers, and the WeChat and 扫呗 simulators.
 * SPEC's "Local cloud contract" is the interface; tests start it in-process on an ephemeral port.
 */
import type http from 'node:http'
import { Hono, type Context } from 'hono'
import { createAdaptorServer, type HttpBindings } from '@hono/node-server'
import { BODY_LIMIT, TEXT_BODY_LIMIT } from '../../cloudfunctions/_shared/runtime/limits'
import { ERROR_MESSAGES } from '../../cloudfunctions/_shared/domain/errors'
import type { Contract } from '../../cloudfunctions/_shared/contract/define'
import { memberContract } from '../../cloudfunctions/_shared/contract/member'
import { liveContract } from '../../cloudfunctions/_shared/contract/live'
import { orderContract } from '../../cloudfunctions/_shared/contract/order'
import { syncContract } from '../../cloudfunctions/_shared/contract/sync'
import { adminContract } from '../../cloudfunctions/_shared/contract/admin'
import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import type { HttpResponse } from '../../typings/api'
import { createLocalDatabase, type LocalDatabase } from '../../cloudfunctions/_shared/adapters/local/database'
import { bindLocalCloud } from '../../cloudfunctions/_shared/runtime/binding'
import { resetContainer } from '../../cloudfunctions/_shared/runtime/container'
import { createWechatSimulator, type WechatSimulator } from './sim/wechat'
import { createSaobeiSimulator, type SaobeiSimulator } from './sim/saobei'
import { limitBodySize } from './sim/http'
import { FUNCTIONS, loadFunctions, type FunctionMains } from './functions'
import { startTimers, type Timers } from './timers'
import { createLocalClock, type LocalClock } from './clock'

/** Each callable function's declarations. */
const CONTRACTS: Record<string, Contract> = {
  member: memberContract,
  live: liveContract,
  order: orderContract,
  sync: syncContract,
}

/** Action → its caller rule, e.g. `{ create: 'member' }`, `{ 'GET rooms': 'staff: owner, operator, assistant' }`. */
function callers(contract: Contract): Record<string, string> {
  return Object.fromEntries(
    Object.entries(contract).map(([name, d]) => [
      name,
      d.caller.kind === 'staff' ? `staff: ${d.caller.roles.join(', ')}` : d.caller.kind,
    ]),
  )
}

/** The callFunction functions and the HTTP-triggered ones (SPEC's function table): a caller's name is
 * looked up only once it is one of these, so it never reaches a prototype. */
const CALLABLE: readonly string[] = ['member', 'live', 'order', 'sync']
const HTTP: readonly string[] = ['admin', 'payNotify']
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
  /** Answer at once (default), or 503 until `setReady()` (npm start, while the demo loads). */
  ready?: boolean
  /** Replaces the data with the demo set (`POST /sim/demo`, what `npm run demo` calls on a running server). */
  demo?: (cloud: LocalCloud) => Promise<string>
}

export interface LocalCloud {
  url: string
  db: LocalDatabase
  clock: LocalClock
  wechat: WechatSimulator
  saobei: SaobeiSimulator
  /** The functions' timer triggers on the local clock; `fire` sends CloudBase's timer event now. */
  timers: Timers
  /** Starts answering (after `ready: false`). */
  setReady(): void
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

  const clock = createLocalClock(file('clock.json'))
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
  let timers: Timers | null = null
  const log = options.log ?? false
  // until the caller says it is ready (the demo loaded), every call answers 503 and when to retry
  let ready = options.ready ?? true
  const app = new Hono<{ Bindings: HttpBindings }>()

  app.onError((e, c) => {
    console.error(e)
    return c.json(envelope('INTERNAL_ERROR', '本地云内部错误'), 500)
  })
  app.notFound((c) => c.json(envelope('NOT_FOUND', '没有这个地址'), 404))
  app.use('*', async (c, next) => {
    // the simulators answer while the demo loads: loading it goes through them (WeChat's token, audits)
    if (!ready && !c.req.path.startsWith('/sim/')) {
      c.header('retry-after', '1')
      return c.json(envelope('SERVICE_STARTING', ERROR_MESSAGES.SERVICE_STARTING), 503)
    }
    await next()
  })
  // CloudBase's own limits on what a caller may send a function (a text body over 100 KB is refused)
  app.use('/fn/*', limitBodySize({ maxSize: TEXT_BODY_LIMIT, onError: tooLarge }))
  app.use('/http/*', limitBodySize({ maxSize: BODY_LIMIT, onError: tooLarge }))
  app.use('/admin/*', limitBodySize({ maxSize: BODY_LIMIT, onError: tooLarge }))

  // what this local cloud serves, read from the declarations: each action with who may call it
  app.get('/', (c) =>
    c.json({
      ok: true,
      data: {
        functions: FUNCTIONS,
        actions: Object.fromEntries(
          Object.entries(CONTRACTS).map(([fn, contract]) => [fn, callers(contract)]),
        ),
        admin: { page: '/admin/', api: callers(adminContract) },
        timers: timers?.list() ?? [],
      },
    }),
  )

  app.post('/fn/:name', async (c) => {
    const name = c.req.param('name')
    const main = CALLABLE.includes(name) ? mains[name] : undefined
    if (!main) return c.json(envelope('NOT_FOUND', `没有可调用的云函数 ${name.slice(0, 40)}`), 404)
    let event: unknown
    try {
      event = JSON.parse((await c.req.text()) || '{}')
    } catch {
      return c.json(envelope('INVALID_INPUT', '请求体不是合法的 JSON'), 400)
    }
    const openid = c.req.header('x-wx-openid')
    const started = performance.now()
    const result = (await main(event, { openid, request_id: randomUUID() })) as {
      ok?: boolean
      error?: { code?: string }
    }
    if (log)
      logLine(
        name,
        (event as { action?: unknown } | null)?.action,
        started,
        result.ok ? 'ok' : (result.error?.code ?? 'error'),
      )
    return c.json(result)
  })

  async function httpFunction(c: Context<{ Bindings: HttpBindings }>, name: string, subpath: string) {
    const main = HTTP.includes(name) ? mains[name] : undefined
    if (!main) return c.json(envelope('NOT_FOUND', `没有 HTTP 云函数 ${name.slice(0, 40)}`), 404)
    const body = Buffer.from(await c.req.arrayBuffer())
    const text = body.toString('utf8')
    // CloudBase hands a binary body over base64-encoded; text as it is
    const binary = !Buffer.from(text, 'utf8').equals(body)
    const started = performance.now()
    const event = {
      path: subpath,
      httpMethod: c.req.method,
      // the HTTP access gateway names the caller's address, as the admin function's login limits need
      headers: {
        ...Object.fromEntries(c.req.raw.headers.entries()),
        'x-forwarded-for': c.env.incoming.socket.remoteAddress ?? '127.0.0.1',
      },
      queryStringParameters: c.req.query(),
      body: binary ? body.toString('base64') : text,
      isBase64Encoded: binary,
    }
    const out = (await main(event, { request_id: randomUUID() })) as HttpResponse
    if (log) logLine(name, `${c.req.method} ${subpath}`, started, String(out.statusCode))
    const payload = out.isBase64Encoded ? Buffer.from(out.body, 'base64') : out.body
    return new Response(payload, { status: out.statusCode, headers: out.headers })
  }

  app.all('/http/:name/*', (c) => {
    const name = c.req.param('name')
    return httpFunction(c, name, c.req.path.slice(`/http/${name}`.length) || '/')
  })
  app.all('/http/:name', (c) => httpFunction(c, c.req.param('name'), '/'))
  app.all('/admin', (c) => c.redirect('/admin/'))
  app.all('/admin/*', (c) => httpFunction(c, 'admin', c.req.path.slice('/admin'.length)))

  // the simulators are hono apps of their own, answering as the services they stand in for
  app.route('/sim/wechat', wechat.app)
  app.route('/sim/saobei', saobei.app)

  app.get('/sim/clock', (c) => c.json({ now: clock.now(), offsetMs: clock.offset() }))
  app.post('/sim/clock', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { advanceMs?: unknown }
    const advanceMs = body.advanceMs
    if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0)
      return c.json(envelope('INVALID_INPUT', 'advanceMs 需为非负毫秒数'), 400)
    clock.advance(advanceMs)
    // what became due on the moved clock has run when the answer comes back
    await saobei.runDue()
    if (options.timers !== false) await timers?.runDue()
    return c.json({ now: clock.now(), offsetMs: clock.offset() })
  })
  app.get('/sim/timers', (c) => c.json({ ok: true, data: timers?.list() ?? [] }))
  app.post('/sim/timers/:fn/:trigger', async (c) => {
    if (!timers) return c.json(envelope('NOT_FOUND', '本地云未启用定时器'), 404)
    const fn = c.req.param('fn')
    const trigger = c.req.param('trigger')
    if (!timers.list().some((t) => t.fn === fn && t.name === trigger))
      return c.json(envelope('NOT_FOUND', `没有定时触发器 ${fn.slice(0, 40)}.${trigger.slice(0, 60)}`), 404)
    return c.json({ ok: true, data: await timers.fire(fn, trigger) })
  })
  // npm run demo reloads the running server's data through here, never under its feet
  app.post('/sim/demo', async (c) => {
    if (!options.demo) return c.json(envelope('NOT_FOUND', '本地云未提供演示数据加载'), 404)
    return c.json({ ok: true, data: { summary: await options.demo(cloud) } })
  })

  const server = createAdaptorServer({ fetch: app.fetch }) as http.Server
  server.keepAliveTimeout = 65_000
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
  // a moved clock delivers the payment notices that became due, as 扫呗 would have meanwhile
  clock.onAdvance(() => void saobei.runDue())
  // the timers run on the local clock; without a schedule (tests), `timers.fire` still sends the real event
  timers = startTimers(mains, { clock, log, schedule: options.timers !== false })
  if (dir) writeServerFile(dir, url)

  const cloud: LocalCloud = {
    url,
    db,
    clock,
    wechat,
    saobei,
    timers,
    setReady() {
      ready = true
    },
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
      if (dir) removeServerFile(dir, url)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      wechat.close()
      saobei.close()
      db.close()
      bindLocalCloud(undefined)
      resetContainer()
    },
  }
  return cloud
}

/** The merchant settings pointing at this local cloud's simulators (the port may change between runs). */
async function ensureSettings(db: LocalDatabase, url: string): Promise<void> {
  const current = await db.collection('settings').where({ _id: 'main' }).get()
  const settings = localSettings(url, current.data[0] as Parameters<typeof localSettings>[1])
  const { _id, ...data } = settings
  await db.collection('settings').doc(_id).set({ data })
}

function envelope(code: string, message: string) {
  return { ok: false, error: { code, message } }
}

function tooLarge(c: Context): Response {
  return c.json(
    envelope('PAYLOAD_TOO_LARGE', '请求内容过大（云函数请求体上限 100 KB 文本 / 6 MB），请分批提交'),
    413,
  )
}

/** `server.json` in the data folder: where the running local cloud answers (npm run demo reloads through it). */
export const SERVER_FILE = 'server.json'

function writeServerFile(dir: string, url: string): void {
  fs.writeFileSync(path.join(dir, SERVER_FILE), JSON.stringify({ url, pid: process.pid }))
}

function removeServerFile(dir: string, url: string): void {
  try {
    const file = path.join(dir, SERVER_FILE)
    if ((JSON.parse(fs.readFileSync(file, 'utf8')) as { url?: string }).url === url) fs.rmSync(file)
  } catch {
    // already gone
  }
}

function logLine(fn: string, action: unknown, started: number, outcome: string): void {
  console.log(
    `${new Date().toISOString()} ${fn}${typeof action === 'string' ? `.${action.slice(0, 40)}` : ''} ${(performance.now() - started).toFixed(1)}ms ${outcome}`,
  )
}
