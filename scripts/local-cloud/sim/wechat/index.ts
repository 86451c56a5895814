/**
 * The WeChat mini-program live API simulator, mounted by the local cloud at /sim/wechat (a hono app).
 * WeChat API paths (/cgi-bin/…, /wxa/…, /wxaapi/…) behave as the real service does (see the research
 * note's §10); every other path is a test control (controls.ts). State persists in SQLite, one row per
 * record, when a file is given.
 */
import { Hono, type Context } from 'hono'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import type { Clock } from '../../../../cloudfunctions/_shared/ports'
import { limitBody, readBody, sendJson } from '../http'
import type { WechatSimConfig } from './config'
import { DEFAULT_CONFIG, mergeConfig } from './config'
import type { ControlHost } from './controls'
import { runControl, stateView } from './controls'
import { faultBody, FaultRegistry } from './faults'
import { withRid } from './http'
import { runApi } from './routes'
import type { SimState } from './state'
import { emptyState, openStateStore } from './state'

export type { WechatSimConfig } from './config'

export interface WechatSimulator {
  /** The routes, relative to where the local cloud mounts them (`/sim/wechat`). */
  app: Hono
  state(): unknown
  close(): void
}

export interface WechatSimulatorOptions {
  /** SQLite file for persistence; omitted = memory only. */
  file?: string
  clock: Pick<Clock, 'now'>
  appid: string
  secret: string
  config?: Partial<WechatSimConfig>
}

const API_PREFIXES = ['/cgi-bin/', '/wxa/', '/wxaapi/']

export function createWechatSimulator(opts: WechatSimulatorOptions): WechatSimulator {
  const baseConfig = mergeConfig(DEFAULT_CONFIG, opts.config ?? {})
  const store = openStateStore(opts.file)
  const hangs = new Set<{ timer: NodeJS.Timeout; done: () => void }>()
  let closed = false

  let state = store.track(restore(store.load(), opts.config))
  const host: ControlHost = {
    get state() {
      return state
    },
    set state(next: SimState) {
      state = store.track(next)
    },
    faults: new FaultRegistry(),
    nowSec: () => Math.floor(opts.clock.now() / 1000),
    reset: () => {
      host.state = emptyState(baseConfig)
      host.faults.clear()
    },
  }

  /** Waits `ms` unless the simulator closes first (so tests never leave timers behind). */
  function hang(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => entry.done(), ms),
        done: () => (hangs.delete(entry), clearTimeout(entry.timer), resolve()),
      }
      entry.timer.unref()
      hangs.add(entry)
    })
  }

  async function handleApi(c: Context, path: string): Promise<Response> {
    const raw = await readBody(c)
    host.state.calls[path] = (host.state.calls[path] ?? 0) + 1
    const fault = host.faults.take(path)
    if (fault?.hangMs !== undefined) await hang(fault.hangMs)
    // closed while hanging: the connection drops, as a service going away would
    if (closed) return dropConnection(c)
    let body: Record<string, unknown> | undefined
    if (fault?.errcode === undefined || fault.apply) {
      const query = new URL(c.req.url).searchParams
      const req = { method: c.req.method, path, query, raw, contentType: c.req.header('content-type') ?? '' }
      body = runApi(host.state, req, opts, host.nowSec())
    }
    if (fault?.errcode !== undefined) body = faultBody(fault)
    store.flush(host.state)
    return sendJson(c, 200, decorate(body ?? {}))
  }

  async function handleControl(c: Context, path: string): Promise<Response> {
    const raw = await readBody(c)
    let body: unknown = {}
    try {
      body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {}
    } catch {
      return sendJson(c, 400, { error: { code: 'INVALID_JSON', message: 'body is not JSON' } })
    }
    const reply = runControl(host, c.req.method, path, body)
    if (c.req.method !== 'GET') store.flush(host.state)
    return sendJson(c, reply.status, reply.body)
  }

  const app = new Hono()
  // media uploads are binary (WeChat itself refuses images over 2 MB, with its own errcode)
  const binary = limitBody('binary')
  const text = limitBody('text')
  app.use('*', (c, next) => (c.req.path.includes('/cgi-bin/media/') ? binary(c, next) : text(c, next)))
  app.all('*', async (c) => {
    const path = subpath(c)
    try {
      if (API_PREFIXES.some((p) => path.startsWith(p))) return await handleApi(c, path)
      return await handleControl(c, path.replace(/\/+$/, '') || '/')
    } catch (e) {
      // an unexpected simulator bug answers like WeChat's own busy error, and is logged for us
      console.error('[sim/wechat]', e)
      return sendJson(c, 200, decorate({ errcode: -1, errmsg: 'system error' }))
    }
  })

  return {
    app,
    state: () => stateView(host),
    close() {
      closed = true
      for (const h of [...hangs]) h.done()
      store.close()
    },
  }

  function restore(loaded: SimState | null, override: Partial<WechatSimConfig> | undefined): SimState {
    if (!loaded) return emptyState(baseConfig)
    // new config keys get their defaults; options given now win over the persisted ones
    loaded.config = mergeConfig({ ...DEFAULT_CONFIG, ...loaded.config }, override ?? {})
    return loaded
  }
}

/** Ends the exchange without an answer (the node socket is destroyed), as a service going away does. */
function dropConnection(c: Context): Response {
  ;(c.env as { outgoing?: { destroy(): void } } | undefined)?.outgoing?.destroy()
  return RESPONSE_ALREADY_SENT
}

/** The request's path below the mount point (`/sim/wechat/cgi-bin/token` → `/cgi-bin/token`). */
function subpath(c: Context): string {
  const full = c.req.path
  const route = c.req.routePath.replace(/\/?\*$/, '')
  return full.slice(route.length) || '/'
}

/** Error answers get WeChat's request id appended to errmsg. */
function decorate(body: Record<string, unknown>): Record<string, unknown> {
  const errcode = body['errcode']
  if (typeof errcode === 'number' && errcode !== 0)
    return { ...body, errmsg: withRid(String(body['errmsg'] ?? '')) }
  return body
}
