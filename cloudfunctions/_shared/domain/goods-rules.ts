import type { ErrorCode, GrabTiming } from '../../../typings/api'
import { wechatUnits } from './room-rules'

/** Live goods library limits, checked before the goods is submitted to WeChat (research §3.2). */
export const GOODS_RULES = {
  nameUnits: { min: 6, max: 28 }, // 3–14 汉字
  price: { minFen: 1, maxFen: 99_999_999 }, // ¥0.01 – ¥999 999.99
} as const

const GRAB_TIMINGS: readonly string[] = ['on_live', 'manual'] satisfies readonly GrabTiming[]

/** What a merchant fills in for a live goods (出库门店, 商品编码, 单位, 直播展示品名, 可抢数量, 限购, 优惠价, 抢购时机). */
export interface GoodsDraft {
  name: string
  livePriceFen: number
  quota: number
  perOrderLimit: number
  grabTiming: string
  storeId: string
  productCode: string
  unit: string
  /** 包装单位, when the form has it apart from the unit shown to members. */
  packUnit?: string
}

/** True for a grab timing we know: `on_live` or `manual`. */
export function isGrabTiming(s: string): s is GrabTiming {
  return GRAB_TIMINGS.includes(s)
}

/**
 * The first rule a goods draft breaks, or null. The identity fields (store, product code, unit,
 * grab timing) come first: without them the rest cannot be judged, and no form leaves them blank.
 */
export function validateGoodsDraft(d: GoodsDraft): ErrorCode | null {
  const blank = (s: string | undefined): boolean => s !== undefined && s.trim() === ''
  if (blank(d.storeId) || blank(d.productCode) || blank(d.unit) || blank(d.packUnit)) return 'INVALID_INPUT'
  if (!isGrabTiming(d.grabTiming)) return 'INVALID_INPUT'
  // WeChat goods/add: name 3–14 汉字 (6–28 units; 2 汉字 gives 300002)
  const name = wechatUnits(d.name)
  if (name < GOODS_RULES.nameUnits.min || name > GOODS_RULES.nameUnits.max) return 'GOODS_NAME_LENGTH'
  // money is integer fen (rule 7: the server's stored price is what members pay)
  const p = d.livePriceFen
  if (!Number.isInteger(p) || p < GOODS_RULES.price.minFen || p > GOODS_RULES.price.maxFen)
    return 'GOODS_PRICE'
  // 单场直播可抢数量: at least one per room
  if (!Number.isSafeInteger(d.quota) || d.quota < 1) return 'GOODS_QUOTA'
  // 每单限购数量: 1 ≤ limit ≤ quota (a larger limit could never be reached)
  const l = d.perOrderLimit
  if (!Number.isSafeInteger(l) || l < 1 || l > d.quota) return 'GOODS_LIMIT'
  return null
}

/** Integer fen as the yuan number WeChat's goods price takes (1 → 0.01, 19900 → 199); throws on non-integers. */
export function fenToYuan(fen: number): number {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer, got ${fen}`)
  // IEEE division is correctly rounded: fen / 100 is the double nearest the 2-decimal value,
  // which JSON prints back as exactly that decimal (19999 → 199.99)
  return fen / 100
}

/** Integer fen written as yuan with two decimals: 1 → '0.01', 19900 → '199.00', -5 → '-0.05'. */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be an integer, got ${fen}`)
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  return `${fen < 0 ? '-' : ''}${yuan}.${cents}`
}
