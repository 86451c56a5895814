import { createHash } from 'crypto'
import {
  signV1,
  signV2,
  V1_FIELDS,
  v1SigningString,
  v2SigningString,
  verifySign,
} from '../../cloudfunctions/_shared/adapters/saobei/sign'

const TOKEN = '0123456789abcdef0123456789abcdef'
const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex')

// research §1.4, synthetic vectors (token above)
const V1_REQUEST = {
  pay_ver: '100',
  pay_type: '010',
  service_id: '015',
  merchant_no: '852100000000001',
  terminal_id: '10000001',
  terminal_trace: 'LO20240101000001',
  terminal_time: '20240101120000',
  total_fee: '1',
  // sent but not signed in 1.0
  open_id: 'oUSER_OPENID_EXAMPLE',
  sub_appid: 'wx0000000000000000',
  notify_url: 'https://example.com/n',
  attach: 'X',
}
const V1_REQUEST_STRING =
  'pay_ver=100&pay_type=010&service_id=015&merchant_no=852100000000001&terminal_id=10000001&terminal_trace=LO20240101000001&terminal_time=20240101120000&total_fee=1&access_token=0123456789abcdef0123456789abcdef'

const V1_NOTIFY = {
  return_code: '01',
  return_msg: '支付成功',
  result_code: '01',
  pay_type: '010',
  user_id: 'oUSER_OPENID_EXAMPLE',
  merchant_name: '天河总店',
  merchant_no: '852100000000001',
  terminal_id: '10000001',
  terminal_trace: 'LO20240101000001',
  terminal_time: '20240101120000',
  total_fee: '1',
  end_time: '20240101120130',
  out_trade_no: '100000010021124010112000000001',
  channel_trade_no: '4200000000202401010000000001',
  attach: '',
  receipt_fee: '1',
}
const V1_NOTIFY_STRING =
  'return_code=01&return_msg=支付成功&result_code=01&pay_type=010&user_id=oUSER_OPENID_EXAMPLE&merchant_name=天河总店&merchant_no=852100000000001&terminal_id=10000001&terminal_trace=LO20240101000001&terminal_time=20240101120000&total_fee=1&end_time=20240101120130&out_trade_no=100000010021124010112000000001&channel_trade_no=4200000000202401010000000001&attach=&access_token=0123456789abcdef0123456789abcdef'

const V2_REQUEST = {
  pay_ver: '202',
  pay_type: '010',
  service_id: '015',
  merchant_no: '852100000000001',
  terminal_id: '10000001',
  terminal_ip: '127.0.0.1',
  terminal_trace: 'LO20240101000001',
  terminal_time: '20240101120000',
  total_fee: '1',
  sub_appid: 'wx0000000000000000',
  open_id: 'oUSER_OPENID_EXAMPLE',
  notify_url: 'https://example.com/http/payNotify',
  attach: 'LO20240101000001',
}
const V2_REQUEST_STRING =
  'attach=LO20240101000001&merchant_no=852100000000001&notify_url=https://example.com/http/payNotify&open_id=oUSER_OPENID_EXAMPLE&pay_type=010&pay_ver=202&service_id=015&sub_appid=wx0000000000000000&terminal_id=10000001&terminal_ip=127.0.0.1&terminal_time=20240101120000&terminal_trace=LO20240101000001&total_fee=1&access_token=0123456789abcdef0123456789abcdef'

describe('扫呗 signer: the three vectors of research §1.4', () => {
  it('1.0 request: document order, only the signed subset', () => {
    expect(v1SigningString(V1_REQUEST, V1_FIELDS.minipay, TOKEN)).toBe(V1_REQUEST_STRING)
    expect(signV1(V1_REQUEST, V1_FIELDS.minipay, TOKEN)).toBe('08b7b8b0b56fbb787f03b9389c93399e')
  })

  it('1.0 notify: document order with the empty attach kept, receipt_fee left out', () => {
    expect(v1SigningString(V1_NOTIFY, V1_FIELDS.notify, TOKEN)).toBe(V1_NOTIFY_STRING)
    expect(signV1(V1_NOTIFY, V1_FIELDS.notify, TOKEN)).toBe('aab40e5bf099a02b429b626b37a36ed5')
    // the vector is MD5 over UTF-8 bytes of the Chinese values
    expect(md5(V1_NOTIFY_STRING)).toBe('aab40e5bf099a02b429b626b37a36ed5')
  })

  it('2.0 request: dictionary order of all non-empty fields', () => {
    expect(v2SigningString(V2_REQUEST, TOKEN)).toBe(V2_REQUEST_STRING)
    expect(signV2(V2_REQUEST, TOKEN)).toBe('aa2484cafbc70972642ec0120d7abddb')
  })
})

describe('扫呗 signer: rules', () => {
  it('2.0 does not depend on the order the fields arrive in', () => {
    const reversed = Object.fromEntries(Object.entries(V2_REQUEST).reverse())
    expect(Object.keys(reversed)[0]).toBe('attach')
    expect(Object.keys(reversed)[1]).toBe('notify_url')
    expect(signV2(reversed, TOKEN)).toBe('aa2484cafbc70972642ec0120d7abddb')
  })

  it('2.0 omits empty, null and undefined fields and key_sign itself', () => {
    const padded = { ...V2_REQUEST, goods_tag: '', order_body: null, device_no: undefined, key_sign: 'ffff' }
    expect(signV2(padded, TOKEN)).toBe('aa2484cafbc70972642ec0120d7abddb')
    // the hedge variant does sign present-but-empty fields
    expect(signV2(padded, TOKEN, { keepEmpty: true })).not.toBe('aa2484cafbc70972642ec0120d7abddb')
  })

  it('2.0 signs numbers as their decimal text', () => {
    expect(signV2({ ...V2_REQUEST, total_fee: 1 }, TOKEN)).toBe('aa2484cafbc70972642ec0120d7abddb')
  })

  it('1.0 signs an absent listed field as `k=`', () => {
    const { attach: _omit, ...noAttach } = V1_NOTIFY
    expect(signV1(noAttach, V1_FIELDS.notify, TOKEN)).toBe('aab40e5bf099a02b429b626b37a36ed5')
  })
})

describe('verifySign', () => {
  const signed = { ...V2_REQUEST, key_sign: 'aa2484cafbc70972642ec0120d7abddb' }

  it('accepts the right signature and its uppercase form', () => {
    expect(verifySign(signed, TOKEN, 'v2')).toBe(true)
    expect(verifySign({ ...signed, key_sign: signed.key_sign.toUpperCase() }, TOKEN, 'v2')).toBe(true)
  })

  it('rejects a one-character change in a value, in the signature, or in the token', () => {
    expect(verifySign({ ...signed, total_fee: '2' }, TOKEN, 'v2')).toBe(false)
    expect(verifySign({ ...signed, key_sign: 'aa2484cafbc70972642ec0120d7abddc' }, TOKEN, 'v2')).toBe(false)
    expect(verifySign(signed, TOKEN.replace(/f$/, 'e'), 'v2')).toBe(false)
  })

  it('rejects missing, short and non-hex signatures without throwing', () => {
    const { key_sign: _k, ...unsigned } = signed
    expect(verifySign(unsigned, TOKEN, 'v2')).toBe(false)
    expect(verifySign({ ...signed, key_sign: 'aa2484' }, TOKEN, 'v2')).toBe(false)
    expect(verifySign({ ...signed, key_sign: 'zz2484cafbc70972642ec0120d7abddb' }, TOKEN, 'v2')).toBe(false)
    expect(verifySign({ ...signed, key_sign: 12345 }, TOKEN, 'v2')).toBe(false)
  })

  it('verifies 1.0 notices in document order (the default list) and not by the dictionary rule', () => {
    const notice = { ...V1_NOTIFY, key_sign: 'AAB40E5BF099A02B429B626B37A36ED5' }
    expect(verifySign(notice, TOKEN, 'v1')).toBe(true)
    expect(verifySign(notice, TOKEN, 'v2')).toBe(false)
    expect(verifySign({ ...notice, attach: 'x' }, TOKEN, 'v1')).toBe(false)
  })

  it('verifies 1.0 requests against their own field list', () => {
    const req = { ...V1_REQUEST, key_sign: '08b7b8b0b56fbb787f03b9389c93399e' }
    expect(verifySign(req, TOKEN, 'v1', { fields: V1_FIELDS.minipay })).toBe(true)
    expect(verifySign({ ...req, open_id: 'other' }, TOKEN, 'v1', { fields: V1_FIELDS.minipay })).toBe(true)
    expect(verifySign({ ...req, total_fee: '100' }, TOKEN, 'v1', { fields: V1_FIELDS.minipay })).toBe(false)
  })
})
