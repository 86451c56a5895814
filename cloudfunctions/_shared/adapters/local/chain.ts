/**
 * The wx-server-sdk call chain (`collection().where().orderBy()...get()`, `doc(id).update()`, ...) over
 * the engine. Builders are immutable like the SDK's; each terminal call yields to the event loop first,
 * so concurrent callers interleave between operations as they would against a remote database.
 */
import type {
  Aggregate,
  Collection,
  Condition,
  Doc,
  DocumentRef,
  Query,
  QueryResult,
  RemoveResult,
  SetResult,
  SingleResult,
  UpdateResult,
} from '../db/cloud-db'
import { encodeStage, type Plain } from './codec'
import type { Engine, FindSpec } from './engine'
import { invalidParam } from './errors'

/**
 * Runs synchronous engine work on a later turn of the event loop, refusing when the database is closed.
 * `writes` names the one document a write goes to (for the optional per-document write time, database.ts).
 */
export type Runner = <T>(work: () => T, writes?: string) => Promise<T>

type Projection = Record<string, boolean | 0 | 1>

const EMPTY_SPEC: FindSpec = {
  filter: undefined,
  order: {},
  skip: 0,
  limit: undefined,
  projection: undefined,
}

export class LocalQuery implements Query<Doc> {
  constructor(
    protected readonly engine: Engine,
    protected readonly run: Runner,
    protected readonly name: string,
    protected readonly spec: FindSpec = EMPTY_SPEC,
  ) {}

  where(condition: Condition): Query<Doc> {
    return this.with({ filter: this.engine.encodeFilter(condition) })
  }

  orderBy(fieldPath: string, order: 'asc' | 'desc'): Query<Doc> {
    if (typeof fieldPath !== 'string' || fieldPath === '') throw invalidParam('orderBy() needs a field path')
    if (order !== 'asc' && order !== 'desc') throw invalidParam(`orderBy() direction must be 'asc' or 'desc'`)
    return this.with({ order: { ...this.spec.order, [fieldPath]: order === 'desc' ? -1 : 1 } })
  }

  /** Above 1000 the limit is capped at 1000, as the SDK itself does before sending the request. */
  limit(max: number): Query<Doc> {
    assertCount('limit', max)
    return this.with({ limit: max })
  }

  skip(offset: number): Query<Doc> {
    assertCount('skip', offset)
    return this.with({ skip: offset })
  }

  field(projection: Projection): Query<Doc> {
    return this.with({ projection: toMongoProjection(projection) })
  }

  get(): Promise<QueryResult<Doc>> {
    return this.run(() => ({ data: this.engine.find(this.name, this.spec), errMsg: 'collection.get:ok' }))
  }

  count(): Promise<{ total: number }> {
    return this.run(() => ({
      total: this.engine.count(this.name, this.spec.filter),
      errMsg: 'collection.count:ok',
    }))
  }

  update(options: { data: Condition }): Promise<UpdateResult> {
    const pinned = this.spec.filter?.['_id']
    return this.run(
      () => {
        const updated = this.engine.updateWhere(this.name, this.spec.filter, dataOf(options, 'update'))
        return { stats: { updated }, errMsg: 'collection.update:ok' }
      },
      typeof pinned === 'string' ? `${this.name}/${pinned}` : undefined,
    )
  }

  remove(): Promise<RemoveResult> {
    return this.run(() => {
      const removed = this.engine.removeWhere(this.name, this.spec.filter)
      return { stats: { removed }, errMsg: 'collection.remove:ok' }
    })
  }

  protected with(change: Partial<FindSpec>): LocalQuery {
    return new LocalQuery(this.engine, this.run, this.name, { ...this.spec, ...change })
  }
}

export class LocalCollection extends LocalQuery implements Collection<Doc> {
  doc(id: string): DocumentRef<Doc> {
    return new LocalDocument(this.engine, this.run, this.name, checkId(id), undefined)
  }

  add(options: { data: Condition }): Promise<{ _id: string }> {
    return this.run(() => ({
      _id: this.engine.add(this.name, dataOf(options, 'add')),
      errMsg: 'collection.add:ok',
    }))
  }

  aggregate(): Aggregate {
    return new LocalAggregate(this.engine, this.run, this.name, [])
  }
}

export class LocalDocument implements DocumentRef<Doc> {
  constructor(
    private readonly engine: Engine,
    private readonly run: Runner,
    private readonly name: string,
    private readonly id: string,
    private readonly projection: FindSpec['projection'],
  ) {}

  field(projection: Projection): DocumentRef<Doc> {
    return new LocalDocument(this.engine, this.run, this.name, this.id, toMongoProjection(projection))
  }

  get(): Promise<SingleResult<Doc>> {
    return this.run(() => ({
      data: this.engine.getDoc(this.name, this.id, this.projection),
      errMsg: 'document.get:ok',
    }))
  }

  set(options: { data: Condition }): Promise<SetResult> {
    return this.run(() => ({
      _id: this.id,
      stats: this.engine.setDoc(this.name, this.id, dataOf(options, 'set')),
      errMsg: 'document.set:ok',
    }))
  }

  update(options: { data: Condition }): Promise<UpdateResult> {
    return this.run(() => {
      const updated = this.engine.updateWhere(this.name, { _id: this.id }, dataOf(options, 'update'))
      return { stats: { updated }, errMsg: 'document.update:ok' }
    }, `${this.name}/${this.id}`)
  }

  remove(): Promise<RemoveResult> {
    return this.run(() => ({
      stats: { removed: this.engine.removeWhere(this.name, { _id: this.id }) },
      errMsg: 'document.remove:ok',
    }))
  }
}

export class LocalAggregate implements Aggregate {
  constructor(
    private readonly engine: Engine,
    private readonly run: Runner,
    private readonly name: string,
    private readonly stages: Plain[],
  ) {}

  match(condition: Condition): Aggregate {
    return this.pipe('$match', condition)
  }
  group(spec: Condition): Aggregate {
    return this.pipe('$group', spec)
  }
  sort(spec: Record<string, 1 | -1>): Aggregate {
    return this.pipe('$sort', spec)
  }
  project(spec: Condition): Aggregate {
    return this.pipe('$project', spec)
  }
  skip(n: number): Aggregate {
    return this.pipe('$skip', n)
  }
  limit(n: number): Aggregate {
    return this.pipe('$limit', n)
  }
  unwind(spec: string | Condition): Aggregate {
    return this.pipe('$unwind', spec)
  }
  lookup(spec: Condition): Aggregate {
    return this.pipe('$lookup', spec)
  }
  addFields(spec: Condition): Aggregate {
    return this.pipe('$addFields', spec)
  }
  count(field: string): Aggregate {
    return this.pipe('$count', field)
  }

  end(): Promise<{ list: Doc[] }> {
    return this.run(() => ({
      list: this.engine.aggregate(this.name, this.stages),
      errMsg: 'collection.aggregate:ok',
    }))
  }

  private pipe(stage: string, value: unknown): Aggregate {
    const encoded = encodeStage(stage, value, this.engine.now())
    return new LocalAggregate(this.engine, this.run, this.name, [...this.stages, encoded])
  }
}

export function checkId(id: unknown): string {
  if (typeof id !== 'string' || id === '') throw invalidParam('doc() needs a non-empty string _id')
  return id
}

export function dataOf(options: unknown, api: string): unknown {
  if (typeof options !== 'object' || options === null || !('data' in options)) {
    throw invalidParam(`${api}() expects { data }`)
  }
  const data = (options as { data: unknown }).data
  if (typeof data === 'object' && data !== null && '_id' in data && api !== 'add') {
    throw invalidParam(`${api}(): data must not contain _id (the _id of a document cannot be updated)`)
  }
  return data
}

function assertCount(what: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw invalidParam(`${what}() needs a non-negative integer, got ${String(value)}`)
  }
}

/** CloudBase's `field({ a: true, b: false })` is MongoDB's `{ a: 1, b: 0 }`; operator objects pass through. */
function toMongoProjection(projection: Projection): Plain {
  if (typeof projection !== 'object' || projection === null) throw invalidParam('field() needs an object')
  const out: Plain = {}
  for (const [key, value] of Object.entries(projection as Plain)) {
    out[key] =
      typeof value === 'object' && value !== null ? { ...value } : value === true || Number(value) > 0 ? 1 : 0
  }
  return out
}
