/**
 * Fast paths for what most operations are: filters of equality and comparison on plain fields, and updates
 * of `$set` / `$inc` / `$unset` on plain paths. Anything else — arrays on the path, dates, regular
 * expressions, other operators — answers "not mine" and mingo evaluates it, so the semantics stay mingo's.
 */
import { isPlainObject, type Plain } from './codec'

type Scalar = string | number | boolean
const isScalar = (v: unknown): v is Scalar =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'

/** The value at a dotted path through plain objects: `MISSING` when absent, `OPAQUE` when an array or date is in the way. */
const MISSING = Symbol('missing')
const OPAQUE = Symbol('opaque')
function at(doc: Plain, path: readonly string[]): unknown {
  let v: unknown = doc
  for (const key of path) {
    if (!isPlainObject(v)) return v === undefined || v === null ? MISSING : OPAQUE
    if (!Object.prototype.hasOwnProperty.call(v, key)) return MISSING
    v = v[key]
  }
  if (v === undefined) return MISSING
  return isScalar(v) ? v : v === null || Array.isArray(v) || !isPlainObject(v) ? OPAQUE : v
}

type Test = (v: unknown) => boolean | undefined
const OPS: Record<string, (operand: unknown) => Test | undefined> = {
  $eq: (o) => (isScalar(o) ? (v) => (v === OPAQUE ? undefined : v === o) : undefined),
  $ne: (o) => (isScalar(o) ? (v) => (v === OPAQUE ? undefined : v !== o) : undefined),
  $gt: (o) => compare(o, (c) => c > 0),
  $gte: (o) => compare(o, (c) => c >= 0),
  $lt: (o) => compare(o, (c) => c < 0),
  $lte: (o) => compare(o, (c) => c <= 0),
  $exists: (o) =>
    typeof o === 'boolean' ? (v) => (v === OPAQUE ? undefined : (v !== MISSING) === o) : undefined,
  $in: (o) =>
    Array.isArray(o) && o.every(isScalar)
      ? (v) => (v === OPAQUE ? undefined : (o as Scalar[]).includes(v as Scalar))
      : undefined,
}

function compare(o: unknown, ok: (c: number) => boolean): Test | undefined {
  if (typeof o !== 'number' && typeof o !== 'string') return undefined
  return (v) => {
    if (v === OPAQUE) return undefined
    if (typeof v !== typeof o) return false
    return ok(v === o ? 0 : (v as number | string) < o ? -1 : 1)
  }
}

/**
 * A compiled filter: per document true / false, or undefined when the fast path cannot tell (then mingo
 * decides). Undefined altogether when the filter itself is beyond the fast path.
 */
export function fastFilter(filter: Plain): ((doc: Plain) => boolean | undefined) | undefined {
  const tests: Array<[string[], Test]> = []
  for (const [field, condition] of Object.entries(filter)) {
    if (field.startsWith('$')) return undefined
    const path = field.split('.')
    if (isScalar(condition)) {
      const t = OPS.$eq!(condition)!
      tests.push([path, t])
      continue
    }
    if (!isPlainObject(condition)) return undefined
    const ops = Object.entries(condition)
    if (ops.length === 0) return undefined
    for (const [op, operand] of ops) {
      const make = OPS[op]
      const t = make?.(operand)
      if (!t) return undefined
      tests.push([path, t])
    }
  }
  return (doc) => {
    for (const [path, t] of tests) {
      const r = t(at(doc, path))
      if (r !== true) return r
    }
    return true
  }
}

/**
 * Applies `$set` / `$inc` / `$unset` of plain paths without copying the whole document: only the objects on
 * the changed paths are new (stored documents are never mutated, so the rest is shared). Returns the new
 * document, `null` when nothing changed, or undefined when the modifier is beyond the fast path.
 */
export function fastUpdate<T extends Plain>(doc: T, modifier: Plain): T | null | undefined {
  const ops = Object.keys(modifier)
  if (ops.some((op) => op !== '$set' && op !== '$inc' && op !== '$unset')) return undefined
  const moves: Array<[string[], 'set' | 'inc' | 'unset', unknown]> = []
  for (const op of ops) {
    const fields = modifier[op]
    if (!isPlainObject(fields)) return undefined
    for (const [field, value] of Object.entries(fields)) {
      if (field === '_id' || field.startsWith('$')) return undefined
      if (op === '$inc' && (typeof value !== 'number' || value === 0)) return undefined
      if (op === '$set' && !plainData(value)) return undefined
      moves.push([field.split('.'), op === '$set' ? 'set' : op === '$inc' ? 'inc' : 'unset', value])
    }
  }
  // two moves on overlapping paths: mingo's rules (conflict errors) apply
  const fields = moves.map(([p]) => p.join('.'))
  if (fields.some((f, i) => fields.some((g, j) => i !== j && (g === f || g.startsWith(`${f}.`)))))
    return undefined

  let next: Plain = doc
  let changed = false
  for (const [path, kind, value] of moves) {
    const r = applyAt(next, path, kind, value)
    if (r === undefined) return undefined
    if (r !== next) {
      next = r
      changed = true
    }
  }
  return changed ? (next as T) : null
}

/** One move at `path` under `obj`: the new object, `obj` itself when unchanged, undefined when opaque. */
function applyAt(
  obj: Plain,
  path: readonly string[],
  kind: 'set' | 'inc' | 'unset',
  value: unknown,
): Plain | undefined {
  const [key, ...rest] = path as [string, ...string[]]
  const has = Object.prototype.hasOwnProperty.call(obj, key)
  const current = has ? obj[key] : undefined
  if (rest.length > 0) {
    if (current === undefined) {
      if (kind === 'unset') return obj
      const created = applyAt({}, rest, kind, value)
      return created === undefined ? undefined : { ...obj, [key]: created }
    }
    if (!isPlainObject(current)) return undefined
    const inner = applyAt(current, rest, kind, value)
    if (inner === undefined) return undefined
    return inner === current ? obj : { ...obj, [key]: inner }
  }
  if (kind === 'unset') {
    if (!has) return obj
    // a copy without the key (rest destructuring of a map-like object costs several times more)
    const kept = { ...obj }
    delete kept[key]
    return kept
  }
  if (kind === 'inc') {
    if (current !== undefined && typeof current !== 'number') return undefined
    return { ...obj, [key]: (current ?? 0) + (value as number) }
  }
  if (has && sameData(current, value)) return obj
  return { ...obj, [key]: copy(value) }
}

/** JSON-like data (no dates, regular expressions or class instances): what the fast path may compare and copy. */
function plainData(v: unknown): boolean {
  if (v === null || isScalar(v)) return true
  if (Array.isArray(v)) return v.every(plainData)
  return (
    isPlainObject(v) && Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every(plainData)
  )
}

function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameData(x, b[i]))
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a)
    const kb = Object.keys(b)
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameData(a[k], b[k]))
  }
  return false
}

function copy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copy) as T
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) as T
  return v
}
