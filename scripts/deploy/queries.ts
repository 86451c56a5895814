/**
 * The database plan derived from the code, not typed by hand: every repository method runs once (or once
 * per filter variant) against the emulated database behind a recorder, and every query shape the
 * repositories send — collection, filtered fields by kind, sort — becomes the index that serves it.
 *
 * Every method of `createRepos()` is called (listed from the object, so a new one cannot be skipped), with
 * option objects explored in every combination of the fields the method reads.
 */
import { createRepos } from '../../cloudfunctions/_shared/adapters/db'
import { createTokenCache } from '../../cloudfunctions/_shared/adapters/db/token-cache'
import { C } from '../../cloudfunctions/_shared/adapters/db/support'
import type {
  Aggregate,
  CloudDb,
  Collection,
  Condition,
  Query,
} from '../../cloudfunctions/_shared/adapters/db/cloud-db'
import { createLocalDatabase } from '../../cloudfunctions/_shared/adapters/local/database'
import { encodeQuery, isPlainObject } from '../../cloudfunctions/_shared/adapters/local/codec'
import type { Repos } from '../../cloudfunctions/_shared/ports'

/** One query as the server sees it: which fields it filters on (by kind) and how it sorts. */
export interface QueryShape {
  collection: string
  op: string
  /** Fields compared for equality (also `in` and `exists`: an index seeks them as points). */
  eq: string[]
  /** Fields compared by range (`lt`, `gte`, `neq`, …). */
  range: string[]
  /** Fields an index cannot seek (regular expressions): filtered after the seek. */
  scan: string[]
  sort: Array<[string, 1 | -1]>
  /** Of `eq`, how selective each comparison is: 0 a value, 1 `in`, 2 `exists` (less selective comes later). */
  rank?: Record<string, number>
}

export interface IndexKey {
  field: string
  direction: 1 | -1
}
export interface IndexPlan {
  name: string
  keys: IndexKey[]
}
export interface CollectionPlan {
  name: string
  indexes: IndexPlan[]
}

const EQ_OPS = new Set(['$eq', '$in', '$exists'])
const RANGE_OPS = new Set(['$lt', '$lte', '$gt', '$gte', '$ne', '$nin'])

/** Classifies the fields of a MongoDB filter (what CloudBase's serializer sends). */
export function classifyFilter(
  filter: Record<string, unknown>,
  into: Pick<QueryShape, 'eq' | 'range' | 'scan' | 'rank'>,
): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) if (isPlainObject(part)) classifyFilter(part, into)
      continue
    }
    if (key.startsWith('$')) {
      // $or / $nor: no single index prefix serves them; the fields are filtered after a scan
      into.scan.push(key)
      continue
    }
    if (value instanceof RegExp) into.scan.push(key)
    else if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      const ops = Object.keys(value)
      if (ops.some((op) => op === '$regex' || op === '$regularExpression')) into.scan.push(key)
      else if (ops.every((op) => EQ_OPS.has(op))) {
        into.eq.push(key)
        ;(into.rank ??= {})[key] = ops.includes('$eq') ? 0 : ops.includes('$in') ? 1 : 2
      } else if (ops.some((op) => RANGE_OPS.has(op))) into.range.push(key)
      else into.scan.push(key)
    } else into.eq.push(key)
  }
}

/** Wraps a database so that every query it runs is reported to `sink`; the queries still run. */
export function recordingDb(inner: CloudDb, sink: (shape: QueryShape) => void): CloudDb {
  const shapeOf = (
    collection: string,
    op: string,
    where: Condition | undefined,
    sort: QueryShape['sort'],
  ) => {
    const shape: QueryShape = { collection, op, eq: [], range: [], scan: [], sort }
    if (where !== undefined) classifyFilter(encodeQuery(where, 0), shape)
    return shape
  }

  function wrapQuery(
    collection: string,
    q: Query,
    where: Condition | undefined,
    sort: QueryShape['sort'],
  ): Query {
    const terminal =
      <A extends unknown[], R>(op: string, run: (...args: A) => Promise<R>) =>
      (...args: A): Promise<R> => {
        sink(shapeOf(collection, op, where, sort))
        return run(...args)
      }
    return {
      where: (condition) => wrapQuery(collection, q.where(condition), condition, sort),
      orderBy: (field, order) =>
        wrapQuery(collection, q.orderBy(field, order), where, [...sort, [field, order === 'desc' ? -1 : 1]]),
      limit: (n) => wrapQuery(collection, q.limit(n), where, sort),
      skip: (n) => wrapQuery(collection, q.skip(n), where, sort),
      field: (projection) => wrapQuery(collection, q.field(projection), where, sort),
      get: terminal('get', () => q.get()),
      count: terminal('count', () => q.count()),
      update: terminal('update', (options: { data: Condition }) => q.update(options)),
      remove: terminal('remove', () => q.remove()),
    }
  }

  function wrapAggregate(collection: string, a: Aggregate, match: Condition | undefined): Aggregate {
    const next = (b: Aggregate, m = match) => wrapAggregate(collection, b, m)
    return {
      match: (c) => next(a.match(c), c),
      group: (s) => next(a.group(s)),
      sort: (s) => {
        sink({
          ...shapeOf(collection, 'aggregate', match, []),
          sort: Object.entries(s).map(([f, d]) => [f, d]),
        })
        return next(a.sort(s))
      },
      project: (s) => next(a.project(s)),
      skip: (n) => next(a.skip(n)),
      limit: (n) => next(a.limit(n)),
      unwind: (s) => next(a.unwind(s)),
      lookup: (s) => next(a.lookup(s)),
      addFields: (s) => next(a.addFields(s)),
      count: (f) => next(a.count(f)),
      end: () => {
        if (match !== undefined) sink(shapeOf(collection, 'aggregate', match, []))
        return a.end()
      },
    }
  }

  return {
    command: inner.command,
    serverDate: (options) => inner.serverDate(options),
    RegExp: (options) => inner.RegExp(options),
    collection<T>(name: string): Collection<T> {
      const coll = inner.collection(name)
      const query = wrapQuery(name, coll, undefined, [])
      const wrapped: Collection = {
        ...query,
        doc: (id) => {
          // by `_id`: served by the primary key; recorded so the sampler knows the method reached the database
          sink({ collection: name, op: 'doc', eq: ['_id'], range: [], scan: [], sort: [] })
          return coll.doc(id)
        },
        add: (options) => {
          sink({ collection: name, op: 'add', eq: ['_id'], range: [], scan: [], sort: [] })
          return coll.add(options)
        },
        aggregate: () => wrapAggregate(name, coll.aggregate(), undefined),
      }
      return wrapped as unknown as Collection<T>
    },
    runTransaction: (fn, retries) => inner.runTransaction(fn, retries),
  }
}

/** Keys of the index that serves a shape: equalities, then the sort, then ranges (ESR); null = `_id` serves it. */
export function indexFor(shape: QueryShape): IndexKey[] | null {
  if (shape.eq.includes('_id')) return null
  const sorted = new Set(shape.sort.map(([f]) => f))
  const rank = shape.rank ?? {}
  const keys: IndexKey[] = [
    // plain equalities first, then `in` and `exists` (each group by name, so prefixes are shared)
    ...[...new Set(shape.eq)]
      .filter((f) => !sorted.has(f))
      .sort((a, b) => (rank[a] ?? 0) - (rank[b] ?? 0) || a.localeCompare(b))
      .map((field) => ({ field, direction: 1 as const })),
    ...shape.sort.map(([field, direction]) => ({ field, direction })),
    ...[...new Set(shape.range)]
      .filter((f) => !sorted.has(f))
      .sort()
      .map((field) => ({ field, direction: 1 as const })),
  ]
  if (keys.length === 0) return null
  if (keys.length === 1 && keys[0]?.field === '_id') return null
  return keys
}

/**
 * Whether one of `indexes` (or the primary key) serves the query shape: the index starts with the
 * equality fields (in any order), then the sort fields in order (the whole run in the same or the
 * reverse direction: an index is walked both ways), then the range fields (any order, any direction).
 */
export function served(shape: QueryShape, indexes: readonly IndexPlan[]): boolean {
  if (indexFor(shape) === null) return true
  const sortFields = new Set(shape.sort.map(([f]) => f))
  const eq = [...new Set(shape.eq)].filter((f) => !sortFields.has(f))
  const range = [...new Set(shape.range)].filter((f) => !sortFields.has(f))
  return indexes.some((ix) => {
    const keys = ix.keys
    if (keys.length < eq.length + shape.sort.length + range.length) return false
    const head = keys.slice(0, eq.length).map((k) => k.field)
    if (!sameSet(head, eq)) return false
    const sortPart = keys.slice(eq.length, eq.length + shape.sort.length)
    const same = shape.sort.every(([f, d], i) => sortPart[i]?.field === f && sortPart[i]?.direction === d)
    const reversed = shape.sort.every(
      ([f, d], i) => sortPart[i]?.field === f && sortPart[i]?.direction === -d,
    )
    if (!same && !reversed) return false
    const tail = keys.slice(eq.length + shape.sort.length, eq.length + shape.sort.length + range.length)
    return sameSet(
      tail.map((k) => k.field),
      range,
    )
  })
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000')
}

export function indexName(keys: IndexKey[]): string {
  return keys.map((k) => `${k.field.replace(/\W/g, '_')}${k.direction === -1 ? '_desc' : ''}`).join('__')
}

/**
 * Few indexes serving every shape: each shape's own index, longest first, kept only when no index
 * kept so far serves the shape already.
 */
export function planIndexes(shapes: readonly QueryShape[]): Map<string, IndexPlan[]> {
  const out = new Map<string, IndexPlan[]>()
  const candidates = shapes
    .map((shape) => ({ shape, keys: indexFor(shape) }))
    .filter((c): c is { shape: QueryShape; keys: IndexKey[] } => c.keys !== null)
    .sort((a, b) => b.keys.length - a.keys.length || indexName(a.keys).localeCompare(indexName(b.keys)))
  for (const { shape, keys } of candidates) {
    const kept = out.get(shape.collection) ?? []
    if (!served(shape, kept)) kept.push({ name: indexName(keys), keys })
    out.set(shape.collection, kept)
  }
  for (const list of out.values()) list.sort((a, b) => a.name.localeCompare(b.name))
  return out
}

type Sample = (r: Repos) => Promise<unknown>

const DAY = '2026-12-01'
/**
 * Explicit calls for the methods whose arguments name a field or are lists of records (a placeholder
 * would name none): each value a caller passes. Every other method is called by `autoSamples`.
 */
export const SAMPLES: Record<string, Record<string, Sample[]>> = {
  orders: {
    // the sweeper's calls, and the third field the port allows
    due: (['expireAt', 'createdAt', 'updatedAt'] as const).map(
      (field) => (r: Repos) => r.orders.due('pending', field, 1, 100),
    ),
  },
  rooms: { takeDailySlot: [(r) => r.rooms.takeDailySlot(DAY, 50)] },
  // lists of records: a placeholder string has no `_id`
  members: {
    upsertCards: [
      (r) => r.members.upsertCards([{ _id: 'x', phone: 'x', level: 'x', status: 'active', updatedAt: 1 }]),
    ],
  },
  stores: { upsert: [(r) => r.stores.upsert([{ _id: 'x', name: 'x', active: true, updatedAt: 1 }])] },
}

/** Parameters that are option objects: their optional fields are explored in every combination. */
const OBJECT_PARAM = /filter|options|opts|query|criteria|where|spec/i
const NUMBER_NAME =
  /(At|since|before|after|^from|^to|limit|offset|skip|max|qty|^n$|Ms|count|page|pageSize|roomId|Fen|window|size|total)$/i
const MAX_VARIANTS = 64

/** Parameters naming one of a few fixed values: CounterKind (each picks the collection a counter lives in). */
const CHOICES: Record<string, readonly unknown[]> = { kind: ['shelf', 'stock', 'limit'] }

/** Plural names (`phones`, `goodsIds`, `codes`) are lists; not `status`, `ms`, `yes`. */
const LIST_NAME = /[^s]s$/

function placeholder(name: string): unknown {
  if (LIST_NAME.test(name) && !/(status|Ms|ms)$/.test(name)) return [placeholder(name.slice(0, -1))]
  if (NUMBER_NAME.test(name)) return 1
  if (/^(include|is|has|with|only)/.test(name)) return true
  return 'x'
}

/** The parameter names of a function, from its source; a destructured one (`{ a, b }`) is named `{…}`. */
function paramNames(fn: (...args: never[]) => unknown): string[] {
  const src = fn.toString()
  const open = src.indexOf('(')
  const arrow = src.indexOf('=>')
  // `x => …` (one bare parameter)
  if (arrow !== -1 && (open === -1 || arrow < open))
    return [
      src
        .slice(0, arrow)
        .replace(/^async\s+/, '')
        .trim(),
    ]
  const names: string[] = []
  let depth = 0
  let current = ''
  for (let i = open + 1; i < src.length; i++) {
    const ch = src[i] as string
    if (depth === 0 && (ch === ',' || ch === ')')) {
      if (current.trim()) names.push(current.trim())
      current = ''
      if (ch === ')') break
      continue
    }
    if ('({['.includes(ch)) depth++
    if (')}]'.includes(ch)) depth--
    current += ch
  }
  return names.map((p) => (/^[{[]/.test(p) ? '{…}' : p.replace(/=.*$/, '').trim()))
}

/**
 * Calls of a method with placeholder arguments: option objects are proxies that report the fields read,
 * and the method is called again with every combination of those fields set, so each filter variant a
 * caller can send is seen.
 */
function autoSamples(repo: string, method: string, fn: (...args: never[]) => unknown): Sample[] {
  const names = paramNames(fn)
  const objectArgs = names.map((n) => n === '{…}' || OBJECT_PARAM.test(n))
  const seen = new Set<string>()
  const makeArgs = (enabled: Set<string>, choice: Record<string, unknown>) =>
    names.map((n, i) =>
      objectArgs[i]
        ? new Proxy({} as Record<string, unknown>, {
            get: (_t, key) => {
              if (typeof key !== 'string') return undefined
              seen.add(key)
              return enabled.has(key) ? placeholder(key) : undefined
            },
            has: (_t, key) => typeof key === 'string' && enabled.has(key),
            ownKeys: () => [...enabled],
            getOwnPropertyDescriptor: (_t, key) =>
              typeof key === 'string' && enabled.has(key)
                ? { configurable: true, enumerable: true, value: placeholder(key) }
                : undefined,
          })
        : n in choice
          ? choice[n]
          : placeholder(n),
    )
  // a parameter that picks among fixed values (a counter's kind) is called with each of them
  const choices: Array<Record<string, unknown>> = [{}]
  for (const n of names)
    if (CHOICES[n])
      choices.splice(0, choices.length, ...choices.flatMap((c) => CHOICES[n]!.map((v) => ({ ...c, [n]: v }))))
  const call = (r: Repos, enabled: Set<string>, choice: Record<string, unknown>) =>
    (r as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[repo]![method]!(
      ...makeArgs(enabled, choice),
    )
  if (!objectArgs.some(Boolean)) return choices.map((choice) => (r: Repos) => call(r, new Set(), choice))
  return choices.map((choice) => async (r: Repos) => {
    const tried = new Set<string>()
    const queue: Array<Set<string>> = [new Set()]
    while (queue.length > 0 && tried.size < MAX_VARIANTS) {
      const enabled = queue.shift()!
      const key = [...enabled].sort().join()
      if (tried.has(key)) continue
      tried.add(key)
      try {
        await call(r, enabled, choice)
      } catch {
        // a placeholder may be refused after the queries were sent
      }
      // each field read but not set yet opens the variants with it set as well
      for (const field of seen) if (!enabled.has(field)) queue.push(new Set([...enabled, field]))
    }
  })
}

/** The calls that exercise every method of every repository. */
export function samplesFor(repos: Repos): Array<{ name: string; run: Sample }> {
  const out: Array<{ name: string; run: Sample }> = []
  for (const [repo, impl] of Object.entries(repos as unknown as Record<string, Record<string, unknown>>)) {
    for (const [method, fn] of Object.entries(impl)) {
      if (typeof fn !== 'function') continue
      const explicit = SAMPLES[repo]?.[method]
      const calls = explicit ?? autoSamples(repo, method, fn as (...args: never[]) => unknown)
      for (const run of calls) out.push({ name: `${repo}.${method}`, run })
    }
  }
  return out
}

/**
 * Every query shape the repositories (and the shared token cache) send, and the methods that sent none
 * with placeholder arguments (they need an entry in SAMPLES, or their queries stay unknown).
 */
export async function sampleRepositories(): Promise<{ shapes: QueryShape[]; silent: string[] }> {
  const shapes: QueryShape[] = []
  const heard = new Map<string, number>()
  const inner = createLocalDatabase()
  try {
    const db = recordingDb(inner, (s) => shapes.push(s))
    const repos = createRepos(db)
    for (const { name, run } of samplesFor(repos)) {
      const before = shapes.length
      try {
        await run(repos)
      } catch {
        // placeholders may be refused (missing settings, partial records): the queries were recorded
      }
      heard.set(name, (heard.get(name) ?? 0) + shapes.length - before)
    }
    const tokens = createTokenCache(db)
    await tokens.write('wechat', 't', 1)
    await tokens.read('wechat')
  } finally {
    inner.close()
  }
  const silent = [...heard].filter(([, n]) => n === 0).map(([name]) => name)
  return { shapes, silent }
}

export async function recordRepositoryQueries(): Promise<QueryShape[]> {
  return (await sampleRepositories()).shapes
}

/** Every collection the code names (support.ts `C`) or queries, with the indexes its queries need. */
export async function planCollections(): Promise<{ collections: CollectionPlan[]; unsampled: string[] }> {
  const { shapes, silent } = await sampleRepositories()
  const indexes = planIndexes(shapes)
  const names = new Set<string>([...Object.values(C), ...shapes.map((s) => s.collection)])
  return {
    collections: [...names].sort().map((name) => ({ name, indexes: indexes.get(name) ?? [] })),
    unsampled: silent,
  }
}
