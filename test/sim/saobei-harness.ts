/**
 * Shared by the 扫呗 simulator and client tests: the simulator mounted at /sim/saobei on 127.0.0.1, a notify
 * receiver that records what it gets, and a settable clock.
 */
import http from 'http'
import type { AddressInfo } from 'net'
import { Hono } from 'hono'
import { createAdaptorServer } from '@hono/node-server'
import {
  createSaobeiGateway,
  type SaobeiGatewayOptions,
} from '../../cloudfunctions/_shared/adapters/saobei/client'
import { createSaobeiSimulator, type SaobeiSimulator } from '../../scripts/local-cloud/sim/saobei'

export const MERCHANT = '852100000000001'
export const TERMINAL = '10000001'
export const TOKEN = '0123456789abcdef0123456789abcdef'
export const APPID = 'wx0000000000000000'
/** 2024-01-01 12:00:00 in Asia/Shanghai. */
export const T0 = Date.UTC(2024, 0, 1, 4, 0, 0)

export interface Harness {
  base: string
  sim: SaobeiSimulator
  clock: { t: number; now(): number }
  notifyUrl: string
  received: Array<Record<string, unknown>>
  /** What the receiver answers; tests may change it. */
  receiverReply: { status: number; body: unknown }
  control(path: string, body?: unknown): Promise<{ status: number; body: any }>
  raw(path: string, body: unknown): Promise<any>
  gateway(extra?: Partial<SaobeiGatewayOptions>): ReturnType<typeof createSaobeiGateway>
  state(): any
  close(): Promise<void>
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  )
}

function stop(server: http.Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}

export async function startHarness(
  opts: { file?: string; config?: { closeHonoured?: boolean; closeSupported?: boolean } } = {},
): Promise<Harness> {
  const clock = {
    t: T0,
    now() {
      return this.t
    },
  }
  const simOpts = { clock, merchants: [{ merchantNo: MERCHANT, terminalId: TERMINAL, token: TOKEN }] }
  const sim = createSaobeiSimulator({
    ...simOpts,
    ...(opts.file ? { file: opts.file } : {}),
    ...(opts.config ? { config: opts.config } : {}),
  })
  // mounted as the local cloud mounts it
  const simServer = createAdaptorServer({
    fetch: new Hono().route('/sim/saobei', sim.app).fetch,
  }) as http.Server
  const received: Array<Record<string, unknown>> = []
  const h = { receiverReply: { status: 200, body: { return_code: '01', return_msg: 'success' } as unknown } }
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
      res
        .writeHead(h.receiverReply.status, { 'content-type': 'application/json' })
        .end(JSON.stringify(h.receiverReply.body))
    })
  })
  const base = await listen(simServer)
  const notifyBase = await listen(receiver)
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}/sim/saobei${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body ?? {}),
    })
    return { status: res.status, body: (await res.json()) as any }
  }
  return Object.assign(h, {
    base: `${base}/sim/saobei`,
    sim,
    clock,
    notifyUrl: `${notifyBase}/http/payNotify`,
    received,
    control: post,
    raw: async (path: string, body: unknown) => (await post(path, body)).body,
    gateway: (extra: Partial<SaobeiGatewayOptions> = {}) =>
      createSaobeiGateway({
        baseUrl: `${base}/sim/saobei`,
        merchantNo: MERCHANT,
        terminalId: TERMINAL,
        token: TOKEN,
        subAppid: APPID,
        timeoutMinutes: 15,
        now: () => clock.now(),
        ...extra,
      }),
    state: () => sim.state() as any,
    close: async () => {
      sim.close()
      await Promise.all([stop(simServer), stop(receiver)])
    },
  })
}
