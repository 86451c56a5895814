/**
 * The simulated 扫呗 endpoints (`/pay/open/*`, `/pay/110/*` and `/pay/100/*`): minipay, query, refund,
 * queryrefund, close. They check what the real gateway checks — signature with the terminal token (the same
 * signer module as the client), known merchant/terminal, required fields, integer fen — and answer
 * in 扫呗's shape, signed with the dictionary rule.
 */
import { createHash } from 'crypto'
import {
  fieldText,
  signV2,
  V1_FIELDS,
  verifySign,
} from '../../../../cloudfunctions/_shared/adapters/saobei/sign'
import { toSaobeiTime } from '../../../../cloudfunctions/_shared/adapters/saobei/time'
import type { Clock } from '../../../../cloudfunctions/_shared/ports'
import type { Generation, SaobeiBook, SimOrder, SimRefund } from './store'

export type SimApi = 'minipay' | 'query' | 'refund' | 'queryrefund' | 'close'
export type Fields = Record<string, string>
export type Answer = Record<string, string>

export interface Merchant {
  merchantNo: string
  terminalId: string
  token: string
}

export interface ApiContext {
  book: SaobeiBook
  clock: Pick<Clock, 'now'>
  merchants: Merchant[]
}

const SERVICE_ID: Record<SimApi, string> = {
  minipay: '015',
  query: '020',
  refund: '030',
  queryrefund: '031',
  close: '041',
}
const HEAD = [
  'pay_ver',
  'pay_type',
  'service_id',
  'merchant_no',
  'terminal_id',
  'terminal_trace',
  'terminal_time',
]
const REQUIRED: Record<SimApi, string[]> = {
  minipay: [...HEAD, 'total_fee', 'sub_appid', 'open_id'],
  query: HEAD,
  refund: [...HEAD, 'refund_fee'],
  queryrefund: HEAD,
  close: HEAD,
}
const PAY_VERS: Record<Generation, string[]> = { v1: ['100'], v2: ['110', '201', '202'] }
const MAX_FEE = 2147483647

/** A rejected request: return_code 02 with the message, nothing else meaningful (research §1.5). */
class Refusal extends Error {}

export function isSimApi(s: string): s is SimApi {
  return s in SERVICE_ID
}

/** Runs one API request; `fields` are the request body values as strings. */
export function runApi(ctx: ApiContext, api: SimApi, gen: Generation, raw: Record<string, unknown>): Answer {
  try {
    const fields = stringFields(raw)
    const merchant = checkRequest(ctx, api, gen, fields)
    return signed(HANDLERS[api](ctx, fields, gen), merchant.token)
  } catch (e) {
    if (e instanceof Refusal) return { return_code: '02', return_msg: e.message }
    throw e
  }
}

function stringFields(raw: Record<string, unknown>): Fields {
  const out: Fields = {}
  for (const [k, v] of Object.entries(raw)) if (v !== null && v !== undefined) out[k] = fieldText(v)
  return out
}

function checkRequest(ctx: ApiContext, api: SimApi, gen: Generation, f: Fields): Merchant {
  const missing = REQUIRED[api].filter((k) => !f[k])
  if (missing.length > 0) throw new Refusal(`缺少必填参数：${missing.join(',')}`)
  const merchant = ctx.merchants.find((m) => m.merchantNo === f.merchant_no)
  if (!merchant) throw new Refusal('商户号不存在')
  if (merchant.terminalId !== f.terminal_id) throw new Refusal('终端号不存在')
  if (!signatureOk(api, gen, f, merchant.token)) throw new Refusal('签名错误，请检查key_sign')
  if (!PAY_VERS[gen].includes(f.pay_ver ?? '')) throw new Refusal('版本号pay_ver不正确')
  if (f.service_id !== SERVICE_ID[api]) throw new Refusal('接口类型service_id不正确')
  if (!/^\d{14}$/.test(f.terminal_time ?? '')) throw new Refusal('终端交易时间terminal_time格式错误')
  return merchant
}

function signatureOk(api: SimApi, gen: Generation, f: Fields, token: string): boolean {
  return gen === 'v2' ? verifySign(f, token, 'v2') : verifySign(f, token, 'v1', { fields: V1_FIELDS[api] })
}

/** Integer fen as a string, never a decimal point (research §1.3: such requests fail). */
function fen(value: string | undefined, name: string): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) <= 0 || Number(value) >= MAX_FEE) {
    throw new Refusal(`${name}金额格式错误，须为以分为单位的整数`)
  }
  return Number(value)
}

function signed(answer: Answer, token: string): Answer {
  return answer.return_code === '01' ? { ...answer, key_sign: signV2(answer, token) } : answer
}

const HANDLERS: Record<SimApi, (ctx: ApiContext, f: Fields, gen: Generation) => Answer> = {
  minipay,
  query,
  refund,
  queryrefund: queryRefund,
  close,
}

function echo(f: Fields): Answer {
  return {
    pay_type: f.pay_type ?? '',
    merchant_name: '模拟商户',
    merchant_no: f.merchant_no ?? '',
    terminal_id: f.terminal_id ?? '',
    terminal_trace: f.terminal_trace ?? '',
    terminal_time: f.terminal_time ?? '',
  }
}

function minipay(ctx: ApiContext, f: Fields, gen: Generation): Answer {
  if (f.pay_type !== '010') throw new Refusal('小程序支付仅支持微信pay_type=010')
  const totalFee = fen(f.total_fee, 'total_fee')
  const order = newOrder(ctx, f, gen, totalFee)
  ctx.book.addOrder(order)
  return {
    return_code: '01',
    return_msg: '成功',
    result_code: '01',
    ...echo(f),
    total_fee: String(totalFee),
    out_trade_no: order.outTradeNo,
    ...payParams(order, ctx.clock.now()),
  }
}

function newOrder(ctx: ApiContext, f: Fields, gen: Generation, totalFee: number): SimOrder {
  const seq = ctx.book.nextSeq()
  const now = ctx.clock.now()
  return {
    outTradeNo: `${f.terminal_id}0021${toSaobeiTime(now).slice(2)}${String(seq).padStart(6, '0')}`,
    terminalTrace: f.terminal_trace ?? '',
    terminalTime: f.terminal_time ?? '',
    merchantNo: f.merchant_no ?? '',
    terminalId: f.terminal_id ?? '',
    generation: gen,
    payVer: f.pay_ver ?? '',
    payType: '010',
    totalFee,
    subAppid: f.sub_appid ?? '',
    openId: f.open_id ?? '',
    orderBody: f.order_body ?? '',
    notifyUrl: f.notify_url ?? '',
    attach: f.attach ?? '',
    timeoutExpress: f.timeout_express ?? '',
    state: 'NOTPAY',
    createdAt: now,
    abandoned: false,
    refundedFee: 0,
  }
}

/** Deterministic wx.requestPayment parameters derived from the order (WeChat's MD5 paySign is uppercase). */
function payParams(order: SimOrder, now: number): Answer {
  const nonceStr = md5(`nonce:${order.outTradeNo}`).slice(0, 16)
  const timeStamp = String(Math.floor(now / 1000))
  const pkg = `prepay_id=wx${md5(`prepay:${order.outTradeNo}`).slice(0, 30)}`
  const paySign = md5(
    `appId=${order.subAppid}&nonceStr=${nonceStr}&package=${pkg}&signType=MD5&timeStamp=${timeStamp}&key=saobei-sim`,
  ).toUpperCase()
  return { appId: order.subAppid, timeStamp, nonceStr, package_str: pkg, signType: 'MD5', paySign }
}

export function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex')
}

/** The order named by out_trade_no, or by pay_trace + pay_time (latest when several share them). */
function findOrder(ctx: ApiContext, f: Fields): SimOrder {
  const mine = (o: SimOrder) => o.merchantNo === f.merchant_no && o.terminalId === f.terminal_id
  let order: SimOrder | undefined
  if (f.out_trade_no) {
    const o = ctx.book.orderByNo(f.out_trade_no)
    order = o && mine(o) ? o : undefined
  } else if (f.pay_trace && f.pay_time) {
    const match = ctx.book.ordersByTrace(f.pay_trace).filter((o) => mine(o) && o.terminalTime === f.pay_time)
    order = match[match.length - 1]
  } else throw new Refusal('缺少必填参数：out_trade_no或pay_trace+pay_time')
  if (!order) throw new Refusal('订单信息不存在！')
  return order
}

const QUERY_RESULT: Record<SimOrder['state'], string> = {
  SUCCESS: '01',
  NOTPAY: '03',
  CLOSED: '02',
  REFUND: '02',
}
const QUERY_MSG: Record<SimOrder['state'], string> = {
  SUCCESS: '支付成功',
  NOTPAY: '订单未支付',
  CLOSED: '订单已关闭',
  REFUND: '订单已退款',
}

function query(ctx: ApiContext, f: Fields): Answer {
  const o = findOrder(ctx, f)
  const paid = o.endTime !== undefined && o.state !== 'NOTPAY' && o.state !== 'CLOSED'
  return {
    return_code: '01',
    return_msg: QUERY_MSG[o.state],
    result_code: QUERY_RESULT[o.state],
    ...echo(f),
    pay_type: o.payType,
    trade_state: o.state,
    total_fee: String(o.totalFee),
    out_trade_no: o.outTradeNo,
    pay_trace: o.terminalTrace,
    pay_time: o.terminalTime,
    attach: o.attach,
    ...(paid
      ? { end_time: o.endTime ?? '', channel_trade_no: o.channelTradeNo ?? '', user_id: simUserId(o) }
      : {}),
  }
}

export function simUserId(o: SimOrder): string {
  return `oSIM${md5(`user:${o.openId}`).slice(0, 24)}`
}

function refund(ctx: ApiContext, f: Fields): Answer {
  const refundFee = fen(f.refund_fee, 'refund_fee')
  refuseDuplicateRefund(ctx, f)
  const o = findOrder(ctx, f)
  if (o.state !== 'SUCCESS' && o.state !== 'REFUND') throw new Refusal('订单未支付，不能退款')
  if (o.refundedFee + refundFee > o.totalFee) {
    return { return_code: '01', return_msg: '退款金额超过订单可退金额', result_code: '02', ...echo(f) }
  }
  const r = recordRefund(ctx, f, o, refundFee)
  return {
    return_code: '01',
    return_msg: '退款成功',
    result_code: '01',
    ...echo(f),
    refund_fee: String(refundFee),
    out_trade_no: o.outTradeNo,
    out_refund_no: r.outRefundNo,
    end_time: r.endTime,
    channel_refund_no: `5030${r.outRefundNo.slice(-16)}`,
    trade_state: 'SUCCESS',
  }
}

/** repeated_trace 1: a refund trace may be used once; 2: once per trace + time; absent: not checked (like 扫呗). */
function refuseDuplicateRefund(ctx: ApiContext, f: Fields): void {
  const mode = f.repeated_trace
  if (mode !== '1' && mode !== '2') return
  const dup = ctx.book
    .refundsOfTrace(f.terminal_trace ?? '')
    .some(
      (r) =>
        r.merchantNo === f.merchant_no &&
        r.terminalId === f.terminal_id &&
        (mode === '1' || r.terminalTime === f.terminal_time),
    )
  if (dup) throw new Refusal('退款单号重复，请勿重复退款')
}

function recordRefund(ctx: ApiContext, f: Fields, o: SimOrder, refundFee: number): SimRefund {
  const now = ctx.clock.now()
  const seq = ctx.book.nextSeq()
  const r: SimRefund = {
    outRefundNo: `${o.terminalId}0031${toSaobeiTime(now).slice(2)}${String(seq).padStart(6, '0')}`,
    terminalTrace: f.terminal_trace ?? '',
    terminalTime: f.terminal_time ?? '',
    merchantNo: o.merchantNo,
    terminalId: o.terminalId,
    outTradeNo: o.outTradeNo,
    refundFee,
    state: 'SUCCESS',
    endTime: toSaobeiTime(now),
    createdAt: now,
  }
  ctx.book.addRefund(r)
  o.refundedFee += refundFee
  o.state = 'REFUND'
  ctx.book.saveOrder(o)
  return r
}

function queryRefund(ctx: ApiContext, f: Fields): Answer {
  const mine = (r: SimRefund) => r.merchantNo === f.merchant_no && r.terminalId === f.terminal_id
  const own = f.out_refund_no ? ctx.book.refundByOwnNo(f.out_refund_no) : undefined
  const match = f.out_refund_no
    ? own && mine(own)
      ? [own]
      : []
    : ctx.book.refundsOfTrace(f.pay_trace ?? '').filter((r) => mine(r) && r.terminalTime === f.pay_time)
  const r = match[match.length - 1]
  if (!r) throw new Refusal('退款订单不存在')
  return {
    return_code: '01',
    return_msg: '退款成功',
    result_code: '01',
    ...echo(f),
    trade_state: r.state,
    refund_fee: String(r.refundFee),
    out_refund_no: r.outRefundNo,
    out_trade_no: r.outTradeNo,
    pay_trace: r.terminalTrace,
    pay_time: r.terminalTime,
    end_time: r.endTime,
  }
}

function close(ctx: ApiContext, f: Fields): Answer {
  if (!ctx.book.config.closeSupported) {
    return { return_code: '01', return_msg: '该商户暂不支持关单', result_code: '02', ...echo(f) }
  }
  const o = findOrder(ctx, f)
  if (o.state === 'SUCCESS' || o.state === 'REFUND') {
    return {
      return_code: '01',
      return_msg: '订单已支付，不能关闭',
      result_code: '02',
      ...echo(f),
      out_trade_no: o.outTradeNo,
    }
  }
  // not honoured: the channel says yes but the member can still pay (timeout_express unsupported)
  if (ctx.book.config.closeHonoured) {
    o.state = 'CLOSED'
    ctx.book.saveOrder(o)
  }
  return {
    return_code: '01',
    return_msg: '关单成功',
    result_code: '01',
    ...echo(f),
    out_trade_no: o.outTradeNo,
  }
}
