/**
 * Issue 12 §3 and issue 9 §2/§5: the simulators persist one row per record with an index for each lookup,
 * 扫呗 retries an unanswered notice on its documented schedule on the simulator's clock, and both sit behind
 * hono with the body limits of CloudBase.
 */
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import path from 'path'
import Database from 'better-sqlite3'
import { signV2 } from '../../cloudfunctions/_shared/adapters/saobei/sign'
import { RETRY_DELAYS_MS } from '../../scripts/local-cloud/sim/saobei'
import { TEXT_BODY_LIMIT } from '../../cloudfunctions/_shared/runtime/limits'
import { manualClock, startWechatSimServer } from '../../scripts/local-cloud/sim/wechat/testing'
import { MERCHANT, startHarness, T0, TERMINAL, TOKEN, type Harness } from './saobei-harness'

let h: Harness
let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sims-scale-'))
})
afterEach(async () => {
  await h?.close()
  rmSync(dir, { recursive: true, force: true })
})

function minipay(trace: string): Record<string, string> {
  const p: Record<string, string> = {
    pay_ver: '201',
    pay_type: '010',
    service_id: '015',
    merchant_no: MERCHANT,
    terminal_id: TERMINAL,
    terminal_trace: trace,
    terminal_time: '20240101120000',
    total_fee: '100',
    sub_appid: 'wx1',
    open_id: 'o1',
    notify_url: h.notifyUrl,
    attach: trace,
  }
  return { ...p, key_sign: signV2(p, TOKEN) }
}

const query = (outTradeNo: string): Record<string, string> => {
  const p: Record<string, string> = {
    pay_ver: '201',
    pay_type: '000',
    service_id: '020',
    merchant_no: MERCHANT,
    terminal_id: TERMINAL,
    terminal_trace: `Q${outTradeNo.slice(-8)}`,
    terminal_time: '20240101121000',
    out_trade_no: outTradeNo,
  }
  return { ...p, key_sign: signV2(p, TOKEN) }
}

describe('扫呗 notices without a success reply', () => {
  it('are sent again after 15 s, 15 s, 30 s, 3 min … on the simulator clock, until answered', async () => {
    h = await startHarness()
    h.receiverReply = { status: 200, body: { return_code: '02', return_msg: '处理失败' } }
    await h.raw('/pay/open/minipay', minipay('LR1'))
    await h.control('/orders/LR1/pay', {})
    expect(h.received).toHaveLength(1)
    expect(RETRY_DELAYS_MS.slice(0, 5)).toEqual([15_000, 15_000, 30_000, 180_000, 600_000])

    const step = async (ms: number) => {
      h.clock.t += ms
      await h.sim.runDue()
    }
    await step(14_999)
    expect(h.received).toHaveLength(1)
    await step(1)
    expect(h.received).toHaveLength(2)
    await step(15_000)
    expect(h.received).toHaveLength(3)
    // the receiver is back: the third retry is answered and ends the series
    h.receiverReply = { status: 200, body: { return_code: '01', return_msg: 'success' } }
    await step(29_999)
    expect(h.received).toHaveLength(3)
    await step(1)
    expect(h.received).toHaveLength(4)
    await step(24 * 3600_000)
    expect(h.received).toHaveLength(4)
    expect(h.state().notices.map((n: { kind: string }) => n.kind)).toEqual([
      'normal',
      'retry',
      'retry',
      'retry',
    ])
    // every retry is the same signed notice
    expect(new Set(h.received.map((b) => JSON.stringify(b))).size).toBe(1)
  })

  it('stop after the 15th retry, 24 h 4 min after the first notice', async () => {
    h = await startHarness()
    h.receiverReply = { status: 500, body: 'down' }
    await h.raw('/pay/open/minipay', minipay('LR2'))
    await h.control('/orders/LR2/pay', {})
    for (const delay of RETRY_DELAYS_MS) {
      h.clock.t += delay
      await h.sim.runDue()
    }
    expect(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBe((24 * 60 + 4) * 60_000)
    expect(h.received).toHaveLength(16)
    h.clock.t += 7 * 24 * 3600_000
    await h.sim.runDue()
    expect(h.received).toHaveLength(16)
  })

  it('a forged or wrong-amount notice (the network misbehaving) is not retried', async () => {
    h = await startHarness()
    h.receiverReply = { status: 200, body: { return_code: '02', return_msg: '签名错误' } }
    await h.raw('/pay/open/minipay', minipay('LR3'))
    await h.control('/orders/LR3/pay', { forgeSignature: true })
    h.clock.t += 3600_000
    await h.sim.runDue()
    expect(h.received).toHaveLength(1)
  })
})

describe('扫呗 simulator at scale', () => {
  it('persists one row per order, refund and notice; a call rewrites only its own rows', async () => {
    const file = path.join(dir, 'saobei.sqlite')
    h = await startHarness({ file })
    const nos: string[] = []
    for (let i = 0; i < 600; i++)
      nos.push((await h.raw('/pay/open/minipay', minipay(`LS${i}`))).out_trade_no as string)
    for (let i = 0; i < 50; i++) await h.control(`/orders/LS${i}/pay`, {})
    // lookups go through indexes: the 600th order is found as the 1st was
    expect((await h.raw('/pay/open/query', query(nos[599]!))).trade_state).toBe('NOTPAY')
    expect((await h.raw('/pay/open/query', query(nos[0]!))).trade_state).toBe('SUCCESS')

    const sql = new Database(file, { readonly: true })
    const count = (table: string) =>
      (sql.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
    expect([count('orders'), count('notices'), count('refunds')]).toEqual([600, 50, 0])
    const meta = sql.prepare('SELECT json FROM meta').get() as { json: string }
    // the one shared row holds counters and knobs, not records: it does not grow with them
    expect(meta.json.length).toBeLessThan(300)
    const before = sql.prepare('SELECT no, json FROM orders').all() as Array<{ no: string; json: string }>
    await h.control('/orders/LS400/pay', {})
    const after = sql.prepare('SELECT no, json FROM orders').all() as Array<{ no: string; json: string }>
    const changed = after.filter((row, i) => row.json !== before[i]?.json).map((row) => row.no)
    expect(changed).toEqual([nos[400]])
    sql.close()
  }, 60_000)

  it('refuses a body over CloudBase text limit with 413, before reading it', async () => {
    h = await startHarness()
    const res = await h.control('/pay/open/minipay', 'x'.repeat(TEXT_BODY_LIMIT + 1))
    expect(res.status).toBe(413)
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE')
    expect(h.state().orders).toHaveLength(0)
    // and a body sent in chunks, with no length announced, is counted as it comes
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
    const body = new ReadableStream({
      start(ctl) {
        ctl.enqueue(chunk)
        ctl.enqueue(chunk)
        ctl.close()
      },
    })
    const chunked = await fetch(`${h.base}/pay/open/minipay`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(413)
  })
})

describe('WeChat simulator at scale', () => {
  it('persists one row per room, goods and media; a call rewrites only what it changed', async () => {
    const file = path.join(dir, 'wechat.sqlite')
    const clock = manualClock(Date.parse('2025-06-01T10:00:00+08:00'))
    const srv = await startWechatSimServer({ clock, appid: 'wxs', secret: 's', file })
    try {
      const post = (p: string, body: unknown) =>
        fetch(`${srv.base}${p}`, { method: 'POST', body: JSON.stringify(body) }).then(
          (r) => r.json() as Promise<any>,
        )
      const start = Math.floor(clock.now() / 1000) + 3600
      for (let i = 0; i < 60; i++) await post('/rooms/console-create', { start_time: start + i })
      const sql = new Database(file, { readonly: true })
      const rows = () =>
        sql.prepare("SELECT kind, key, json FROM records WHERE kind != 'meta'").all() as Array<{
          kind: string
          key: string
          json: string
        }>
      const before = rows()
      expect(before.filter((r) => r.kind === 'rooms')).toHaveLength(60)
      const roomId = JSON.parse(before[30]!.json).roomid as number
      await post(`/rooms/${roomId}/status`, { live_status: 101 })
      const after = rows()
      const changed = after.filter(
        (r) => before.find((b) => b.kind === r.kind && b.key === r.key)?.json !== r.json,
      )
      expect(changed.map((r) => `${r.kind}/${r.key}`)).toEqual([`rooms/${roomId}`])
      sql.close()
    } finally {
      await srv.close()
    }
    // and it reloads what it wrote
    const again = await startWechatSimServer({ clock, appid: 'wxs', secret: 's', file })
    try {
      const state = again.sim.state() as { rooms: Array<{ live_status: number }> }
      expect(state.rooms).toHaveLength(60)
      expect(state.rooms.filter((r) => r.live_status === 101)).toHaveLength(1)
    } finally {
      await again.close()
    }
  }, 60_000)
})

void T0
