/**
 * The synchronous core of the emulator: every operation matches and applies within one call, with no
 * `await` in between, so it is atomic with respect to every other caller in the process.
 */
import { randomUUID } from 'node:crypto'
import { Aggregator, Context, ProcessingMode } from 'mingo'
import { expressionOperators, Query, queryOperators, update as applyModifier } from './mingo'
import { clone, encodeDocument, encodeQuery, encodeUpdate, isPlainObject, type Plain } from './codec'
import { duplicateId, invalidParam, notFound } from './errors'
import type { Change, DocStore, StoredDoc } from './store'
import { fastFilter, fastUpdate } from './fast'

/** CloudBase's server-side caps: default page 100, maximum 1000 (the SDK silently caps), aggregate 20. */
export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 1000
export const AGGREGATE_DEFAULT_LIMIT = 20

export interface FindSpec {
  filter: Plain | undefined
  order: Record<string, 1 | -1>
  skip: number
  limit: number | undefined
  projection: Plain | undefined
}

export interface Counters {
  readOps: number
  writeOps: number
  docsWritten: number
  /** Bytes of document bodies written to SQLite (JSON as persisted; see DocStore.flush). */
  bytesWritten: number
}

export class Engine {
  readonly counters: Counters = { readOps: 0, writeOps: 0, docsWritten: 0, bytesWritten: 0 }

  constructor(
    readonly store: DocStore,
    readonly now: () => number,
  ) {}

  find(collection: string, spec: FindSpec): StoredDoc[] {
    this.counters.readOps++
    let docs = this.match(collection, spec.filter)
    if (Object.keys(spec.order).length > 0) docs = sortDocs(docs, spec.order)
    const limit = Math.min(spec.limit || DEFAULT_LIMIT, MAX_LIMIT)
    docs = docs.slice(spec.skip, spec.skip + limit)
    return project(docs, spec.projection)
  }

  count(collection: string, filter: Plain | undefined): number {
    this.counters.readOps++
    return this.match(collection, filter).length
  }

  getDoc(collection: string, id: string, projection: FindSpec['projection']): StoredDoc {
    this.counters.readOps++
    const doc = this.store.peek(collection, id)
    if (doc === undefined) throw notFound(id)
    return project([doc], projection)[0] as StoredDoc
  }

  add(collection: string, data: unknown): string {
    this.counters.writeOps++
    const doc = this.newDocument(data, 'collection.add')
    if (this.store.peek(collection, doc._id) !== undefined) throw duplicateId(collection, doc._id)
    this.write([{ collection, id: doc._id, doc }])
    return doc._id
  }

  /** Updates every document matching `filter` (all of them when it is undefined); returns how many changed. */
  updateWhere(collection: string, filter: Plain | undefined, data: unknown): number {
    this.counters.writeOps++
    const modifier = encodeUpdate(data, this.now())
    const changes: Change[] = []
    for (const doc of this.match(collection, filter)) {
      const next = applyUpdate(doc, modifier)
      if (next !== undefined) changes.push({ collection, id: doc._id, doc: next })
    }
    return this.write(changes)
  }

  removeWhere(collection: string, filter: Plain | undefined): number {
    this.counters.writeOps++
    const doomed = this.match(collection, filter)
    return this.write(doomed.map((doc) => ({ collection, id: doc._id, doc: undefined })))
  }

  /** `doc(id).set`: replaces the whole body (keeping `_id`), creating the document when absent. */
  setDoc(collection: string, id: string, data: unknown): { updated: number; created: number } {
    this.counters.writeOps++
    const body = this.newBody(id, data, 'document.set')
    const existing = this.store.peek(collection, id)
    if (existing !== undefined && sameContent(existing, body)) return { updated: 0, created: 0 }
    this.write([{ collection, id, doc: body }])
    return existing === undefined ? { updated: 0, created: 1 } : { updated: 1, created: 0 }
  }

  aggregate(collection: string, stages: Plain[]): Plain[] {
    this.counters.readOps++
    const pipeline = stages.some((stage) => '$limit' in stage)
      ? stages
      : [...stages, { $limit: AGGREGATE_DEFAULT_LIMIT }]
    const aggregator = new Aggregator(pipeline, {
      processingMode: ProcessingMode.CLONE_INPUT,
      collectionResolver: (name: string) => [...this.store.docs(name).values()].map(clone),
    })
    return clone(aggregator.run([...this.store.docs(collection).values()]) as Plain[])
  }

  /** A fresh body for `add`: CloudBase generates a 32-hex `_id` when none is given. */
  newDocument(data: unknown, api: string): StoredDoc {
    const body = encodeDocument(data, this.now(), api)
    const given = body['_id']
    if (given === undefined) return { ...body, _id: randomUUID().replace(/-/g, '') }
    if (typeof given !== 'string' || given === '')
      throw invalidParam(`${api}: _id must be a non-empty string`)
    return { ...body, _id: given }
  }

  /** A replacement body for `set`, which (as in the SDK) may not carry its own `_id`. */
  newBody(id: string, data: unknown, api: string): StoredDoc {
    const body = encodeDocument(data, this.now(), api)
    if ('_id' in body) throw invalidParam(`${api}: data must not contain _id`)
    return { _id: id, ...body }
  }

  /** Writes through and counts what actually changed. */
  write(changes: readonly Change[]): number {
    this.store.commit(changes)
    this.counters.docsWritten += changes.length
    return changes.length
  }

  /** The matching documents in natural order; a filter pinning `_id` to one value is a direct lookup. */
  match(collection: string, filter: Plain | undefined): StoredDoc[] {
    const candidates = this.candidates(collection, filter)
    if (filter === undefined || Object.keys(filter).length === 0) return candidates
    // `{ _id: 'x' }` alone: the direct lookup already is the answer (most reads are this)
    if (Object.keys(filter).length === 1 && pinnedIds(filter['_id']) !== undefined) return candidates
    // most filters are equalities and comparisons on plain fields: mingo only for the rest
    const fast = fastFilter(filter)
    let query: InstanceType<typeof Query> | undefined
    const slow = (doc: StoredDoc) =>
      (query ??= new Query(filter, {
        context: mentionsExpr(filter) ? EXPRESSION_CONTEXT : QUERY_CONTEXT,
      })).test(doc)
    return candidates.filter((doc) => fast?.(doc) ?? slow(doc))
  }

  encodeFilter(condition: unknown): Plain {
    return encodeQuery(condition, this.now())
  }

  private candidates(collection: string, filter: Plain | undefined): StoredDoc[] {
    const pinned = filter === undefined ? undefined : pinnedIds(filter['_id'])
    if (pinned === undefined) return [...this.store.docs(collection).values()]
    const found: StoredDoc[] = []
    for (const id of pinned) {
      const doc = this.store.peek(collection, id)
      if (doc !== undefined) found.push(doc)
    }
    return found
  }
}

/**
 * mingo copies every operator of the context into each compiled query, so the full default context costs
 * more than the match itself on hot paths: register only the query operators, and expression operators
 * only for `$expr` filters. (`mingo/updater` likewise registers just what updates need.)
 */
const QUERY_CONTEXT = Context.init({ query: queryOperators })
const EXPRESSION_CONTEXT = Context.init({ query: queryOperators, expression: expressionOperators })

function mentionsExpr(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(mentionsExpr)
  if (!isPlainObject(value)) return false
  return Object.keys(value).some((key) => key === '$expr' || mentionsExpr(value[key]))
}

/** Applies a MongoDB modifier to a copy of `doc`; undefined when nothing changed (stats.updated = 0). */
export function applyUpdate(doc: StoredDoc, modifier: Plain): StoredDoc | undefined {
  const fast = fastUpdate(doc, modifier)
  if (fast !== undefined) return fast ?? undefined
  const next = clone(doc)
  const changed = applyModifier(next, modifier)
  if (next._id !== doc._id) throw invalidParam('update must not change _id')
  return changed.length > 0 ? next : undefined
}

/** `_id: 'x'`, `_id: { $eq: 'x' }` or `_id: { $in: [...] }` (and nothing else on `_id`) name the candidates. */
function pinnedIds(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value]
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const keys = Object.keys(value)
  if (keys.length !== 1) return undefined
  const operand = (value as Plain)[keys[0] as string]
  if (keys[0] === '$eq' && typeof operand === 'string') return [operand]
  if (keys[0] === '$in' && Array.isArray(operand) && operand.every((id) => typeof id === 'string')) {
    return [...new Set(operand as string[])]
  }
  return undefined
}

function sortDocs(docs: StoredDoc[], order: Record<string, 1 | -1>): StoredDoc[] {
  return new Aggregator([{ $sort: order }]).run(docs) as StoredDoc[]
}

function project(docs: StoredDoc[], projection: FindSpec['projection']): StoredDoc[] {
  if (projection === undefined || Object.keys(projection).length === 0) return docs.map(clone)
  return clone(new Aggregator([{ $project: projection }]).run(docs) as StoredDoc[])
}

function sameContent(a: StoredDoc, b: StoredDoc): boolean {
  const probe = clone(a)
  return (
    applyModifier(probe, { $set: withoutId(b) }).length === 0 &&
    Object.keys(a).length === Object.keys(b).length
  )
}

function withoutId(doc: StoredDoc): Plain {
  const { _id: _ignored, ...rest } = doc
  return rest
}
