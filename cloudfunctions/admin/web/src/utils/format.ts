/** Money is integer fen everywhere; this is the one place that writes it as yuan. */
export function yuan(fen: number | undefined): string {
  if (fen === undefined || !Number.isFinite(fen)) return '—'
  const abs = Math.abs(Math.round(fen))
  return `${fen < 0 ? '-' : ''}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** '12.5' → 1250 fen; null when it is not a price with at most two decimals. */
export function parseYuan(text: string): number | null {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** Epoch ms as Shanghai wall time 'YYYY-MM-DD HH:mm' (the merchant's clock whatever the browser's zone). */
export function dateTime(at: number | undefined, seconds = false): string {
  if (!at) return '—'
  const d = new Date(at + 8 * 3600_000)
  const s = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  return seconds ? `${s}:${pad(d.getUTCSeconds())}` : s
}

export function timeOfDay(at: number): string {
  const d = new Date(at + 8 * 3600_000)
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/** 'YYYY-MM-DDTHH:mm' of a datetime-local input, read as Shanghai time → epoch ms. */
export function fromShanghaiLocal(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(value)
  if (!m) return Number.NaN
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!) - 8 * 3600_000
}

/** Epoch ms → 'YYYY-MM-DD HH:mm:ss' Shanghai, the format TDesign's date picker takes. */
export function toShanghaiLocal(at: number): string {
  return dateTime(at, true)
}

/** WeChat counts a Chinese character as 2 units and anything else as 1 (the room and goods name rules). */
export function wechatUnits(s: string): number {
  let units = 0
  for (const ch of Array.from(s)) {
    const cp = ch.codePointAt(0) ?? 0
    if (/[\p{M}\u200d\ufe00-\ufe0f]/u.test(ch)) continue
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      cp >= 0x1f000
    units += wide ? 2 : 1
  }
  return units
}
