/** CSV downloads for Excel: UTF-8 with a BOM (so Excel shows Chinese), CRLF, every cell quoted when needed. */

const BOM = '\uFEFF'

/**
 * One file from a header and rows. A text cell that a spreadsheet would run as a formula (= + - @ at
 * the start) is prefixed with ' so that an uploaded nickname cannot become a formula in the merchant's Excel.
 */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | undefined>>,
): string {
  const lines = [header, ...rows].map((row) => row.map(cell).join(','))
  return BOM + lines.join('\r\n') + '\r\n'
}

function cell(value: string | number | undefined): string {
  if (value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Epoch ms as Beijing time, `YYYY-MM-DD HH:mm:ss` (China keeps no daylight saving). */
export function beijingTime(at: number | undefined): string {
  if (at === undefined) return ''
  return new Date(at + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}

/** Integer fen as yuan with two decimals. */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2)
}
