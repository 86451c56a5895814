import { addDays, isDay, weekdayOf } from './calendar'

/**
 * 开通直播功能: WeChat's admission rules as the manual lists them (商家准入要求).
 * Rules 1, 2 and 3 all, plus one of 4, 5 and 6.
 */
export interface EnablementInput {
  /** ① 属于小程序直播开放类目 */
  category: boolean
  /** ② 主体下小程序近半年没有严重违规 */
  noSeriousViolation: boolean
  /** ③ 小程序近90天内有过支付行为 */
  paidWithin90Days: boolean
  /** ④ 主体下公众号累计粉丝数 */
  followers: number
  /** ⑤ 主体下小程序日活跃用户数: the 7 consecutive days, or the lowest of them */
  dailyActive7d: number[] | number
  /** ⑥ 主体在微信生态内近一年广告投放实际消耗金额 (元) */
  adSpendYuan: number
  /** The day the figures above became true, if not today ('YYYY-MM-DD'); T+2 counts from it. */
  dataReadyOn?: string
}

export type EnablementRuleId = 1 | 2 | 3 | 4 | 5 | 6

export interface EnablementRule {
  id: EnablementRuleId
  title: string
  pass: boolean
  reason: string
}

export interface EnablementResult {
  passes: boolean
  rules: EnablementRule[]
  /** 准入要求数据更新时间为 T+2: the first day WeChat can have counted the figures ('YYYY-MM-DD'). */
  earliestDate: string
}

/**
 * Official days off and make-up working days (调休上班), 'YYYY-MM-DD'. A holiday is a day off even
 * on a weekday; a make-up workday is a working day even on a Saturday or Sunday.
 */
export interface WorkCalendar {
  holidays?: readonly string[]
  makeupWorkdays?: readonly string[]
}

/** The rules' titles, in the manual's words. */
export const ENABLEMENT_TITLES: Record<EnablementRuleId, string> = {
  1: '属于小程序直播开放类目',
  2: '主体下小程序近半年没有严重违规',
  3: '小程序近90天内，有过支付行为',
  4: '主体下公众号累计粉丝数大于100人',
  5: '主体下小程序连续7日日活跃用户数大于100人',
  6: '主体在微信生态内近一年广告投放实际消耗金额大于1万元',
}

/** The manual's thresholds: each figure must be strictly greater. */
export const ENABLEMENT_THRESHOLDS = {
  followers: 100,
  dailyActive: 100,
  adSpendYuan: 10_000,
  days: 7,
} as const

/** A Chinese working day: Monday–Friday unless a holiday, or a listed make-up workday. */
export function isWorkingDay(day: string, calendar: WorkCalendar = {}): boolean {
  if (calendar.makeupWorkdays?.includes(day)) return true
  if (calendar.holidays?.includes(day)) return false
  const wd = weekdayOf(day)
  return wd >= 1 && wd <= 5
}

/** The day `n` working days after `day` (T+n): the day itself never counts, only the working days after it. */
export function addWorkingDays(day: string, n: number, calendar: WorkCalendar = {}): string {
  let d = day
  for (let left = n; left > 0;) {
    d = addDays(d, 1)
    if (isWorkingDay(d, calendar)) left--
  }
  return d
}

function figure(n: number): string {
  return Number.isFinite(n) ? String(n) : '未填写'
}

function dailyActiveRule(v: number[] | number): { pass: boolean; reason: string } {
  const min = ENABLEMENT_THRESHOLDS.dailyActive
  if (Array.isArray(v)) {
    if (v.length !== ENABLEMENT_THRESHOLDS.days || !v.every(Number.isFinite))
      return { pass: false, reason: `需填写连续7日的日活跃用户数，当前填写了${v.length}日` }
    const low = Math.min(...v)
    const bad = v.filter((x) => !(x > min)).length
    return bad === 0
      ? { pass: true, reason: `连续7日日活跃用户数均大于${min}人（最低${low}人）` }
      : {
          pass: false,
          reason: `7日中有${bad}日日活跃用户数不大于${min}人（最低${low}人），需每日都大于${min}人`,
        }
  }
  return v > min
    ? { pass: true, reason: `连续7日中最低日活跃用户数${v}人，大于${min}人` }
    : { pass: false, reason: `连续7日中最低日活跃用户数${figure(v)}人，需每日都大于${min}人` }
}

/** Which admission rules pass and why, whether live can be enabled, and the earliest date (T+2 working days). */
export function evaluateEnablement(
  input: EnablementInput,
  today: string,
  calendar: WorkCalendar = {},
): EnablementResult {
  const t = ENABLEMENT_THRESHOLDS
  const rule = (id: EnablementRuleId, pass: boolean, reason: string): EnablementRule => ({
    id,
    title: ENABLEMENT_TITLES[id],
    pass,
    reason,
  })
  const dau = dailyActiveRule(input.dailyActive7d)
  const rules: EnablementRule[] = [
    rule(
      1,
      input.category,
      input.category
        ? '小程序类目属于直播开放类目'
        : '小程序类目不在直播开放类目内，请参照《微信小程序直播功能准入要求》调整类目',
    ),
    rule(
      2,
      input.noSeriousViolation,
      input.noSeriousViolation ? '近半年没有严重违规' : '主体下小程序近半年有严重违规，暂不能开通',
    ),
    rule(
      3,
      input.paidWithin90Days,
      input.paidWithin90Days
        ? '近90天内有过小程序原生支付'
        : '近90天内没有小程序原生支付，可通过储值卡充值、VIP会员购买或扫码购完成1笔支付测试（需先开通扫呗收款账户）',
    ),
    rule(
      4,
      input.followers > t.followers,
      input.followers > t.followers
        ? `公众号累计粉丝数${input.followers}人，大于${t.followers}人`
        : `公众号累计粉丝数${figure(input.followers)}人，需大于${t.followers}人`,
    ),
    rule(5, dau.pass, dau.reason),
    rule(
      6,
      input.adSpendYuan > t.adSpendYuan,
      input.adSpendYuan > t.adSpendYuan
        ? `近一年广告投放实际消耗${input.adSpendYuan}元，大于1万元`
        : `近一年广告投放实际消耗${figure(input.adSpendYuan)}元，需大于1万元`,
    ),
  ]
  const passed = (id: EnablementRuleId): boolean => rules.some((r) => r.id === id && r.pass)
  // 同时满足1、2、3，加上4、5、6其中之一
  const passes = passed(1) && passed(2) && passed(3) && (passed(4) || passed(5) || passed(6))
  const from = input.dataReadyOn !== undefined && isDay(input.dataReadyOn) ? input.dataReadyOn : today
  return { passes, rules, earliestDate: addWorkingDays(from, 2, calendar) }
}
