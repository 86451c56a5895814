/** Money is integer fen everywhere; this is the one place it becomes yuan text. */

/** 1 → '0.01', 12345 → '123.45', -5 → '-0.05'. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.round(fen))
  const yuan = Math.floor(abs / 100)
  const cents = String(abs % 100).padStart(2, '0')
  return `${sign}${yuan}.${cents}`
}

/** The two halves the price component shows in different sizes: ['123', '45']. */
export function yuanParts(fen: number): { yuan: string; cents: string } {
  const [yuan = '0', cents = '00'] = fenToYuan(fen).split('.')
  return { yuan, cents }
}
