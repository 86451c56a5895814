/** Times are epoch ms; shown in the phone's local time (China Standard Time for our members). */

const pad = (n: number): string => String(n).padStart(2, '0')

/** 12-01 19:30 */
export function formatDateTime(at: number): string {
  const d = new Date(at)
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** 12-01 19:30 – 22:30 (the end's date only when it differs). */
export function formatSchedule(startAt: number, endAt: number): string {
  const s = new Date(startAt)
  const e = new Date(endAt)
  const sameDay =
    s.getFullYear() === e.getFullYear() && s.getMonth() === e.getMonth() && s.getDate() === e.getDate()
  return `${formatDateTime(startAt)} – ${sameDay ? `${pad(e.getHours())}:${pad(e.getMinutes())}` : formatDateTime(endAt)}`
}

/** 14:05 for what is left until `deadline`; '' once passed. */
export function countdown(deadline: number, now: number): string {
  const left = Math.floor((deadline - now) / 1000)
  if (left <= 0) return ''
  const h = Math.floor(left / 3600)
  const m = Math.floor((left % 3600) / 60)
  const s = left % 60
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`
}
