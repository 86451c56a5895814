/**
 * The 扫呗 simulator's state: orders, refunds, notices sent and call counts. Kept in memory and, when a file
 * is given, snapshotted to SQLite after every mutating call so a restarted local cloud resumes where it was.
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
  kind: 'normal' | 'forged' | 'wrongAmount' | 'replay'
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

export interface SimState {
  orders: SimOrder[]
  refunds: SimRefund[]
  notices: SimNoticeDelivery[]
  calls: Record<string, number>
  config: SimConfig
  seq: number
}

export function emptyState(config: Partial<SimConfig> = {}): SimState {
  return {
    orders: [],
    refunds: [],
    notices: [],
    calls: {},
    config: { closeHonoured: config.closeHonoured ?? true, closeSupported: config.closeSupported ?? true },
    seq: 0,
  }
}

/** Snapshot persistence: one row holding the whole state, rewritten per mutating call. */
export interface Snapshotter {
  load(): SimState | undefined
  save(state: SimState): void
  close(): void
}

export function openSnapshotter(file: string | undefined): Snapshotter {
  if (file === undefined) return { load: () => undefined, save: () => undefined, close: () => undefined }
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.exec('CREATE TABLE IF NOT EXISTS saobei_sim (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL)')
  const read = db.prepare<[], { json: string }>('SELECT json FROM saobei_sim WHERE id = 1')
  const write = db.prepare<[string]>(
    'INSERT INTO saobei_sim (id, json) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json',
  )
  return {
    load: () => {
      const row = read.get()
      return row === undefined ? undefined : (JSON.parse(row.json) as SimState)
    },
    save: (state) => {
      write.run(JSON.stringify(state))
    },
    close: () => db.close(),
  }
}

/** The latest order carrying this trace (several may: the same trace twice makes two orders). */
export function latestByTrace(state: SimState, trace: string): SimOrder | undefined {
  for (let i = state.orders.length - 1; i >= 0; i--) {
    const o = state.orders[i]
    if (o !== undefined && o.terminalTrace === trace) return o
  }
  return undefined
}
