/**
 * The local cloud's 扫呗 simulator, mounted at `/sim/saobei` (a hono app): the gateway endpoints the client
 * calls, plus controls that play the member (pay, abandon) and the network (duplicate, late, replayed, forged
 * notices). Tests and demos can only reach 127.0.0.1, so this is where every payment path is exercised.
 *
 * Like 扫呗, a notice that gets no success reply is sent again on WeChat Pay's schedule (15 s, 15 s, 30 s,
 * 3 min, 10 min, …; research §1.6), on the simulator's clock: moving the local clock delivers what came due.
 */
import { Hono, type Context } from 'hono'
import { toSaobeiTime } from '../../../../cloudfunctions/_shared/adapters/saobei/time'
import type { Clock } from '../../../../cloudfunctions/_shared/ports'
import { ControlError, controlErrorBody, limitBody, sendJson } from '../http'
import { isSimApi, runApi, type Merchant } from './api'
import { buildNotice, deliver, type NoticeOptions } from './notify'
import {
  SaobeiBook,
  type Generation,
  type SimConfig,
  type SimNoticeDelivery,
  type SimOrder,
  type SimSnapshot,
} from './store'

export interface SaobeiSimulator {
  /** The routes, relative to where the local cloud mounts them (`/sim/saobei`). */
  app: Hono
  state(): SimSnapshot
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

/**
 * 扫呗 retries "as WeChat Pay does" (research §1.6): after 15 s, 15 s, 30 s, 3 min, 10 min, 20 min, 30 min,
 * 30 min, 30 min, 60 min, 3 h, 3 h, 3 h, 6 h, 6 h — 24 h 4 min in all — until a success reply.
 */
export const RETRY_DELAYS_MS = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
].map((s) => s * 1000)
const MAX_TIMES = 10

type Reply = { status: number; body: unknown }

export function createSaobeiSimulator(opts: SaobeiSimulatorOptions): SaobeiSimulator {
  const book = new SaobeiBook(opts.file, opts.config)
  const doFetch = opts.fetch ?? fetch
  // deliveries wait on the simulator's clock, not on real timers: moving the local clock delivers them
  const due = new DueQueue()
  const ticker = setInterval(() => void runDue(), 100)
  ticker.unref()

  const app = new Hono()
  app.use('*', limitBody('text'))
  app.onError((e, c) =>
    e instanceof ControlError
      ? sendJson(c, e.status, controlErrorBody(e))
      : sendJson(c, 500, { ok: false, error: { code: 'SIM_ERROR', message: e.message } }),
  )
  app.notFound((c) =>
    sendJson(
      c,
      404,
      controlErrorBody(
        new ControlError(404, 'NOT_FOUND', `no such simulator route: ${c.req.method} ${c.req.path}`),
      ),
    ),
  )
  app.post('/pay/:gen{open|110|100}/:api', async (c) => {
    const gen = c.req.param('gen')
    return sendJson(
      c,
      200,
      gateway(`/pay/${gen}/${c.req.param('api')}`, gen, c.req.param('api'), await c.req.text()),
    )
  })
  app.get('/state', (c) => answer(c, { status: 200, body: { ok: true, ...book.snapshot() } }))
  app.post('/reset', (c) => answer(c, ok(reset())))
  app.post('/config', async (c) => answer(c, ok(configure(await control(c)))))
  app.post('/notices/replay', async (c) => answer(c, ok(await replay(await control(c)))))
  app.post('/orders/:trace/:action{pay|abandon}', async (c) =>
    answer(c, await orderControl(c.req.param('trace'), c.req.param('action'), await control(c))),
  )

  /** One gateway call: counted, answered in 扫呗's JSON shape (always HTTP 200); what changed is persisted. */
  function gateway(path: string, genSeg: string, apiName: string, raw: string): Record<string, string> {
    book.countCall(path)
    const gen: Generation = genSeg === '100' ? 'v1' : 'v2'
    if (!isSimApi(apiName)) return { return_code: '02', return_msg: '接口不存在' }
    const fields = parseObject(raw)
    if (fields === undefined) return { return_code: '02', return_msg: '请求报文格式错误，须为JSON' }
    return runApi({ book, clock: opts.clock, merchants: opts.merchants }, apiName, gen, fields)
  }

  function orderControl(
    trace: string,
    action: string,
    body: Record<string, unknown>,
  ): Promise<Reply> | Reply {
    const order = book.latestByTrace(trace)
    if (!order)
      throw new ControlError(404, 'ORDER_NOT_FOUND', `no simulated order with terminal_trace ${trace}`)
    if (action === 'abandon') {
      order.abandoned = true
      book.saveOrder(order)
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
    if (order.notifyUrl === '')
      return ok({ outTradeNo: order.terminalTrace, gatewayTradeNo: order.outTradeNo, deliveries: [] })
    if (p.delayMs > 0) {
      due.push(opts.clock.now() + p.delayMs, () => sendTimes(order, body, kind, p.times))
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
    book.saveOrder(order)
    return order
  }

  /** The order as a paid notice describes it, without changing the stored order. */
  function paidView(order: SimOrder): SimOrder {
    const seq = String(book.positionOf(order)).padStart(10, '0')
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

  /** The payment's notice, `times` times in a row (a duplicating network); retried later if none succeeded. */
  async function sendTimes(
    order: SimOrder,
    body: Record<string, string>,
    kind: SimNoticeDelivery['kind'],
    times: number,
  ): Promise<SimNoticeDelivery[]> {
    const out: SimNoticeDelivery[] = []
    for (let i = 0; i < times; i++)
      out.push(await send(order.terminalTrace, order.outTradeNo, order.notifyUrl, body, kind))
    // 扫呗 keeps sending its own notice until answered; forged or wrong ones are the test's, not 扫呗's
    if (kind === 'normal' && !out.some(succeeded)) retryLater(order, body, 0)
    return out
  }

  function retryLater(order: SimOrder, body: Record<string, string>, attempt: number): void {
    const delay = RETRY_DELAYS_MS[attempt]
    if (delay === undefined) return
    due.push(opts.clock.now() + delay, async () => {
      const d = await send(order.terminalTrace, order.outTradeNo, order.notifyUrl, body, 'retry')
      if (!succeeded(d)) retryLater(order, body, attempt + 1)
    })
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
    const delivery: SimNoticeDelivery = {
      index: book.noticesOf(trace).length,
      outTradeNo: trace,
      gatewayTradeNo,
      kind,
      url,
      body,
      sentAt,
      reply,
    }
    book.addNotice(delivery)
    return delivery
  }

  async function replay(body: Record<string, unknown>): Promise<SimNoticeDelivery> {
    const trace = typeof body.outTradeNo === 'string' ? body.outTradeNo : ''
    const sent = book.noticesOf(trace)
    const index = body.index === undefined ? sent.length - 1 : Number(body.index)
    const earlier = sent.find((n) => n.index === index)
    if (!earlier) throw new ControlError(404, 'NOTICE_NOT_FOUND', `no notice #${index} for ${trace}`)
    return send(trace, earlier.gatewayTradeNo, earlier.url, earlier.body, 'replay')
  }

  async function runDue(): Promise<void> {
    const ready = due.takeUntil(opts.clock.now())
    if (ready.length === 0) return
    await Promise.all(ready.map((job) => job().catch(() => undefined)))
  }

  function configure(body: Record<string, unknown>): SimConfig {
    const patch: Partial<SimConfig> = {}
    if (typeof body.closeHonoured === 'boolean') patch.closeHonoured = body.closeHonoured
    if (typeof body.closeSupported === 'boolean') patch.closeSupported = body.closeSupported
    return book.setConfig(patch)
  }

  function reset(): { reset: true } {
    due.clear()
    book.reset()
    return { reset: true }
  }

  function close(): void {
    clearInterval(ticker)
    due.clear()
    book.close()
  }

  return { app, state: () => book.snapshot(), runDue, close }
}

/** A notice reply that stops 扫呗's retries: `{"return_code":"01"}` over HTTP 200. */
function succeeded(d: SimNoticeDelivery): boolean {
  const r = d.reply
  return (
    'status' in r &&
    r.status === 200 &&
    typeof r.body === 'object' &&
    r.body !== null &&
    (r.body as { return_code?: unknown }).return_code === '01'
  )
}

/** Jobs waiting for a time on the simulator's clock: a binary heap, earliest first, ties in arrival order. */
class DueQueue {
  private heap: Array<{ at: number; n: number; job: () => Promise<unknown> }> = []
  private n = 0

  push(at: number, job: () => Promise<unknown>): void {
    const heap = this.heap
    heap.push({ at, n: this.n++, job })
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.before(i, parent)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
  }

  /** Removes and returns every job due at or before `now`, earliest first. */
  takeUntil(now: number): Array<() => Promise<unknown>> {
    const out: Array<() => Promise<unknown>> = []
    while (this.heap.length > 0 && this.heap[0]!.at <= now) out.push(this.pop())
    return out
  }

  clear(): void {
    this.heap = []
  }

  private pop(): () => Promise<unknown> {
    const heap = this.heap
    const top = heap[0]!
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < heap.length && this.before(l, m)) m = l
        if (r < heap.length && this.before(r, m)) m = r
        if (m === i) break
        ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
        i = m
      }
    }
    return top.job
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a]!
    const y = this.heap[b]!
    return x.at < y.at || (x.at === y.at && x.n < y.n)
  }
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

function answer(c: Context, reply: Reply): Response {
  return sendJson(c, reply.status, reply.body)
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

async function control(c: Context): Promise<Record<string, unknown>> {
  const body = parseObject(await c.req.text())
  if (body === undefined) throw new ControlError(400, 'INVALID_INPUT', 'control body must be a JSON object')
  return body
}

export type { Merchant } from './api'
