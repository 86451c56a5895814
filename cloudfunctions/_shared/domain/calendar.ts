import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

/**
 * Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so a fixed offset gives the
 * same calendar as the tz database, with no dependency on the runtime's ICU data.
 */
export const SHANGHAI_OFFSET_MIN = 8 * 60

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/

/** The instant `at` (epoch ms) seen on a Shanghai wall clock. */
export function inShanghai(at: number): dayjs.Dayjs {
  return dayjs.utc(at).utcOffset(SHANGHAI_OFFSET_MIN)
}

/** The calendar day ('YYYY-MM-DD') of the instant `at` in Asia/Shanghai. */
export function shanghaiDay(at: number): string {
  return inShanghai(at).format('YYYY-MM-DD')
}

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isDay(day: string): boolean {
  return DAY_RE.test(day) && dayjs.utc(day).format('YYYY-MM-DD') === day
}

/** The day `n` calendar days after `day` (both 'YYYY-MM-DD'). */
export function addDays(day: string, n: number): string {
  return dayjs.utc(day).add(n, 'day').format('YYYY-MM-DD')
}

/** Day of week of a 'YYYY-MM-DD' day: 0 Sunday … 6 Saturday. */
export function weekdayOf(day: string): number {
  return dayjs.utc(day).day()
}
