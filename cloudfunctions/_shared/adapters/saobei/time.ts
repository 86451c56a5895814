/**
 * 扫呗 timestamps (terminal_time, end_time, pay_time) are `yyyyMMddHHmmss` in Beijing time. Cloud functions
 * may run in UTC, so the zone is always explicit and never the machine's.
 */
import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)
dayjs.extend(timezone)

export const SAOBEI_TZ = 'Asia/Shanghai'

/** Epoch ms → `yyyyMMddHHmmss` in Asia/Shanghai (UTC+8 all year: China has kept no summer time since 1991). */
export function toSaobeiTime(ms: number): string {
  // a fixed offset, not dayjs's zone conversion: this runs on every 扫呗 call and costs 50× less
  return new Date(ms + 8 * 3600_000).toISOString().replace(/[-T:]/g, '').slice(0, 14)
}

/** `yyyyMMddHHmmss` in Asia/Shanghai → epoch ms; undefined when malformed. */
export function fromSaobeiTime(text: unknown): number | undefined {
  if (typeof text !== 'string' || !/^\d{14}$/.test(text)) return undefined
  const iso = `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(8, 10)}:${text.slice(10, 12)}:${text.slice(12, 14)}`
  const parsed = dayjs.tz(iso, SAOBEI_TZ)
  // dayjs rolls 20240231 over into March: a round trip catches impossible dates
  return parsed.isValid() && toSaobeiTime(parsed.valueOf()) === text ? parsed.valueOf() : undefined
}
