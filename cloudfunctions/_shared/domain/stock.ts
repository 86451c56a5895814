/**
 * Quota and stock arithmetic, and the ids of the documents concurrent orders move.
 * 单场直播可抢数量 (quota) is counted per room shelf; store stock per store + product code + unit.
 */

/** Rule 6: what is left of a room's quota for a goods; never negative even if counters overshoot. */
export function remainingOf(c: { quota: number; sold: number; reserved: number }): number {
  return Math.max(0, c.quota - c.sold - c.reserved)
}

/** Rule 6: a whole quantity of at least one that fits in what is left (sold + reserved + qty ≤ quota). */
export function canReserve(remaining: number, qty: number): boolean {
  return Number.isInteger(qty) && qty >= 1 && qty <= remaining
}

/**
 * One id segment made safe for any document store: ASCII letters and digits stay as they are,
 * every other UTF-8 byte (including `_` and `-`) becomes `-XX` (upper-case hex). Injective, so
 * `_` can join segments without two different triples ever sharing an id: 件 → `-E4-BB-B6`.
 */
export function encodeKeyPart(part: string | number): string {
  let out = ''
  for (const ch of String(part)) {
    if (/^[A-Za-z0-9]$/.test(ch)) {
      out += ch
      continue
    }
    for (const byte of Buffer.from(ch, 'utf8')) out += '-' + byte.toString(16).toUpperCase().padStart(2, '0')
  }
  return out
}

/** The inverse of encodeKeyPart, for reading ids back in tools and tests. */
export function decodeKeyPart(encoded: string): string {
  const bytes: number[] = []
  for (let i = 0; i < encoded.length;) {
    if (encoded[i] === '-') {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16))
      i += 3
    } else {
      bytes.push(encoded.charCodeAt(i))
      i += 1
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

function joinKey(parts: Array<string | number>): string {
  return parts.map(encodeKeyPart).join('_')
}

/** The store-stock document id: `${storeId}_${productCode}_${unit}`, each part encoded (件 → `-E4-BB-B6`). */
export function stockKey(storeId: string, productCode: string, unit: string): string {
  return joinKey([storeId, productCode, unit])
}

/** Rule 5: the id of one member's running quantity of one goods in one room. */
export function limitKey(openid: string, roomId: number | string, goodsId: string): string {
  return joinKey([openid, roomId, goodsId])
}

/** The id of one goods on one room's shelf (its quota counters live there). */
export function shelfKey(roomId: number | string, goodsId: string): string {
  return joinKey([roomId, goodsId])
}
