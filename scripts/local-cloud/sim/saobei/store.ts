/**
 * The 扫呗 simulator's book: orders, refunds, notices sent and call counts, in memory with an index for each
 * lookup the gateway makes, and — when a file is given — persisted one row per record (an order, a refund, a
 * notice), so a call writes what it changed (at the end of the event-loop turn, with the rest of the turn's
 * changes in one transaction) and a restarted local cloud resumes where it was.
 */
import Database from 'better-sqlite3'

export type Generation = 'v1' | 'v2'
export type SimTradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND'

export interface SimOrder {
  /** 扫呗's own order number. */
  outTradeNo: string
  /** The merchant's trace (our outTradeNo); not unique — 扫呗 does not de-duplicate it. */
  terminalTrace: string
  terminalTime: string
  merchantNo: string
  terminalId: string
  generation: Generation
  payVer: string
  payType: string
  totalFee: number
  subAppid: string
  openId: string
  orderBody: string
  notifyUrl: string
  attach: string
  timeoutExpress: string
  state: SimTradeState
  createdAt: number
  abandoned: boolean
  endTime?: string
  channelTradeNo?: string
  refundedFee: number
}

export interface SimRefund {
  outRefundNo: string
  /** The merchant's refund number (the refund request's terminal_trace). */
  terminalTrace: string
  terminalTime: string
  merchantNo: string
  terminalId: string
  outTradeNo: string
  refundFee: number
  state: 'SUCCESS'
  endTime: string
  createdAt: number
}

export interface SimNoticeDelivery {
  /** Position among the notices of this terminal_trace (what replay's `index` refers to). */
  index: number
  outTradeNo: string
  gatewayTradeNo: string
  kind: 'normal' | 'forged' | 'wrongAmount' | 'replay' | 'retry'
  url: string
  body: Record<string, string>
  sentAt: number
  reply: { status: number; body: unknown } | { error: string }
}

export interface SimConfig {
  /** false: close answers success but the order stays payable (timeout_express/close unsupported by the channel). */
  closeHonoured: boolean
  /** false: close answers "not supported" (result_code 02), like merchants outside 服务商 mode. */
  closeSupported: boolean
}

/** What `GET /state` shows: every record, in the order it was made. */
export interface SimSnapshot {
  orders: SimOrder[]
  refunds: SimRefund[]
  notices: SimNoticeDelivery[]
  calls: Record<string, number>
  config: SimConfig
}

interface Meta {
  calls: Record<string, number>
  config: SimConfig
  seq: number
}

/** Rows of one SQLite file: one per order, refund and notice, and one for the counters and knobs. */
interface Rows {
  load(): { orders: SimOrder[]; refunds: SimRefund[]; notices: SimNoticeDelivery[]; meta: Meta | undefined }
  order(pos: number, o: SimOrder): void
  refund(pos: number, r: SimRefund): void
  notice(pos: number, n: SimNoticeDelivery): void
  meta(m: Meta): void
  clear(): void
  close(): void
}

function openRows(file: string | undefined): Rows | undefined {
  if (file === undefined) return undefined
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec(`
    CREATE TABLE IF NOT EXISTS orders (no TEXT PRIMARY KEY, pos INTEGER NOT NULL, json TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS refunds (no TEXT PRIMARY KEY, pos INTEGER NOT NULL, json TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS notices (pos INTEGER PRIMARY KEY, json TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
  `)
  const put = (table: 'orders' | 'refunds') =>
    db.prepare<[string, number, string]>(
      `INSERT INTO ${table} (no, pos, json) VALUES (?, ?, ?) ON CONFLICT(no) DO UPDATE SET json = excluded.json`,
    )
  const putOrder = put('orders')
  const putRefund = put('refunds')
  const putNotice = db.prepare<[number, string]>('INSERT OR REPLACE INTO notices (pos, json) VALUES (?, ?)')
  const putMeta = db.prepare<[string]>(
    'INSERT INTO meta (id, json) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json',
  )
  const all = (sql: string) =>
    (db.prepare(sql).all() as Array<{ json: string }>).map((r) => JSON.parse(r.json) as unknown)
  // rows are written at the end of the event-loop turn, all of the turn's in one transaction (a record
  // changed twice in a turn is written once)
  let pending = new Map<string, () => void>()
  let flushing: NodeJS.Immediate | undefined
  const writeAll = db.transaction((jobs: Array<() => void>) => jobs.forEach((job) => job()))
  const flush = () => {
    if (flushing) clearImmediate(flushing)
    flushing = undefined
    if (pending.size === 0) return
    const jobs = [...pending.values()]
    pending = new Map()
    writeAll(jobs)
  }
  const later = (key: string, job: () => void) => {
    pending.set(key, job)
    flushing ??= setImmediate(flush)
  }
  return {
    load: () => {
      const meta = db.prepare<[], { json: string }>('SELECT json FROM meta WHERE id = 1').get()
      return {
        orders: all('SELECT json FROM orders ORDER BY pos') as SimOrder[],
        refunds: all('SELECT json FROM refunds ORDER BY pos') as SimRefund[],
        notices: all('SELECT json FROM notices ORDER BY pos') as SimNoticeDelivery[],
        meta: meta ? (JSON.parse(meta.json) as Meta) : undefined,
      }
    },
    order: (pos, o) => later(`o${o.outTradeNo}`, () => putOrder.run(o.outTradeNo, pos, JSON.stringify(o))),
    refund: (pos, r) =>
      later(`r${r.outRefundNo}`, () => putRefund.run(r.outRefundNo, pos, JSON.stringify(r))),
    notice: (pos, n) => later(`n${pos}`, () => putNotice.run(pos, JSON.stringify(n))),
    meta: (m) => later('meta', () => putMeta.run(JSON.stringify(m))),
    clear: () => {
      pending = new Map()
      db.exec('DELETE FROM orders; DELETE FROM refunds; DELETE FROM notices; DELETE FROM meta;')
    },
    close: () => {
      flush()
      db.close()
    },
  }
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/** The simulator's records and their indexes; every change goes through a method that persists that record. */
export class SaobeiBook {
  private orders: SimOrder[] = []
  private refunds: SimRefund[] = []
  private notices: SimNoticeDelivery[] = []
  private meta: Meta
  private readonly byNo = new Map<string, SimOrder>()
  private readonly byTrace = new Map<string, SimOrder[]>()
  private readonly position = new Map<SimOrder, number>()
  private readonly refundByNo = new Map<string, SimRefund>()
  private readonly refundsByTrace = new Map<string, SimRefund[]>()
  private readonly noticesByTrace = new Map<string, SimNoticeDelivery[]>()
  private readonly rows: Rows | undefined

  constructor(
    file: string | undefined,
    private readonly defaults: Partial<SimConfig> = {},
  ) {
    this.rows = openRows(file)
    this.meta = this.freshMeta()
    const loaded = this.rows?.load()
    if (!loaded) return
    if (loaded.meta) this.meta = loaded.meta
    for (const o of loaded.orders) this.indexOrder(o)
    for (const r of loaded.refunds) this.indexRefund(r)
    for (const n of loaded.notices) this.indexNotice(n)
  }

  get config(): SimConfig {
    return this.meta.config
  }

  setConfig(patch: Partial<SimConfig>): SimConfig {
    Object.assign(this.meta.config, patch)
    this.rows?.meta(this.meta)
    return { ...this.meta.config }
  }

  /** The next number of 扫呗's own order and refund numbers. */
  nextSeq(): number {
    this.meta.seq += 1
    this.rows?.meta(this.meta)
    return this.meta.seq
  }

  countCall(path: string): void {
    this.meta.calls[path] = (this.meta.calls[path] ?? 0) + 1
    this.rows?.meta(this.meta)
  }

  addOrder(o: SimOrder): void {
    this.indexOrder(o)
    this.rows?.order(this.orders.length - 1, o)
  }

  /** Persists an order changed in place (paid, closed, refunded, abandoned), and indexes its channel number. */
  saveOrder(o: SimOrder): void {
    if (o.channelTradeNo) this.byNo.set(o.channelTradeNo, o)
    this.rows?.order(this.position.get(o) ?? this.orders.length, o)
  }

  /** By 扫呗's order number or WeChat's transaction number (query accepts either). */
  orderByNo(no: string): SimOrder | undefined {
    return this.byNo.get(no)
  }

  /** Every order made under a trace, oldest first (several when a trace was used twice). */
  ordersByTrace(trace: string): readonly SimOrder[] {
    return this.byTrace.get(trace) ?? []
  }

  latestByTrace(trace: string): SimOrder | undefined {
    const list = this.byTrace.get(trace)
    return list?.[list.length - 1]
  }

  /** 1-based position of the order among all orders (WeChat's transaction numbers are derived from it). */
  positionOf(o: SimOrder): number {
    return (this.position.get(o) ?? this.orders.length) + 1
  }

  addRefund(r: SimRefund): void {
    this.indexRefund(r)
    this.rows?.refund(this.refunds.length - 1, r)
  }

  refundByOwnNo(no: string): SimRefund | undefined {
    return this.refundByNo.get(no)
  }

  refundsOfTrace(trace: string): readonly SimRefund[] {
    return this.refundsByTrace.get(trace) ?? []
  }

  addNotice(n: SimNoticeDelivery): void {
    this.indexNotice(n)
    this.rows?.notice(this.notices.length - 1, n)
  }

  noticesOf(trace: string): readonly SimNoticeDelivery[] {
    return this.noticesByTrace.get(trace) ?? []
  }

  reset(): void {
    this.orders = []
    this.refunds = []
    this.notices = []
    for (const index of [
      this.byNo,
      this.byTrace,
      this.position,
      this.refundByNo,
      this.refundsByTrace,
      this.noticesByTrace,
    ])
      index.clear()
    this.meta = this.freshMeta()
    this.rows?.clear()
    this.rows?.meta(this.meta)
  }

  /** A deep copy of every record (for `GET /state`: tests and people looking). */
  snapshot(): SimSnapshot {
    return structuredClone({
      orders: this.orders,
      refunds: this.refunds,
      notices: this.notices,
      calls: this.meta.calls,
      config: this.meta.config,
    })
  }

  close(): void {
    this.rows?.close()
  }

  private freshMeta(): Meta {
    return {
      calls: {},
      config: {
        closeHonoured: this.defaults.closeHonoured ?? true,
        closeSupported: this.defaults.closeSupported ?? true,
      },
      seq: 0,
    }
  }

  private indexOrder(o: SimOrder): void {
    this.position.set(o, this.orders.length)
    this.orders.push(o)
    this.byNo.set(o.outTradeNo, o)
    if (o.channelTradeNo) this.byNo.set(o.channelTradeNo, o)
    push(this.byTrace, o.terminalTrace, o)
  }

  private indexRefund(r: SimRefund): void {
    this.refunds.push(r)
    this.refundByNo.set(r.outRefundNo, r)
    push(this.refundsByTrace, r.terminalTrace, r)
  }

  private indexNotice(n: SimNoticeDelivery): void {
    this.notices.push(n)
    push(this.noticesByTrace, n.outTradeNo, n)
  }
}
