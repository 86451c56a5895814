/**
 * The WeChat mini-program live API simulator, mounted by the local cloud at /sim/wechat.
 * WeChat API paths (/cgi-bin/…, /wxa/…, /wxaapi/…) behave as the real service does (see the research
 * note's §10); every other path is a test control (controls.ts). State persists in SQLite when a file is given.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from '../../../../cloudfunctions/_shared/ports'
import type { WechatSimConfig } from './config'
import { DEFAULT_CONFIG, mergeConfig } from './config'
import type { ControlHost } from './controls'
import { runControl, stateView } from './controls'
import { faultBody, FaultRegistry } from './faults'
import { readBody, sendJson, withRid } from './http'
import { runApi } from './routes'
import type { SimState } from './state'
import { emptyState, openStateStore } from './state'

export type { WechatSimConfig } from './config'

export interface WechatSimulator {
  handle(req: IncomingMessage, res: ServerResponse, subpath: string): Promise<void>
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

  const host: ControlHost = {
    state: restore(store.load(), opts.config),
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

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): Promise<void> {
    const raw = await readBody(req)
    const state = host.state
    state.calls[path] = (state.calls[path] ?? 0) + 1
    const fault = host.faults.take(path)
    if (fault?.hangMs !== undefined) await hang(fault.hangMs)
    if (closed) return void res.destroy()
    let body: Record<string, unknown> | undefined
    if (fault?.errcode === undefined || fault.apply) {
      body = runApi(
        host.state,
        { method: req.method ?? 'GET', path, query, raw, contentType: req.headers['content-type'] ?? '' },
        opts,
        host.nowSec(),
      )
    }
    if (fault?.errcode !== undefined) body = faultBody(fault)
    store.save(host.state)
    sendJson(res, 200, decorate(body ?? {}))
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const raw = await readBody(req)
    let body: unknown = {}
    try {
      body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {}
    } catch {
      return sendJson(res, 400, { error: { code: 'INVALID_JSON', message: 'body is not JSON' } })
    }
    const reply = runControl(host, req.method ?? 'GET', path, body)
    if (req.method !== 'GET') store.save(host.state)
    sendJson(res, reply.status, reply.body)
  }

  return {
    async handle(req, res, subpath) {
      const url = new URL(subpath || '/', 'http://sim.local')
      const path = url.pathname
      try {
        if (API_PREFIXES.some((p) => path.startsWith(p))) await handleApi(req, res, path, url.searchParams)
        else await handleControl(req, res, path.replace(/\/+$/, '') || '/')
      } catch (e) {
        // an unexpected simulator bug answers like WeChat's own busy error, and is logged for us
        console.error('[sim/wechat]', e)
        sendJson(res, 200, decorate({ errcode: -1, errmsg: 'system error' }))
      }
    },
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

/** Error answers get WeChat's request id appended to errmsg. */
function decorate(body: Record<string, unknown>): Record<string, unknown> {
  const errcode = body['errcode']
  if (typeof errcode === 'number' && errcode !== 0)
    return { ...body, errmsg: withRid(String(body['errmsg'] ?? '')) }
  return body
}
