import http from 'http'
import type { AddressInfo } from 'net'
import { cleanOrderBody } from '../../cloudfunctions/_shared/adapters/saobei/client'
import { signV2 } from '../../cloudfunctions/_shared/adapters/saobei/sign'
import { toSaobeiTime } from '../../cloudfunctions/_shared/adapters/saobei/time'
import { isBizError } from '../../cloudfunctions/_shared/domain/errors'
import type { PaymentGateway, PrepayInput } from '../../cloudfunctions/_shared/ports'
import { APPID, MERCHANT, startHarness, T0, TERMINAL, TOKEN, type Harness } from '../sim/saobei-harness'

let h: Harness
let gw: PaymentGateway
let seq = 0

beforeEach(async () => {
  h = await startHarness()
  gw = h.gateway()
})
afterEach(() => h.close())

function input(extra: Partial<PrepayInput> = {}): PrepayInput {
  seq += 1
  return {
    outTradeNo: `LO2024010100000${seq}`,
    amountFen: 1990,
    openid: 'oMEMBER1',
    body: '乐高 雷霆之翼',
    createdAt: T0,
    notifyUrl: h.notifyUrl,
    ...extra,
  }
}

/** Runs `fn` and returns the BizError it throws. */
async function caught(fn: () => Promise<unknown>) {
  try {
    await fn()
  } catch (e) {
    if (isBizError(e)) return e
    throw e
  }
  throw new Error('expected a BizError')
}

describe('扫呗 client against the simulator (2.0)', () => {
  it('prepay sends the 2.0 minipay fields and maps the pay parameters', async () => {
    const inp = input()
    const r = await gw.prepay(inp)
    expect(r.package).toMatch(/^prepay_id=/)
    expect(r).toEqual(expect.objectContaining({ signType: 'MD5', timeStamp: String(Math.floor(T0 / 1000)) }))
    expect(r.nonceStr).toMatch(/^[0-9a-f]{16}$/)
    expect(r.paySign).toMatch(/^[0-9A-F]{32}$/)
    const [order] = h.state().orders
    expect(order).toEqual(
      expect.objectContaining({
        outTradeNo: r.gatewayTradeNo,
        terminalTrace: inp.outTradeNo,
        attach: inp.outTradeNo,
        terminalTime: '20240101120000',
        totalFee: 1990,
        payVer: '201',
        subAppid: APPID,
        openId: 'oMEMBER1',
        notifyUrl: h.notifyUrl,
        timeoutExpress: '15',
        orderBody: '乐高雷霆之翼',
      }),
    )
    expect(h.state().calls).toEqual({ '/pay/open/minipay': 1 })
  })

  it('prepay → NOTPAY → pay control → a notice verifyNotice accepts with the right amount → SUCCESS', async () => {
    const inp = input()
    const r = await gw.prepay(inp)
    expect(await gw.query(inp.outTradeNo, inp.createdAt)).toEqual(
      expect.objectContaining({ state: 'NOTPAY', amountFen: 1990, gatewayTradeNo: r.gatewayTradeNo }),
    )
    h.clock.t = T0 + 90_000
    const paid = await h.control(`/orders/${inp.outTradeNo}/pay`, {})
    expect(paid.body.reply).toEqual({ status: 200, body: { return_code: '01', return_msg: 'success' } })
    expect(h.received).toHaveLength(1)
    const notice = gw.verifyNotice(h.received[0]!)
    expect(notice).toEqual(
      expect.objectContaining({
        outTradeNo: inp.outTradeNo,
        gatewayTradeNo: r.gatewayTradeNo,
        amountFen: 1990,
        merchantNo: MERCHANT,
        terminalId: TERMINAL,
        paidAt: T0 + 90_000,
        success: true,
      }),
    )
    const q = await gw.query(inp.outTradeNo, inp.createdAt)
    expect(q).toEqual({
      state: 'SUCCESS',
      amountFen: 1990,
      gatewayTradeNo: r.gatewayTradeNo,
      paidAt: T0 + 90_000,
    })
  })

  it('times: 2 delivers the same verified notice twice', async () => {
    const inp = input()
    await gw.prepay(inp)
    await h.control(`/orders/${inp.outTradeNo}/pay`, { times: 2 })
    expect(h.received).toHaveLength(2)
    expect(h.received[0]).toEqual(h.received[1])
    expect(h.received.map((b) => gw.verifyNotice(b)?.success)).toEqual([true, true])
  })

  it('a forged notice is refused (null) and the order stays unpaid', async () => {
    const inp = input()
    await gw.prepay(inp)
    await h.control(`/orders/${inp.outTradeNo}/pay`, { forgeSignature: true })
    expect(h.received).toHaveLength(1)
    expect(gw.verifyNotice(h.received[0]!)).toBeNull()
    expect((await gw.query(inp.outTradeNo, inp.createdAt)).state).toBe('NOTPAY')
  })

  it('a wrong-amount notice verifies but carries the other amount for the caller to refuse', async () => {
    const inp = input()
    await gw.prepay(inp)
    await h.control(`/orders/${inp.outTradeNo}/pay`, { wrongAmountFen: 1 })
    const notice = gw.verifyNotice(h.received[0]!)
    expect(notice).not.toBeNull()
    expect(notice!.amountFen).toBe(1)
    expect(notice!.amountFen).not.toBe(inp.amountFen)
  })

  it('verifyNotice refuses a correctly signed notice for another terminal or merchant', async () => {
    const inp = input()
    await gw.prepay(inp)
    await h.control(`/orders/${inp.outTradeNo}/pay`, {})
    const body = h.received[0] as Record<string, string>
    const changes: Array<Record<string, string>> = [
      { terminal_id: '10000002' },
      { merchant_no: '852100000000002' },
    ]
    for (const change of changes) {
      const other: Record<string, string> = { ...body, ...change }
      other.key_sign = signV2(other, TOKEN)
      expect(gw.verifyNotice(other)).toBeNull()
    }
    const same: Record<string, string> = { ...body }
    same.key_sign = signV2(same, TOKEN)
    expect(gw.verifyNotice(same)).not.toBeNull()
  })

  it('refund succeeds once; a retry with the same refund number pays nothing more', async () => {
    const inp = input()
    const r = await gw.prepay(inp)
    await h.control(`/orders/${inp.outTradeNo}/pay`, {})
    const refund = {
      outTradeNo: inp.outTradeNo,
      refundNo: 'RF0001',
      amountFen: 1990,
      createdAt: T0 + 600_000,
      payCreatedAt: inp.createdAt,
    }
    expect(await gw.refund(refund)).toEqual({ refundNo: 'RF0001', state: 'SUCCESS' })
    expect(await gw.refund(refund)).toEqual({ refundNo: 'RF0001', state: 'SUCCESS' })
    expect(h.state().refunds).toHaveLength(1)
    expect(h.state().calls['/pay/open/refund']).toBe(2)
    expect(await gw.queryRefund({ refundNo: 'RF0001', createdAt: refund.createdAt })).toEqual({
      refundNo: 'RF0001',
      state: 'SUCCESS',
    })
    expect((await gw.query(inp.outTradeNo, inp.createdAt)).state).toBe('REFUND')
    // a new refund number cannot take more than was paid
    const over = await caught(() =>
      gw.refund({ ...refund, refundNo: 'RF0002', gatewayTradeNo: r.gatewayTradeNo }),
    )
    expect(over.code).toBe('PAYMENT_ERROR')
    expect(over.message).toContain('退款金额超过')
    expect(h.state().refunds).toHaveLength(1)
  })

  it('refund by gatewayTradeNo targets that 扫呗 order when one trace has two', async () => {
    const inp = input()
    const first = await gw.prepay(inp)
    const second = await gw.prepay(inp)
    expect(second.gatewayTradeNo).not.toBe(first.gatewayTradeNo)
    await h.control(`/orders/${inp.outTradeNo}/pay`, {}) // pays the latest (second)
    await gw.refund({
      outTradeNo: inp.outTradeNo,
      refundNo: 'RF-2',
      amountFen: 1990,
      createdAt: T0 + 1000,
      gatewayTradeNo: second.gatewayTradeNo,
    })
    expect(h.state().refunds[0].outTradeNo).toBe(second.gatewayTradeNo)
    const notPaid = await caught(() =>
      gw.refund({
        outTradeNo: inp.outTradeNo,
        refundNo: 'RF-1',
        amountFen: 1990,
        createdAt: T0 + 1000,
        gatewayTradeNo: first.gatewayTradeNo,
      }),
    )
    expect(notPaid.code).toBe('PAYMENT_ERROR')
  })

  it('close makes the order CLOSED; only a late payment can still succeed', async () => {
    const inp = input()
    await gw.prepay(inp)
    await gw.close(inp.outTradeNo, inp.createdAt)
    expect((await gw.query(inp.outTradeNo, inp.createdAt)).state).toBe('CLOSED')
    const refused = await h.control(`/orders/${inp.outTradeNo}/pay`, {})
    expect(refused.status).toBe(409)
    expect(h.received).toHaveLength(0)
    await h.control(`/orders/${inp.outTradeNo}/pay`, { late: true })
    expect(gw.verifyNotice(h.received[0]!)?.success).toBe(true)
    expect((await gw.query(inp.outTradeNo, inp.createdAt)).state).toBe('SUCCESS')
  })

  it('close of a paid order is a PAYMENT_ERROR', async () => {
    const inp = input()
    await gw.prepay(inp)
    await h.control(`/orders/${inp.outTradeNo}/pay`, {})
    expect((await caught(() => gw.close(inp.outTradeNo, inp.createdAt))).code).toBe('PAYMENT_ERROR')
  })

  it("query of an unknown order is a PAYMENT_ERROR with 扫呗's message", async () => {
    const e = await caught(() => gw.query('NOPE', T0))
    expect(e.code).toBe('PAYMENT_ERROR')
    expect(e.message).toBe('订单信息不存在！')
  })

  it("a wrong token gets 扫呗's signature refusal as PAYMENT_ERROR", async () => {
    const bad = h.gateway({ token: 'ffffffffffffffffffffffffffffffff' })
    const e = await caught(() => bad.prepay(input()))
    expect(e.code).toBe('PAYMENT_ERROR')
    expect(e.message).toContain('签名错误')
  })

  it('rejects a response whose key_sign does not match', async () => {
    const tamper: typeof fetch = async (url, init) => {
      const res = await fetch(url, init)
      const body = (await res.json()) as Record<string, string>
      return new Response(JSON.stringify({ ...body, total_fee: '1' }), { status: 200 })
    }
    const e = await caught(() => h.gateway({ fetch: tamper }).prepay(input()))
    expect(e.code).toBe('PAYMENT_ERROR')
    expect(e.message).toContain('签名')
  })

  it('never sends a fractional or non-positive amount', async () => {
    expect((await caught(() => gw.prepay(input({ amountFen: 19.9 })))).code).toBe('PAYMENT_ERROR')
    expect((await caught(() => gw.prepay(input({ amountFen: 0 })))).code).toBe('PAYMENT_ERROR')
    expect(h.state().calls).toEqual({})
  })
})

describe('terminal_time is Beijing time whatever the machine zone', () => {
  const saved = process.env.TZ
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  })

  it.each(['UTC', 'America/Los_Angeles'])('TZ=%s', async (tz) => {
    process.env.TZ = tz
    // 2024-01-01T16:30:05Z is 2024-01-02 00:30:05 in Shanghai: the date changes too
    const at = Date.UTC(2024, 0, 1, 16, 30, 5)
    expect(toSaobeiTime(at)).toBe('20240102003005')
    await gw.prepay(input({ createdAt: at }))
    expect(h.state().orders[0].terminalTime).toBe('20240102003005')
  })
})

describe('扫呗 client, 1.0 scheme', () => {
  it('round trip over /pay/100 with document-order signing and a 1.0 notice', async () => {
    const v1 = h.gateway({ signScheme: 'v1' })
    const inp = input()
    const r = await v1.prepay(inp)
    expect(h.state().orders[0]).toEqual(
      expect.objectContaining({ payVer: '100', generation: 'v1', timeoutExpress: '' }),
    )
    expect((await v1.query(inp.outTradeNo, inp.createdAt)).state).toBe('NOTPAY')
    await h.control(`/orders/${inp.outTradeNo}/pay`, {})
    const body = h.received[0]!
    expect(body.pay_ver).toBeUndefined()
    expect(v1.verifyNotice(body)).toEqual(
      expect.objectContaining({
        outTradeNo: inp.outTradeNo,
        gatewayTradeNo: r.gatewayTradeNo,
        amountFen: 1990,
        success: true,
      }),
    )
    const refund = {
      outTradeNo: inp.outTradeNo,
      refundNo: 'RFV1',
      amountFen: 1990,
      createdAt: T0 + 5000,
      payCreatedAt: inp.createdAt,
    }
    expect((await v1.refund(refund)).state).toBe('SUCCESS')
    expect((await v1.refund(refund)).state).toBe('SUCCESS')
    expect(h.state().refunds).toHaveLength(1)
    const calls = h.state().calls
    expect(Object.keys(calls).every((p) => p.startsWith('/pay/100/'))).toBe(true)
    expect(calls['/pay/100/minipay']).toBe(1)
  })

  it('v1 close round trip', async () => {
    const v1 = h.gateway({ signScheme: 'v1' })
    const inp = input()
    await v1.prepay(inp)
    await v1.close(inp.outTradeNo, inp.createdAt)
    expect((await v1.query(inp.outTradeNo, inp.createdAt)).state).toBe('CLOSED')
  })
})

describe('outages and secrecy', () => {
  it('an unreachable base URL is PAYMENT_UNAVAILABLE', async () => {
    const srv = http.createServer()
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
    const port = (srv.address() as AddressInfo).port
    await new Promise<void>((r) => srv.close(() => r()))
    const down = h.gateway({ baseUrl: `http://127.0.0.1:${port}` })
    const e = await caught(() => down.prepay(input()))
    expect(e.code).toBe('PAYMENT_UNAVAILABLE')
    expect(JSON.stringify({ m: e.message, d: e.details, s: e.stack })).not.toContain(TOKEN)
  })

  it('a gateway that never answers times out as PAYMENT_UNAVAILABLE', async () => {
    const hung = http.createServer(() => undefined)
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r))
    try {
      const slow = h.gateway({
        baseUrl: `http://127.0.0.1:${(hung.address() as AddressInfo).port}`,
        timeoutMs: 200,
      })
      const started = Date.now()
      const e = await caught(() => slow.query('LO1', T0))
      expect(e.code).toBe('PAYMENT_UNAVAILABLE')
      expect(Date.now() - started).toBeLessThan(5000)
    } finally {
      hung.closeAllConnections()
      await new Promise<void>((r) => hung.close(() => r()))
    }
  })

  it('an HTTP 502 or an HTML page is PAYMENT_UNAVAILABLE', async () => {
    const html: typeof fetch = async () => new Response('<html>bad gateway</html>', { status: 200 })
    const status502: typeof fetch = async () => new Response('{}', { status: 502 })
    expect((await caught(() => h.gateway({ fetch: html }).prepay(input()))).code).toBe('PAYMENT_UNAVAILABLE')
    expect((await caught(() => h.gateway({ fetch: status502 }).prepay(input()))).code).toBe(
      'PAYMENT_UNAVAILABLE',
    )
  })

  it('an error message echoing the token does not leak it', async () => {
    const echo: typeof fetch = async () =>
      new Response(JSON.stringify({ return_code: '02', return_msg: `令牌${TOKEN}无效` }), { status: 200 })
    const e = await caught(() => h.gateway({ fetch: echo }).prepay(input()))
    expect(e.code).toBe('PAYMENT_ERROR')
    expect(e.message).toContain('令牌')
    expect(e.message).not.toContain(TOKEN)
    expect(JSON.stringify(e.toApiError())).not.toContain(TOKEN)
  })

  it('the token appears in no request body field other than through key_sign', async () => {
    const bodies: string[] = []
    const spy: typeof fetch = async (url, init) => {
      bodies.push(String(init?.body))
      return fetch(url, init)
    }
    const g = h.gateway({ fetch: spy })
    const inp = input()
    const r = await g.prepay(inp)
    expect(JSON.stringify(r)).not.toContain(TOKEN)
    expect(bodies.join('')).not.toContain(TOKEN)
    expect(JSON.parse(bodies[0]!)).not.toHaveProperty('order_body', expect.stringContaining(' '))
  })

  it("noticeReply has 扫呗's shape", () => {
    expect(gw.noticeReply(true)).toEqual({ return_code: '01', return_msg: 'success' })
    expect(gw.noticeReply(false)).toEqual(expect.objectContaining({ return_code: '02' }))
  })
})

describe('cleanOrderBody', () => {
  it('strips what 扫呗 forbids and keeps within 128 bytes', () => {
    expect(cleanOrderBody('乐高 创意+百变/组?%#&=【限量】')).toBe('乐高创意百变组限量')
    const long = cleanOrderBody('虎'.repeat(100))
    expect(Buffer.byteLength(long, 'utf8')).toBeLessThanOrEqual(128)
    expect(long).toBe('虎'.repeat(42))
  })
})
