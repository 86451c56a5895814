/**
 * The 扫呗 (lcsw) client behind the PaymentGateway port. 2.0 (`/pay/open/*`, pay_ver 201, dictionary signing)
 * by default; 1.0 (`/pay/100/*`, pay_ver 100, document-order signing) for merchants still on the old gateway.
 * The terminal token is used only to sign and verify: it never appears in an error, a log or a return value.
 */
import { randomBytes } from 'crypto'
import { BizError } from '../../domain/errors'
import type {
  GatewayTradeState,
  PaymentGateway,
  PaymentNotice,
  PrepayInput,
  PrepayResult,
  RefundResult,
  TradeQueryResult,
} from '../../ports'
import { fieldText, signV1, signV2, V1_FIELDS, verifySign, type SaobeiParams, type V1Api } from './sign'
import { fromSaobeiTime, toSaobeiTime } from './time'

export interface SaobeiGatewayOptions {
  /** Prefix before the API path, e.g. `https://pay.lcsw.cn/lcsw`. */
  baseUrl: string
  merchantNo: string
  terminalId: string
  token: string
  /** The merchant's own mini-program appid (the one the member's openid belongs to). */
  subAppid: string
  signScheme?: 'v2' | 'v1'
  /** Order close time sent to 扫呗 (timeout_express, minutes; 2.0 only). */
  timeoutMinutes?: number
  fetch?: typeof fetch
  /** Per-request timeout; a slow gateway becomes PAYMENT_UNAVAILABLE rather than a hung function. */
  timeoutMs?: number
  /** The payer's IPv4 (terminal_ip), used by the bank side's risk control. */
  clientIp?: string
  /** Wall clock for the per-request terminal_time of query/close/refund-query; injectable for tests. */
  now?: () => number
}

type Api = 'minipay' | 'query' | 'refund' | 'queryrefund' | 'close'
type Reply = Record<string, unknown>

const SERVICE_ID: Record<Api, string> = {
  minipay: '015',
  query: '020',
  refund: '030',
  queryrefund: '031',
  close: '041',
}
const TRADE_STATES: readonly GatewayTradeState[] = [
  'SUCCESS',
  'NOTPAY',
  'CLOSED',
  'REFUND',
  'USERPAYING',
  'REVOKED',
  'PAYERROR',
]
/** Characters 扫呗 refuses in order_body (research §1.3), plus whitespace of any kind. */
const ORDER_BODY_FORBIDDEN = /[+\s/?%#&=【】]/g
const ORDER_BODY_MAX_BYTES = 128

/** order_body without forbidden characters, cut to 128 UTF-8 bytes without splitting a character. */
export function cleanOrderBody(body: string): string {
  let out = ''
  for (const ch of body.replace(ORDER_BODY_FORBIDDEN, '')) {
    if (Buffer.byteLength(out + ch, 'utf8') > ORDER_BODY_MAX_BYTES) break
    out += ch
  }
  return out
}

/** Drops empty fields: every signing variant agrees on a body without them (research §1.4). */
function compact(params: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') out[k] = v
  return out
}

/** A fresh terminal_trace for a query/close request: 扫呗 wants one per request, ≤ 32 chars. */
function requestTrace(prefix: string, stamp: string): string {
  return `${prefix}${stamp}${randomBytes(6).toString('hex')}`
}

function text(reply: Reply, key: string): string {
  return fieldText(reply[key])
}

export function createSaobeiGateway(opts: SaobeiGatewayOptions): PaymentGateway {
  const scheme = opts.signScheme ?? 'v2'
  const base = opts.baseUrl.replace(/\/+$/, '')
  const doFetch = opts.fetch ?? fetch
  const timeoutMs = opts.timeoutMs ?? 10_000
  const now = opts.now ?? Date.now
  const payVer = scheme === 'v2' ? '201' : '100'
  const prefix = scheme === 'v2' ? '/pay/open' : '/pay/100'

  /** Removes the token from anything headed for an error (a misbehaving gateway could echo it). */
  function scrub(message: string): string {
    return opts.token === '' ? message : message.split(opts.token).join('***')
  }

  function fail(
    code: 'PAYMENT_ERROR' | 'PAYMENT_UNAVAILABLE',
    message: string | undefined,
    details: Record<string, unknown>,
  ): BizError {
    return new BizError(code, message === undefined ? undefined : scrub(message), details)
  }

  function sign(api: Api, params: Record<string, string>): string {
    return scheme === 'v2' ? signV2(params, opts.token) : signV1(params, V1_FIELDS[api as V1Api], opts.token)
  }

  /** Response signatures: 2.0/1.1 responses are dictionary-signed (verified on a real 1.1 reply). */
  function replySignatureOk(reply: Reply): boolean {
    if (reply.key_sign === undefined || reply.key_sign === null || reply.key_sign === '') return true
    return verifySign(reply, opts.token, 'v2') || verifySign(reply, opts.token, 'v2', { keepEmpty: true })
  }

  async function post(api: Api, fields: Record<string, string | undefined>): Promise<Reply> {
    const head = {
      pay_ver: payVer,
      service_id: SERVICE_ID[api],
      merchant_no: opts.merchantNo,
      terminal_id: opts.terminalId,
    }
    const params = compact({ ...head, ...fields })
    const body = JSON.stringify({ ...params, key_sign: sign(api, params) })
    const reply = await send(`${prefix}/${api}`, body)
    if (!replySignatureOk(reply)) throw fail('PAYMENT_ERROR', '支付服务应答签名校验失败', { api })
    if (text(reply, 'return_code') !== '01') {
      throw fail('PAYMENT_ERROR', text(reply, 'return_msg') || undefined, {
        api,
        returnCode: text(reply, 'return_code'),
      })
    }
    return reply
  }

  async function send(path: string, body: string): Promise<Reply> {
    let res: Response
    let raw: string
    try {
      res = await doFetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      })
      raw = await res.text()
    } catch (e) {
      // never the cause's message: it may carry the request, and callers only need "try later"
      throw fail('PAYMENT_UNAVAILABLE', undefined, { path, cause: e instanceof Error ? e.name : 'unknown' })
    }
    if (!res.ok) throw fail('PAYMENT_UNAVAILABLE', undefined, { path, status: res.status })
    return parseReply(raw, path)
  }

  function parseReply(raw: string, path: string): Reply {
    try {
      const parsed: unknown = JSON.parse(raw)
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Reply
    } catch {
      // fall through: a proxy's HTML error page is an outage, not an answer
    }
    throw fail('PAYMENT_UNAVAILABLE', undefined, { path, reason: 'unparseable reply' })
  }

  /** For query-like calls: return_code 01 with result_code 02 still carries a trade_state to read. */
  function resultFailure(api: Api, reply: Reply): BizError {
    return fail('PAYMENT_ERROR', text(reply, 'return_msg') || undefined, {
      api,
      returnCode: text(reply, 'return_code'),
      resultCode: text(reply, 'result_code'),
    })
  }

  async function prepay(input: PrepayInput): Promise<PrepayResult> {
    const reply = await post('minipay', {
      pay_type: '010',
      terminal_ip: opts.clientIp,
      terminal_trace: input.outTradeNo,
      terminal_time: toSaobeiTime(input.createdAt),
      total_fee: fenText(input.amountFen),
      sub_appid: opts.subAppid,
      open_id: input.openid,
      order_body: cleanOrderBody(input.body),
      notify_url: input.notifyUrl,
      attach: input.outTradeNo,
      timeout_express:
        scheme === 'v2' && opts.timeoutMinutes !== undefined ? String(opts.timeoutMinutes) : undefined,
    })
    if (text(reply, 'result_code') !== '01') throw resultFailure('minipay', reply)
    return payParams(reply)
  }

  function payParams(reply: Reply): PrepayResult {
    const out = {
      gatewayTradeNo: text(reply, 'out_trade_no'),
      timeStamp: text(reply, 'timeStamp'),
      nonceStr: text(reply, 'nonceStr'),
      package: text(reply, 'package_str'),
      signType: text(reply, 'signType'),
      paySign: text(reply, 'paySign'),
    }
    const missing = Object.entries(out)
      .filter(([, v]) => v === '')
      .map(([k]) => k)
    if (missing.length > 0)
      throw fail('PAYMENT_ERROR', '支付服务返回的支付参数不完整', { api: 'minipay', missing })
    return out
  }

  /** The original order, by 扫呗's number when known (exact even when our trace has two 扫呗 orders). */
  function original(outTradeNo: string, createdAt: number, gatewayTradeNo?: string): Record<string, string> {
    if (gatewayTradeNo) return { out_trade_no: gatewayTradeNo }
    return { pay_trace: outTradeNo, pay_time: toSaobeiTime(createdAt) }
  }

  async function query(outTradeNo: string, createdAt: number): Promise<TradeQueryResult> {
    const stamp = toSaobeiTime(now())
    const reply = await post('query', {
      pay_type: '000',
      terminal_trace: requestTrace('Q', stamp),
      terminal_time: stamp,
      ...original(outTradeNo, createdAt),
    })
    const state = tradeState(text(reply, 'trade_state'))
    if (state === undefined) {
      if (text(reply, 'result_code') === '03') return { state: 'USERPAYING' }
      throw resultFailure('query', reply)
    }
    return queryResult(state, reply)
  }

  function queryResult(state: GatewayTradeState, reply: Reply): TradeQueryResult {
    const out: TradeQueryResult = { state }
    const fee = fenNumber(reply.total_fee)
    if (fee !== undefined) out.amountFen = fee
    if (text(reply, 'out_trade_no')) out.gatewayTradeNo = text(reply, 'out_trade_no')
    const paidAt = fromSaobeiTime(reply.end_time)
    if (paidAt !== undefined && state !== 'NOTPAY') out.paidAt = paidAt
    return out
  }

  async function refund(input: Parameters<PaymentGateway['refund']>[0]): Promise<RefundResult> {
    // 1.0 has no repeated_trace guarantee: look before paying out, so a retried refund cannot pay twice
    if (scheme === 'v1') {
      const earlier = await findRefund(input.refundNo, input.createdAt)
      if (earlier) return earlier
    }
    const reply = await postRefund(input)
    if (text(reply, 'result_code') === '01') return { refundNo: input.refundNo, state: 'SUCCESS' }
    if (text(reply, 'result_code') === '03') return { refundNo: input.refundNo, state: 'REFUNDING' }
    // refused — maybe because this refund number already went through (a retry): report that refund
    const earlier = await findRefund(input.refundNo, input.createdAt)
    if (earlier) return earlier
    throw resultFailure('refund', reply)
  }

  function postRefund(input: Parameters<PaymentGateway['refund']>[0]): Promise<Reply> {
    return post('refund', {
      pay_type: '000',
      terminal_trace: input.refundNo,
      terminal_time: toSaobeiTime(input.createdAt),
      refund_fee: fenText(input.amountFen),
      // reject a second refund with the same trace: a retried refund must never pay out twice
      repeated_trace: '1',
      ...original(input.outTradeNo, input.payCreatedAt ?? input.createdAt, input.gatewayTradeNo),
    }).catch(async (e: unknown) => {
      // return_code 02 on a duplicate trace: the earlier refund, if any, is the answer
      if (e instanceof BizError && e.code === 'PAYMENT_ERROR')
        return { return_code: '02', result_code: '02', return_msg: e.message }
      throw e
    })
  }

  /** The refund with this number, or undefined when 扫呗 knows none (a PAYMENT_ERROR "not found"). */
  async function findRefund(refundNo: string, createdAt: number): Promise<RefundResult | undefined> {
    try {
      return await queryRefund({ refundNo, createdAt })
    } catch (e) {
      if (e instanceof BizError && e.code === 'PAYMENT_ERROR') return undefined
      throw e
    }
  }

  async function queryRefund(input: { refundNo: string; createdAt: number }): Promise<RefundResult> {
    const stamp = toSaobeiTime(now())
    const reply = await post('queryrefund', {
      pay_type: '000',
      terminal_trace: requestTrace('R', stamp),
      terminal_time: stamp,
      pay_trace: input.refundNo,
      pay_time: toSaobeiTime(input.createdAt),
    })
    const state = refundState(text(reply, 'trade_state'))
    if (state === undefined) throw resultFailure('queryrefund', reply)
    return { refundNo: input.refundNo, state }
  }

  async function close(outTradeNo: string, createdAt: number): Promise<void> {
    const stamp = toSaobeiTime(now())
    const reply = await post('close', {
      pay_type: '000',
      terminal_trace: requestTrace('C', stamp),
      terminal_time: stamp,
      ...original(outTradeNo, createdAt),
    })
    if (text(reply, 'result_code') !== '01') throw resultFailure('close', reply)
  }

  function verifyNotice(body: Record<string, unknown>): PaymentNotice | null {
    if (!noticeSignatureOk(body)) return null
    if (text(body, 'merchant_no') !== opts.merchantNo || text(body, 'terminal_id') !== opts.terminalId)
      return null
    const amountFen = fenNumber(body.total_fee)
    const outTradeNo = text(body, 'terminal_trace') || text(body, 'attach')
    if (amountFen === undefined || outTradeNo === '') return null
    return {
      outTradeNo,
      gatewayTradeNo: text(body, 'out_trade_no'),
      amountFen,
      merchantNo: opts.merchantNo,
      terminalId: opts.terminalId,
      // a signed success without end_time still has to be recorded; "now" is the best we know
      paidAt: fromSaobeiTime(body.end_time) ?? now(),
      success: text(body, 'return_code') === '01' && text(body, 'result_code') === '01',
      raw: body,
    }
  }

  /**
   * 201/202 notices use the dictionary rule, anything else the 1.0 document-order list. Whether 2.0 signs
   * empty fields is unverified, so both variants are accepted: each needs the token, so neither admits a forger.
   */
  function noticeSignatureOk(body: Record<string, unknown>): boolean {
    const ver = text(body, 'pay_ver')
    if (ver === '201' || ver === '202') {
      return verifySign(body, opts.token, 'v2') || verifySign(body, opts.token, 'v2', { keepEmpty: true })
    }
    return verifySign(body, opts.token, 'v1', { fields: V1_FIELDS.notify })
  }

  function noticeReply(ok: boolean): Record<string, unknown> {
    return ok
      ? { return_code: '01', return_msg: 'success' }
      : { return_code: '02', return_msg: '通知处理失败，请重发' }
  }

  return { prepay, query, refund, queryRefund, close, verifyNotice, noticeReply }
}

/** Fen as 扫呗 wants it: a positive integer string, never a decimal (a decimal point fails the request). */
function fenText(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen <= 0)
    throw new BizError('PAYMENT_ERROR', '支付金额必须为正整数分', { amountFen: fen })
  return String(fen)
}

function fenNumber(value: unknown): number | undefined {
  const s = fieldText(value)
  return /^\d{1,10}$/.test(s) ? Number(s) : undefined
}

function tradeState(s: string): GatewayTradeState | undefined {
  if (s === 'NOPAY') return 'CLOSED' // 未支付支付超时: closed by 扫呗 itself
  return TRADE_STATES.find((t) => t === s)
}

function refundState(s: string): RefundResult['state'] | undefined {
  if (s === 'SUCCESS' || s === 'REFUNDING' || s === 'FAIL') return s
  if (s === 'NOREFUND') return 'FAIL'
  return undefined
}

export type { SaobeiParams }
