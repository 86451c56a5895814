/**
 * What a caller may send: CloudBase's own request limits, and a nesting limit so that no recursive
 * code (zod, the 扫呗 signer, JSON.stringify) ever meets a body deep enough to overflow its stack.
 */

/** CloudBase refuses a function request body over 100 KB of text (EXCEED_MAX_PAYLOAD_SIZE). */
export const TEXT_BODY_LIMIT = 100 * 1024
/** … and over 6 MB otherwise (binary uploads, base64 bodies). */
export const BODY_LIMIT = 6 * 1024 * 1024
/** No request of ours nests deeper than a handful of levels. */
export const MAX_DEPTH = 32

/** True when no object or array in `value` sits deeper than `max` levels (iterative: no recursion). */
export function withinDepth(value: unknown, max: number = MAX_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number]
    if (typeof v !== 'object' || v === null) continue
    if (depth > max) return false
    for (const child of Object.values(v))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1])
  }
  return true
}
