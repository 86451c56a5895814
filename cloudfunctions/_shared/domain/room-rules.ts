import type { ErrorCode } from '../../../typings/api'
import { inShanghai, shanghaiDay as dayInShanghai } from './calendar'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** WeChat createRoom limits (research §1.1), checked before WeChat is called. */
export const ROOM_RULES = {
  titleUnits: { min: 6, max: 34 }, // 3–17 汉字
  anchorUnits: { min: 4, max: 30 }, // 2–15 汉字
  minLeadMs: 10 * MINUTE,
  maxLeadMonths: 6,
  minDurationMs: 30 * MINUTE,
  maxDurationMs: 24 * HOUR,
  /** Manual FAQ 14: 每个商户每天最多可以直播 50 场. */
  dailyLimit: 50,
} as const

// Code points that take two units: East Asian wide and full-width ranges (CJK ideographs and their
// extensions, CJK punctuation 、。「」, kana, Hangul, full-width forms ＡＢ！, …).
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // kana, bopomofo, Hangul compatibility Jamo, kanbun, CJK strokes, enclosed/compat
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xff60], // full-width forms
  [0xffe0, 0xffe6], // full-width signs ￥￡
  [0x20000, 0x3fffd], // CJK extensions B and later
]

const EMOJI = /\p{Extended_Pictographic}/u
const JOINERS = /[\p{M}\u200d\ufe00-\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u
const REGIONAL = /^[\u{1f1e6}-\u{1f1ff}]$/u

function isWide(cp: number): boolean {
  for (const [lo, hi] of WIDE_RANGES) if (cp >= lo && cp <= hi) return true
  return false
}

/**
 * A string's length as WeChat counts it: one Chinese character (CJK ideographs, CJK punctuation,
 * full-width forms) is 2 units, anything else 1 (research §1.1: "1个汉字相当于2个字符").
 * An emoji is 2 units however many code points it is made of: ZWJ sequences (👨‍👩‍👧), skin tones,
 * variation selectors and flag pairs count once, as one wide character; combining marks add nothing.
 * WeChat does not document emoji; counting them wide is the cautious choice (never under-counts).
 */
export function wechatUnits(s: string): number {
  const chars = Array.from(s)
  let units = 0
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? ''
    if (JOINERS.test(ch)) continue
    // a character after a zero-width joiner belongs to the emoji before it
    if (i > 0 && chars[i - 1] === '\u200d') continue
    // the second regional indicator of a flag pair belongs to the first
    if (REGIONAL.test(ch) && i > 0 && REGIONAL.test(chars[i - 1] ?? '') && !pairedBefore(chars, i - 1))
      continue
    units +=
      isWide(ch.codePointAt(0) ?? 0) || EMOJI.test(ch) || REGIONAL.test(ch) || isKeycap(chars, i) ? 2 : 1
  }
  return units
}

// true when chars[i] is itself the second indicator of an earlier flag pair
function pairedBefore(chars: string[], i: number): boolean {
  let run = 0
  for (let j = i - 1; j >= 0 && REGIONAL.test(chars[j] ?? ''); j--) run++
  return run % 2 === 1
}

// 1️⃣: a digit, # or * followed (after an optional variation selector) by the enclosing keycap
function isKeycap(chars: string[], i: number): boolean {
  const next = chars[i + 1] === '\ufe0f' ? chars[i + 2] : chars[i + 1]
  return next === '\u20e3'
}

/** What a merchant fills in to create a room (开播门店, 直播标题, 主播昵称, 开播时间). */
export interface RoomDraft {
  title: string
  anchorName: string
  startAt: number
  endAt: number
  storeId: string
}

/** The latest start WeChat accepts: six calendar months after `now` on the Shanghai calendar. */
export function latestStartAt(now: number): number {
  return inShanghai(now).add(ROOM_RULES.maxLeadMonths, 'month').valueOf()
}

/**
 * The first WeChat createRoom rule a draft breaks, or null. `createdToday`: rooms this merchant
 * created on `now`'s Shanghai day. The daily quota comes before the fields: at 50 there is nothing
 * to fix in the form, and the merchant should learn that before correcting a title.
 */
export function validateRoomDraft(d: RoomDraft, now: number, createdToday: number): ErrorCode | null {
  if (d.storeId.trim() === '' || !Number.isFinite(d.startAt) || !Number.isFinite(d.endAt))
    return 'INVALID_INPUT'
  // FAQ 14: at most 50 broadcasts per merchant per day
  if (createdToday >= ROOM_RULES.dailyLimit) return 'ROOM_DAILY_LIMIT'
  const title = wechatUnits(d.title)
  if (title < ROOM_RULES.titleUnits.min || title > ROOM_RULES.titleUnits.max) return 'ROOM_TITLE_LENGTH'
  const anchor = wechatUnits(d.anchorName)
  if (anchor < ROOM_RULES.anchorUnits.min || anchor > ROOM_RULES.anchorUnits.max) return 'ANCHOR_NAME_LENGTH'
  // WeChat: startTime ≥ now + 10 min (exactly 10 min passes)
  if (d.startAt < now + ROOM_RULES.minLeadMs) return 'ROOM_START_TOO_SOON'
  // WeChat: startTime ≤ now + 6 months (exactly 6 months passes)
  if (d.startAt > latestStartAt(now)) return 'ROOM_START_TOO_LATE'
  // WeChat: 30 min ≤ endTime − startTime ≤ 24 h
  const duration = d.endAt - d.startAt
  if (duration < ROOM_RULES.minDurationMs || duration > ROOM_RULES.maxDurationMs) return 'ROOM_DURATION'
  return null
}

/** 'YYYY-MM-DD' of the instant `at` in Asia/Shanghai (the day the daily room limit counts). */
export function shanghaiDay(at: number): string {
  return dayInShanghai(at)
}

/** Manual §7: a room with a 开播门店 only takes goods whose 出库门店 is that store. */
export function shelfStoreMatches(roomStoreId: string, goodsStoreId: string): boolean {
  return roomStoreId !== '' && roomStoreId === goodsStoreId
}
