/**
 * 扫呗 `key_sign`: lowercase hex MD5 of `k=v&…&access_token=<terminal token>`.
 * Two rules exist (research §1.4): 1.0 signs a fixed, document-order field list (empty values kept),
 * 1.1/2.0 sign every non-empty field in ASCII order. The production client and the local simulator both
 * use this module, so a signing mistake cannot hide behind a simulator that agrees with itself by accident
 * — the tests pin it to the research's vectors.
 */
import { createHash, timingSafeEqual } from 'crypto'

export type SignScheme = 'v2' | 'v1'

/** Field values as they arrive: JSON bodies may carry numbers; null/undefined mean "absent". */
export type SaobeiParams = Record<string, unknown>

const HEAD = [
  'pay_ver',
  'pay_type',
  'service_id',
  'merchant_no',
  'terminal_id',
  'terminal_trace',
  'terminal_time',
]

/** 1.0 document-order signed fields, per API. queryrefund and close are not in any sample [unverified]. */
export const V1_FIELDS = {
  minipay: [...HEAD, 'total_fee'],
  query: [...HEAD, 'out_trade_no'],
  refund: [...HEAD, 'refund_fee', 'out_trade_no'],
  queryrefund: [...HEAD, 'out_refund_no'],
  close: [...HEAD, 'out_trade_no'],
  /** Verified against a real test-environment notice: `attach=` is signed even when empty. */
  notify: [
    'return_code',
    'return_msg',
    'result_code',
    'pay_type',
    'user_id',
    'merchant_name',
    'merchant_no',
    'terminal_id',
    'terminal_trace',
    'terminal_time',
    'total_fee',
    'end_time',
    'out_trade_no',
    'channel_trade_no',
    'attach',
  ],
} as const satisfies Record<string, readonly string[]>

export type V1Api = keyof typeof V1_FIELDS

/** How a value is written into the signing string: strings as they are, objects as JSON. */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex')
}

/** The 2.0 signing string; exposed for debugging (it contains the token: never log it). */
export function v2SigningString(params: SaobeiParams, token: string, keepEmpty = false): string {
  const keys = Object.keys(params)
    .filter((k) => k !== 'key_sign')
    .filter((k) => (keepEmpty ? params[k] !== undefined && params[k] !== null : fieldText(params[k]) !== ''))
    .sort()
  return [...keys.map((k) => `${k}=${fieldText(params[k])}`), `access_token=${token}`].join('&')
}

/**
 * 1.1/2.0 dictionary-order signature over all non-empty fields except key_sign.
 * `keepEmpty` signs present-but-empty fields too (one integration does that); used only to hedge when verifying.
 */
export function signV2(params: SaobeiParams, token: string, opts: { keepEmpty?: boolean } = {}): string {
  return md5Hex(v2SigningString(params, token, opts.keepEmpty === true))
}

/** The 1.0 signing string (contains the token: never log it). */
export function v1SigningString(params: SaobeiParams, fieldList: readonly string[], token: string): string {
  return [...fieldList.map((k) => `${k}=${fieldText(params[k])}`), `access_token=${token}`].join('&')
}

/** 1.0 signature over a fixed field list in document order; absent fields are signed as `k=`. */
export function signV1(params: SaobeiParams, fieldList: readonly string[], token: string): string {
  return md5Hex(v1SigningString(params, fieldList, token))
}

/** Constant-time comparison of two MD5 hex strings, case-insensitive. */
export function sameSignature(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{32}$/.test(given)) return false
  return timingSafeEqual(
    Buffer.from(expected.toLowerCase(), 'ascii'),
    Buffer.from(given.toLowerCase(), 'ascii'),
  )
}

/**
 * Checks params.key_sign. v1 needs the API's field list (default: the notify list, the common case);
 * v2 may be asked to sign empty fields too.
 */
export function verifySign(
  params: SaobeiParams,
  token: string,
  scheme: SignScheme,
  opts: { fields?: readonly string[]; keepEmpty?: boolean } = {},
): boolean {
  const expected =
    scheme === 'v2'
      ? signV2(params, token, { keepEmpty: opts.keepEmpty === true })
      : signV1(params, opts.fields ?? V1_FIELDS.notify, token)
  return sameSignature(expected, params.key_sign)
}
