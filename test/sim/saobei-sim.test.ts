import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import path from 'path'
import { signV1, signV2, V1_FIELDS, verifySign } from '../../cloudfunctions/_shared/adapters/saobei/sign'
import { MERCHANT, startHarness, T0, TERMINAL, TOKEN, type Harness } from './saobei-harness'

let h: Harness
afterEach(() => h?.close())

/** A signed 2.0 minipay request body. */
function minipay(extra: Record<string, string> = {}, token = TOKEN): Record<string, string> {
  const p: Record<string, string> = {
    pay_ver: '201',
    pay_type: '010',
    service_id: '015',
    merchant_no: MERCHANT,
    terminal_id: TERMINAL,
    terminal_trace: 'LO1',
    terminal_time: '20240101120000',
    total_fee: '100',
    sub_appid: 'wx1',
    open_id: 'o1',
    notify_url: h.notifyUrl,
    attach: 'LO1',
    ...extra,
  }
  return { ...p, key_sign: signV2(p, token) }
}

function v2(fields: Record<string, string>): Record<string, string> {
  const p = {
    pay_ver: '201',
    pay_type: '000',
    merchant_no: MERCHANT,
    terminal_id: TERMINAL,
    terminal_time: '20240101121000',
    ...fields,
  }
  return { ...p, key_sign: signV2(p, TOKEN) }
}

describe('扫呗 simulator: request checks', () => {
  beforeEach(async () => {
    h = await startHarness()
  })

  it('accepts a well-signed minipay and signs its answer', async () => {
    const r = await h.raw('/pay/open/minipay', minipay())
    expect(r).toEqual(
      expect.objectContaining({
        return_code: '01',
        result_code: '01',
        total_fee: '100',
        terminal_trace: 'LO1',
      }),
    )
    expect(r.out_trade_no).toMatch(/^\d{30}$/)
    expect(verifySign(r, TOKEN, 'v2')).toBe(true)
  })

  it.each([
    ['a bad key_sign', () => ({ ...minipay(), key_sign: '0'.repeat(32) }), '签名错误'],
    ['a body signed with another token', () => minipay({}, 'f'.repeat(32)), '签名错误'],
    ['a field changed after signing', () => ({ ...minipay(), total_fee: '1' }), '签名错误'],
    ['an unknown merchant', () => minipay({ merchant_no: '852100000000009' }), '商户号不存在'],
    ['an unknown terminal', () => minipay({ terminal_id: '10000009' }), '终端号不存在'],
    [
      'a missing open_id',
      () => {
        const { open_id: _o, ...rest } = minipay()
        return { ...rest, key_sign: signV2(rest, TOKEN) }
      },
      'open_id',
    ],
    ['a decimal total_fee', () => minipay({ total_fee: '1.00' }), 'total_fee'],
    ['a wrong service_id', () => minipay({ service_id: '016' }), 'service_id'],
    ['pay_ver 100 on the 2.0 path', () => minipay({ pay_ver: '100' }), 'pay_ver'],
  ])('refuses %s with return_code 02', async (_name, body, msg) => {
    const r = await h.raw('/pay/open/minipay', body())
    expect(r.return_code).toBe('02')
    expect(r.return_msg).toContain(msg)
    expect(r.key_sign).toBeUndefined()
    expect(h.state().orders).toHaveLength(0)
  })

  it('refuses a body that is not JSON, still counting the call', async () => {
    const r = await h.raw('/pay/open/minipay', 'not json')
    expect(r.return_code).toBe('02')
    expect(h.state().calls['/pay/open/minipay']).toBe(1)
  })

  it('does not de-duplicate terminal_trace: the same trace twice makes two orders', async () => {
    const a = await h.raw('/pay/open/minipay', minipay())
    const b = await h.raw('/pay/open/minipay', minipay())
    expect(a.out_trade_no).not.toBe(b.out_trade_no)
    expect(h.state().orders.map((o: any) => o.terminalTrace)).toEqual(['LO1', 'LO1'])
    // the pay control picks the latest
    const paid = await h.control('/orders/LO1/pay', {})
    expect(paid.body.gatewayTradeNo).toBe(b.out_trade_no)
    expect(h.state().orders.map((o: any) => o.state)).toEqual(['NOTPAY', 'SUCCESS'])
  })

  it('queries by out_trade_no or by pay_trace + pay_time', async () => {
    const m = await h.raw('/pay/open/minipay', minipay())
    const byNo = await h.raw(
      '/pay/open/query',
      v2({ service_id: '020', terminal_trace: 'Q1', out_trade_no: m.out_trade_no }),
    )
    const byTrace = await h.raw(
      '/pay/open/query',
      v2({ service_id: '020', terminal_trace: 'Q2', pay_trace: 'LO1', pay_time: '20240101120000' }),
    )
    const wrongTime = await h.raw(
      '/pay/open/query',
      v2({ service_id: '020', terminal_trace: 'Q3', pay_trace: 'LO1', pay_time: '20240101120001' }),
    )
    expect(byNo).toEqual(
      expect.objectContaining({ return_code: '01', trade_state: 'NOTPAY', out_trade_no: m.out_trade_no }),
    )
    expect(byTrace.trade_state).toBe('NOTPAY')
    expect(wrongTime).toEqual({ return_code: '02', return_msg: '订单信息不存在！' })
  })

  it('refund: repeated_trace=1 refuses the same refund trace, and never more than paid', async () => {
    const m = await h.raw('/pay/open/minipay', minipay())
    await h.control('/orders/LO1/pay', {})
    const refund = (trace: string, fee: string, extra: Record<string, string> = {}) =>
      h.raw(
        '/pay/open/refund',
        v2({
          service_id: '030',
          terminal_trace: trace,
          refund_fee: fee,
          out_trade_no: m.out_trade_no,
          repeated_trace: '1',
          ...extra,
        }),
      )
    expect((await refund('RF1', '60')).result_code).toBe('01')
    const dup = await refund('RF1', '60')
    expect(dup.return_code).toBe('02')
    expect(dup.return_msg).toContain('重复')
    const over = await refund('RF2', '41')
    expect(over.result_code).toBe('02')
    expect((await refund('RF3', '40')).result_code).toBe('01')
    expect(h.state().refunds.map((r: any) => r.refundFee)).toEqual([60, 40])
    expect(h.state().orders[0]).toEqual(expect.objectContaining({ state: 'REFUND', refundedFee: 100 }))
  })

  it('refund of an unpaid order is refused', async () => {
    const m = await h.raw('/pay/open/minipay', minipay())
    const r = await h.raw(
      '/pay/open/refund',
      v2({
        service_id: '030',
        terminal_trace: 'RF1',
        refund_fee: '100',
        out_trade_no: m.out_trade_no,
        repeated_trace: '1',
      }),
    )
    expect(r.return_code).toBe('02')
    expect(h.state().refunds).toHaveLength(0)
  })

  it('close: NOTPAY → CLOSED; a paid order cannot be closed', async () => {
    const m = await h.raw('/pay/open/minipay', minipay())
    const c = await h.raw(
      '/pay/open/close',
      v2({ service_id: '041', terminal_trace: 'C1', out_trade_no: m.out_trade_no }),
    )
    expect(c.result_code).toBe('01')
    expect(h.state().orders[0].state).toBe('CLOSED')
    await h.raw('/pay/open/minipay', minipay({ terminal_trace: 'LO2' }))
    await h.control('/orders/LO2/pay', {})
    const c2 = await h.raw(
      '/pay/open/close',
      v2({ service_id: '041', terminal_trace: 'C2', pay_trace: 'LO2', pay_time: '20240101120000' }),
    )
    expect(c2.result_code).toBe('02')
    expect(h.state().orders[1].state).toBe('SUCCESS')
  })

  it('checks 1.0 requests with the document-order signer', async () => {
    const p: Record<string, string> = {
      pay_ver: '100',
      pay_type: '010',
      service_id: '015',
      merchant_no: MERCHANT,
      terminal_id: TERMINAL,
      terminal_trace: 'LO1',
      terminal_time: '20240101120000',
      total_fee: '100',
      sub_appid: 'wx1',
      open_id: 'o1',
      notify_url: h.notifyUrl,
    }
    const good = await h.raw('/pay/100/minipay', { ...p, key_sign: signV1(p, V1_FIELDS.minipay, TOKEN) })
    expect(good.return_code).toBe('01')
    const dict = await h.raw('/pay/100/minipay', { ...p, key_sign: signV2(p, TOKEN) })
    expect(dict.return_code).toBe('02')
    expect(h.state().calls).toEqual({ '/pay/100/minipay': 2 })
  })
})

describe('扫呗 simulator: notices and controls', () => {
  beforeEach(async () => {
    h = await startHarness()
  })

  it('2.0 notices carry the §1.6 field set, dictionary-signed over non-empty fields', async () => {
    await h.raw('/pay/open/minipay', minipay({ order_body: '乐高' }))
    h.clock.t = T0 + 65_000
    await h.control('/orders/LO1/pay', {})
    const n = h.received[0] as Record<string, string>
    for (const k of [
      'pay_ver',
      'return_code',
      'result_code',
      'user_id',
      'terminal_trace',
      'pay_trace',
      'pay_time',
      'end_time',
      'out_trade_no',
      'channel_trade_no',
      'attach',
      'total_fee',
      'receipt_fee',
      'order_body',
      'device_info',
    ]) {
      expect(n).toHaveProperty(k)
    }
    expect(n).toEqual(
      expect.objectContaining({
        pay_ver: '201',
        total_fee: '100',
        end_time: '20240101120105',
        attach: 'LO1',
        device_info: '',
      }),
    )
    expect(n.key_sign).toBe(signV2(n, TOKEN))
    expect(n.key_sign).not.toBe(signV2(n, TOKEN, { keepEmpty: true }))
  })

  it('1.0 orders get 1.0 notices signed in document order', async () => {
    const p: Record<string, string> = {
      pay_ver: '100',
      pay_type: '010',
      service_id: '015',
      merchant_no: MERCHANT,
      terminal_id: TERMINAL,
      terminal_trace: 'LO1',
      terminal_time: '20240101120000',
      total_fee: '100',
      sub_appid: 'wx1',
      open_id: 'o1',
      notify_url: h.notifyUrl,
    }
    await h.raw('/pay/100/minipay', { ...p, key_sign: signV1(p, V1_FIELDS.minipay, TOKEN) })
    await h.control('/orders/LO1/pay', {})
    const n = h.received[0] as Record<string, string>
    expect(n.pay_ver).toBeUndefined()
    expect(n.attach).toBe('')
    expect(verifySign(n, TOKEN, 'v1')).toBe(true)
  })

  it("the pay control answers with the receiver's reply, and records every delivery", async () => {
    await h.raw('/pay/open/minipay', minipay())
    h.receiverReply = { status: 200, body: { return_code: '02', return_msg: 'busy' } }
    const r = await h.control('/orders/LO1/pay', { times: 2 })
    expect(r.body.reply).toEqual({ status: 200, body: { return_code: '02', return_msg: 'busy' } })
    expect(r.body.deliveries).toHaveLength(2)
    expect(h.state().notices.map((n: any) => [n.index, n.kind])).toEqual([
      [0, 'normal'],
      [1, 'normal'],
    ])
    // paying twice is refused: duplicates are made with times/replay
    expect((await h.control('/orders/LO1/pay', {})).status).toBe(409)
  })

  it('replays an earlier notice byte for byte', async () => {
    await h.raw('/pay/open/minipay', minipay())
    await h.control('/orders/LO1/pay', {})
    const r = await h.control('/notices/replay', { outTradeNo: 'LO1', index: 0 })
    expect(r.body.kind).toBe('replay')
    expect(h.received).toHaveLength(2)
    expect(h.received[1]).toEqual(h.received[0])
    expect((await h.control('/notices/replay', { outTradeNo: 'LO1', index: 9 })).status).toBe(404)
  })

  it('delayMs answers at once and delivers when the clock has moved that far', async () => {
    await h.raw('/pay/open/minipay', minipay())
    const r = await h.control('/orders/LO1/pay', { delayMs: 150_000 })
    expect(r.body).toEqual(expect.objectContaining({ ok: true, scheduled: true }))
    expect(h.received).toHaveLength(0)
    expect(h.state().orders[0].state).toBe('SUCCESS')
    h.clock.t += 149_999
    await h.sim.runDue()
    expect(h.received).toHaveLength(0)
    h.clock.t += 1
    await h.sim.runDue()
    expect(h.received).toHaveLength(1)
  })

  it('abandon leaves the order NOTPAY; unknown orders are 404', async () => {
    await h.raw('/pay/open/minipay', minipay())
    const r = await h.control('/orders/LO1/abandon', {})
    expect(r.body).toEqual(expect.objectContaining({ ok: true, state: 'NOTPAY' }))
    expect(h.state().orders[0]).toEqual(expect.objectContaining({ state: 'NOTPAY', abandoned: true }))
    expect(h.received).toHaveLength(0)
    expect((await h.control('/orders/NOPE/pay', {})).status).toBe(404)
  })

  it('rejects bad control input', async () => {
    await h.raw('/pay/open/minipay', minipay())
    expect((await h.control('/orders/LO1/pay', { times: 0 })).status).toBe(400)
    expect((await h.control('/orders/LO1/pay', { wrongAmountFen: 1.5 })).status).toBe(400)
    expect(h.state().orders[0].state).toBe('NOTPAY')
  })

  it('closeHonoured=false: close answers success but the order stays payable', async () => {
    await h.control('/config', { closeHonoured: false })
    const m = await h.raw('/pay/open/minipay', minipay())
    const c = await h.raw(
      '/pay/open/close',
      v2({ service_id: '041', terminal_trace: 'C1', out_trade_no: m.out_trade_no }),
    )
    expect(c.result_code).toBe('01')
    expect(h.state().orders[0].state).toBe('NOTPAY')
    expect((await h.control('/orders/LO1/pay', {})).status).toBe(200)
  })

  it('closeSupported=false: close is refused', async () => {
    await h.control('/config', { closeSupported: false })
    const m = await h.raw('/pay/open/minipay', minipay())
    const c = await h.raw(
      '/pay/open/close',
      v2({ service_id: '041', terminal_trace: 'C1', out_trade_no: m.out_trade_no }),
    )
    expect(c.result_code).toBe('02')
  })

  it('GET state counts calls per endpoint; reset clears everything', async () => {
    await h.raw('/pay/open/minipay', minipay())
    await h.raw('/pay/open/minipay', minipay())
    await h.raw(
      '/pay/open/query',
      v2({ service_id: '020', terminal_trace: 'Q1', pay_trace: 'LO1', pay_time: '20240101120000' }),
    )
    const res = await fetch(`${h.base}/state`)
    const body = (await res.json()) as any
    expect(body.calls).toEqual({ '/pay/open/minipay': 2, '/pay/open/query': 1 })
    expect(body.orders).toHaveLength(2)
    await h.control('/reset', {})
    expect(h.state()).toEqual(expect.objectContaining({ orders: [], refunds: [], notices: [], calls: {} }))
  })
})

describe('扫呗 simulator: persistence', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'saobei-sim-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('reloads orders, refunds, notices and counts from its SQLite file', async () => {
    const file = path.join(dir, 'saobei.sqlite')
    h = await startHarness({ file })
    const m = await h.raw('/pay/open/minipay', minipay())
    await h.control('/orders/LO1/pay', {})
    await h.raw(
      '/pay/open/refund',
      v2({
        service_id: '030',
        terminal_trace: 'RF1',
        refund_fee: '100',
        out_trade_no: m.out_trade_no,
        repeated_trace: '1',
      }),
    )
    const before = h.state()
    await h.close()
    h = await startHarness({ file })
    expect(h.state()).toEqual(before)
    // the reloaded simulator still refuses the used refund trace
    const dup = await h.raw(
      '/pay/open/refund',
      v2({
        service_id: '030',
        terminal_trace: 'RF1',
        refund_fee: '1',
        out_trade_no: m.out_trade_no,
        repeated_trace: '1',
      }),
    )
    expect(dup.return_code).toBe('02')
  })
})
