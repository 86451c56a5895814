/**
 * The part of CloudBase's database API (`cloud.database()` of wx-server-sdk) that our repositories use,
 * typed as promises. `cloud.database()` satisfies it in a cloud function; the local cloud's emulated
 * database satisfies it on a plain machine. Repositories are written once against this interface.
 */
import type { DB } from 'wx-server-sdk'

export type Doc = Record<string, unknown> & { _id?: string }
export type Command = DB.DatabaseCommand
export type Condition = Record<string, unknown>

export interface QueryResult<T = Doc> {
  data: T[]
}
export interface SingleResult<T = Doc> {
  data: T
}
export interface UpdateResult {
  stats: { updated: number }
}
export interface SetResult {
  _id: string
  stats: { updated: number; created: number }
}
export interface RemoveResult {
  stats: { removed: number }
}

export interface Query<T = Doc> {
  where(condition: Condition): Query<T>
  orderBy(fieldPath: string, order: 'asc' | 'desc'): Query<T>
  limit(max: number): Query<T>
  skip(offset: number): Query<T>
  field(projection: Record<string, boolean | 0 | 1>): Query<T>
  get(): Promise<QueryResult<T>>
  count(): Promise<{ total: number }>
  update(options: { data: Condition }): Promise<UpdateResult>
  remove(): Promise<RemoveResult>
}

export interface DocumentRef<T = Doc> {
  field(projection: Record<string, boolean | 0 | 1>): DocumentRef<T>
  /** Rejects when the document does not exist (as CloudBase does). */
  get(): Promise<SingleResult<T>>
  set(options: { data: Condition }): Promise<SetResult>
  update(options: { data: Condition }): Promise<UpdateResult>
  remove(): Promise<RemoveResult>
}

export interface Aggregate {
  match(condition: Condition): Aggregate
  group(spec: Condition): Aggregate
  sort(spec: Record<string, 1 | -1>): Aggregate
  project(spec: Condition): Aggregate
  skip(n: number): Aggregate
  limit(n: number): Aggregate
  unwind(spec: string | Condition): Aggregate
  lookup(spec: Condition): Aggregate
  addFields(spec: Condition): Aggregate
  count(field: string): Aggregate
  end(): Promise<{ list: Doc[] }>
}

export interface Collection<T = Doc> extends Query<T> {
  doc(id: string): DocumentRef<T>
  /** Rejects when `data._id` is already taken: our uniqueness primitive. */
  add(options: { data: Condition }): Promise<{ _id: string }>
  aggregate(): Aggregate
}

/** Inside a transaction only single-document operations exist (no `where`). */
export interface TransactionCollection {
  doc(id: string): {
    get(): Promise<SingleResult<Doc>>
    set(options: { data: Condition }): Promise<unknown>
    update(options: { data: Condition }): Promise<UpdateResult>
    remove(): Promise<RemoveResult>
  }
  add(options: { data: Condition }): Promise<{ _id: string }>
}

export interface Transaction {
  collection(name: string): TransactionCollection
  rollback(reason?: unknown): Promise<void>
}

export interface CloudDb {
  readonly command: Command
  serverDate(options?: { offset?: number }): unknown
  /** A regular-expression condition, e.g. for keyword search. */
  RegExp(options: { regexp: string; options?: string }): unknown
  collection<T = Doc>(name: string): Collection<T>
  /** Runs `fn` in a transaction, retried up to `retries` times on conflict. */
  runTransaction<R>(fn: (tx: Transaction) => Promise<R>, retries?: number): Promise<R>
}
