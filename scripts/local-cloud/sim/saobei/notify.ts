/**
 * Payment notifications as 扫呗 sends them: a JSON POST to the order's notify_url. Orders made through
 * 2.0 (pay_ver 201/202) get the 2.0 field set signed with the dictionary rule over non-empty fields (the
 * 2.0 notify rule is unverified; this is the rule the 2.0 docs state for the whole interface); orders made
 * through /pay/100 get the 1.0 field set signed in document order, `attach=` included even when empty.
 */
import { signV1, signV2, V1_FIELDS } from '../../../../cloudfunctions/_shared/adapters/saobei/sign'
import { md5, simUserId } from './api'
import type { SimNoticeDelivery, SimOrder } from './store'

export interface NoticeOptions {
  /** Claim this amount instead of the order's (correctly signed: the caller must compare amounts). */
  wrongAmountFen?: number
  /** Sign with a key that is not the terminal token (the caller must refuse the notice). */
  forgeSignature?: boolean
}

/** The notice body for a paid order, signed with the terminal token (or forged on request). */
export function buildNotice(
  order: SimOrder,
  token: string,
  opts: NoticeOptions = {},
): Record<string, string> {
  const fee = String(opts.wrongAmountFen ?? order.totalFee)
  const fields = order.generation === 'v2' ? v2Fields(order, fee) : v1Fields(order, fee)
  const key = opts.forgeSignature ? md5(`forged:${token}`) : token
  const keySign = order.generation === 'v2' ? signV2(fields, key) : signV1(fields, V1_FIELDS.notify, key)
  return { ...fields, key_sign: keySign }
}

function common(order: SimOrder, fee: string): Record<string, string> {
  return {
    return_code: '01',
    return_msg: '支付成功',
    result_code: '01',
    pay_type: order.payType,
    user_id: simUserId(order),
    merchant_name: '模拟商户',
    merchant_no: order.merchantNo,
    terminal_id: order.terminalId,
    terminal_trace: order.terminalTrace,
    terminal_time: order.terminalTime,
    total_fee: fee,
    end_time: order.endTime ?? '',
    out_trade_no: order.outTradeNo,
    channel_trade_no: order.channelTradeNo ?? '',
    attach: order.attach,
  }
}

/** 2.0 field set of research §1.6; empty fields are sent (as the doc lists them) but not signed. */
function v2Fields(order: SimOrder, fee: string): Record<string, string> {
  return {
    pay_ver: order.payVer,
    ...common(order, fee),
    device_info: '',
    pay_trace: order.terminalTrace,
    pay_time: order.terminalTime,
    channel_order_no: '',
    ...(order.payVer === '202' ? { sub_openid: order.openId } : {}),
    receipt_fee: fee,
    buyer_pay_fee: fee,
    platform_discount_fee: '0',
    merchant_discount_fee: '0',
    bank_type: 'OTHERS',
    promotion_detail: '',
    order_body: order.orderBody,
  }
}

function v1Fields(order: SimOrder, fee: string): Record<string, string> {
  return { ...common(order, fee), receipt_fee: fee }
}

/** POSTs one notice and records the receiver's reply (or the transport error). */
export async function deliver(
  doFetch: typeof fetch,
  url: string,
  body: Record<string, string>,
): Promise<SimNoticeDelivery['reply']> {
  try {
    const res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    })
    const text = await res.text()
    return { status: res.status, body: parseMaybeJson(text) }
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : 'unknown error' }
  }
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
