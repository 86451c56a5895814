/**
 * The local cloud's 扫呗 simulator, mounted at `/sim/saobei`: the gateway endpoints the client calls, plus
 * controls that play the member (pay, abandon) and the network (duplicate, late, replayed, forged notices).
 * Tests and demos can only reach 127.0.0.1, so this is where every payment path is exercised.
 */
import type { IncomingMessage, ServerResponse } from 'http'
import { toSaobeiTime } from '../../../../cloudfunctions/_shared/adapters/saobei/time'
import type { Clock } from '../../../../cloudfunctions/_shared/ports'
import { isSimApi, runApi, type Merchant } from './api'
import { buildNotice, deliver, type NoticeOptions } from './notify'
import {
  emptyState,
  latestByTrace,
  openSnapshotter,
  type Generation,
  type SimConfig,
  type SimNoticeDelivery,
  type SimOrder,
  type SimState,
} from './store'

export interface SaobeiSimulator {
  handle(req: IncomingMessage, res: ServerResponse, subpath: string): Promise<void>
  state(): unknown
  /** Sends the notices whose time came on the simulator's clock; resolves when they were answered. */
  runDue(): Promise<void>
  close(): void
}

export interface SaobeiSimulatorOptions {
  /** SQLite file for persistence; omitted = memory only. */
  file?: string
  clock: Pick<Clock, 'now'>
  merchants: Merchant[]
  fetch?: typeof fetch
  /** Initial knobs (also settable through `POST /sim/saobei/config`). */
  config?: Partial<SimConfig>
}

interface Reply {
  status: number
  body: unknown
}

const API_PATH = /^\/pay\/(open|110|100)\/([a-z]+)$/
const ORDER_CONTROL = /^\/orders\/([^/]+)\/(pay|abandon)$/
const MAX_BODY = 1 << 20
const MAX_TIMES = 10

class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export function createSaobeiSimulator(opts: SaobeiSimulatorOptions): SaobeiSimulator {
  const snapshots = openSnapshotter(opts.file)
  let state: SimState = snapshots.load() ?? emptyState(opts.config)
  const doFetch = opts.fetch ?? fetch
  // deliveries wait on the simulator's clock, not on real timers: moving the local clock delivers them
  let due: Array<{ at: number; job: () => Promise<unknown> }> = []
  const ticker = setInterval(() => void runDue(), 100)
  ticker.unref()
  const save = (): void => snapshots.save(state)

  async function handle(req: IncomingMessage, res: ServerResponse, subpath: string): Promise<void> {
    let reply: Reply
    try {
      reply = await route(req.method ?? 'GET', subpath.split('?')[0] ?? '', await readBody(req))
    } catch (e) {
      reply =
        e instanceof ControlError
          ? { status: e.status, body: { ok: false, error: { code: e.code, message: e.message } } }
          : {
              status: 500,
              body: {
                ok: false,
                error: { code: 'SIM_ERROR', message: e instanceof Error ? e.message : String(e) },
              },
            }
    }
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify(reply.body))
  }

  async function route(method: string, path: string, raw: string): Promise<Reply> {
    const api = API_PATH.exec(path)
    if (api && method === 'POST') return { status: 200, body: gateway(path, api[1] ?? '', api[2] ?? '', raw) }
    if (method === 'GET' && path === '/state') return ok(snapshot())
    if (method !== 'POST')
      throw new ControlError(404, 'NOT_FOUND', `no such simulator route: ${method} ${path}`)
    if (path === '/reset') return ok(reset())
    if (path === '/config') return ok(configure(parseControl(raw)))
    if (path === '/notices/replay') return ok(await replay(parseControl(raw)))
    const control = ORDER_CONTROL.exec(path)
    if (control)
      return orderControl(decodeURIComponent(control[1] ?? ''), control[2] ?? '', parseControl(raw))
    throw new ControlError(404, 'NOT_FOUND', `no such simulator route: ${method} ${path}`)
  }

  /** One gateway call: counted, answered in 扫呗's JSON shape (always HTTP 200), state snapshotted. */
  function gateway(path: string, genSeg: string, apiName: string, raw: string): Record<string, string> {
    state.calls[path] = (state.calls[path] ?? 0) + 1
    const answer = gatewayAnswer(genSeg === '100' ? 'v1' : 'v2', apiName, raw)
    save()
    return answer
  }

  function gatewayAnswer(gen: Generation, apiName: string, raw: string): Record<string, string> {
    if (!isSimApi(apiName)) return { return_code: '02', return_msg: '接口不存在' }
    const fields = parseObject(raw)
    if (fields === undefined) return { return_code: '02', return_msg: '请求报文格式错误，须为JSON' }
    return runApi({ state, clock: opts.clock, merchants: opts.merchants }, apiName, gen, fields)
  }

  function orderControl(
    trace: string,
    action: string,
    body: Record<string, unknown>,
  ): Promise<Reply> | Reply {
    const order = latestByTrace(state, trace)
    if (!order)
      throw new ControlError(404, 'ORDER_NOT_FOUND', `no simulated order with terminal_trace ${trace}`)
    if (action === 'abandon') {
      order.abandoned = true
      save()
      return ok({ outTradeNo: trace, gatewayTradeNo: order.outTradeNo, state: order.state })
    }
    return pay(order, payOptions(body))
  }

  async function pay(order: SimOrder, p: PayOptions): Promise<Reply> {
    const refused = p.notice.forgeSignature === true || p.notice.wrongAmountFen !== undefined
    // a refused notice models a forgery or an anomaly: nothing was paid, so query keeps saying NOTPAY
    const paid = refused ? paidView(order) : markPaid(order, p.late)
    const body = buildNotice(paid, tokenOf(order), p.notice)
    const kind: SimNoticeDelivery['kind'] = p.notice.forgeSignature
      ? 'forged'
      : p.notice.wrongAmountFen !== undefined
        ? 'wrongAmount'
        : 'normal'
    save()
    if (order.notifyUrl === '')
      return ok({ outTradeNo: order.terminalTrace, gatewayTradeNo: order.outTradeNo, deliveries: [] })
    if (p.delayMs > 0) {
      schedule(p.delayMs, () => sendTimes(order, body, kind, p.times))
      return ok({ scheduled: true, outTradeNo: order.terminalTrace, gatewayTradeNo: order.outTradeNo })
    }
    const deliveries = await sendTimes(order, body, kind, p.times)
    const last = deliveries[deliveries.length - 1]
    return ok({
      outTradeNo: order.terminalTrace,
      gatewayTradeNo: order.outTradeNo,
      reply: last?.reply,
      deliveries,
    })
  }

  function markPaid(order: SimOrder, late: boolean): SimOrder {
    if (order.state === 'SUCCESS' || order.state === 'REFUND') {
      throw new ControlError(
        409,
        'ALREADY_PAID',
        'order already paid; use /notices/replay to resend its notice',
      )
    }
    if (order.state === 'CLOSED' && !late) {
      throw new ControlError(
        409,
        'ORDER_CLOSED',
        'order is closed; pass "late": true to model a payment racing the close',
      )
    }
    Object.assign(order, paidView(order), { state: 'SUCCESS' })
    return order
  }

  /** The order as a paid notice describes it, without changing the stored order. */
  function paidView(order: SimOrder): SimOrder {
    const seq = String(state.orders.indexOf(order) + 1).padStart(10, '0')
    return {
      ...order,
      endTime: order.endTime ?? toSaobeiTime(opts.clock.now()),
      channelTradeNo: order.channelTradeNo ?? `4200000${order.terminalTime.slice(0, 8)}${seq}`,
    }
  }

  function tokenOf(order: SimOrder): string {
    const m = opts.merchants.find(
      (x) => x.merchantNo === order.merchantNo && x.terminalId === order.terminalId,
    )
    if (!m) throw new ControlError(409, 'UNKNOWN_MERCHANT', "the order's merchant is no longer configured")
    return m.token
  }

  async function sendTimes(
    order: SimOrder,
    body: Record<string, string>,
    kind: SimNoticeDelivery['kind'],
    times: number,
  ): Promise<SimNoticeDelivery[]> {
    const out: SimNoticeDelivery[] = []
    for (let i = 0; i < times; i++)
      out.push(await send(order.terminalTrace, order.outTradeNo, order.notifyUrl, body, kind))
    return out
  }

  async function send(
    trace: string,
    gatewayTradeNo: string,
    url: string,
    body: Record<string, string>,
    kind: SimNoticeDelivery['kind'],
  ): Promise<SimNoticeDelivery> {
    const sentAt = opts.clock.now()
    const reply = await deliver(doFetch, url, body)
    const index = state.notices.filter((n) => n.outTradeNo === trace).length
    const delivery: SimNoticeDelivery = {
      index,
      outTradeNo: trace,
      gatewayTradeNo,
      kind,
      url,
      body,
      sentAt,
      reply,
    }
    state.notices.push(delivery)
    save()
    return delivery
  }

  async function replay(body: Record<string, unknown>): Promise<SimNoticeDelivery> {
    const trace = typeof body.outTradeNo === 'string' ? body.outTradeNo : ''
    const sent = state.notices.filter((n) => n.outTradeNo === trace)
    const index = body.index === undefined ? sent.length - 1 : Number(body.index)
    const earlier = sent.find((n) => n.index === index)
    if (!earlier) throw new ControlError(404, 'NOTICE_NOT_FOUND', `no notice #${index} for ${trace}`)
    return send(trace, earlier.gatewayTradeNo, earlier.url, earlier.body, 'replay')
  }

  function schedule(delayMs: number, job: () => Promise<unknown>): void {
    due.push({ at: opts.clock.now() + delayMs, job })
  }

  async function runDue(): Promise<void> {
    const now = opts.clock.now()
    const ready = due.filter((d) => d.at <= now)
    if (ready.length === 0) return
    due = due.filter((d) => d.at > now)
    await Promise.all(ready.map((d) => d.job().catch(() => undefined)))
  }

  function configure(body: Record<string, unknown>): SimConfig {
    if (typeof body.closeHonoured === 'boolean') state.config.closeHonoured = body.closeHonoured
    if (typeof body.closeSupported === 'boolean') state.config.closeSupported = body.closeSupported
    save()
    return { ...state.config }
  }

  function reset(): { reset: true } {
    due = []
    state = emptyState(opts.config)
    save()
    return { reset: true }
  }

  function snapshot(): Omit<SimState, 'seq'> {
    const copy = JSON.parse(JSON.stringify(state)) as SimState
    return {
      orders: copy.orders,
      refunds: copy.refunds,
      notices: copy.notices,
      calls: copy.calls,
      config: copy.config,
    }
  }

  function close(): void {
    clearInterval(ticker)
    due = []
    snapshots.close()
  }

  return { handle, state: snapshot, runDue, close }
}

interface PayOptions {
  times: number
  delayMs: number
  late: boolean
  notice: NoticeOptions
}

function payOptions(body: Record<string, unknown>): PayOptions {
  const times = body.times === undefined ? 1 : body.times
  const delayMs = body.delayMs === undefined ? 0 : body.delayMs
  if (!Number.isInteger(times) || (times as number) < 1 || (times as number) > MAX_TIMES) {
    throw new ControlError(400, 'INVALID_INPUT', `times must be an integer 1..${MAX_TIMES}`)
  }
  if (!Number.isInteger(delayMs) || (delayMs as number) < 0)
    throw new ControlError(400, 'INVALID_INPUT', 'delayMs must be an integer ≥ 0')
  const wrong = body.wrongAmountFen
  if (wrong !== undefined && (!Number.isInteger(wrong) || (wrong as number) <= 0)) {
    throw new ControlError(400, 'INVALID_INPUT', 'wrongAmountFen must be a positive integer')
  }
  const notice: NoticeOptions = {}
  if (wrong !== undefined) notice.wrongAmountFen = wrong as number
  if (body.forgeSignature === true) notice.forgeSignature = true
  return { times: times as number, delayMs: delayMs as number, late: body.late === true, notice }
}

function ok(data: unknown): Reply {
  return {
    status: 200,
    body:
      data !== null && typeof data === 'object' && !Array.isArray(data)
        ? { ok: true, ...data }
        : { ok: true, data },
  }
}

function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(raw === '' ? '{}' : raw)
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

function parseControl(raw: string): Record<string, unknown> {
  const body = parseObject(raw)
  if (body === undefined) throw new ControlError(400, 'INVALID_INPUT', 'control body must be a JSON object')
  return body
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) req.destroy(new Error('body too large'))
      else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export type { Merchant } from './api'
