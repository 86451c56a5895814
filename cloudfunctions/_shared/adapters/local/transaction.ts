/**
 * Transactions: optimistic, with the isolation CloudBase documents.
 *
 * - Each document is snapshotted when the transaction first touches it; later reads see that snapshot plus
 *   the transaction's own writes (CloudBase: snapshot isolation).
 * - Writes are buffered and committed at the end in one SQLite transaction, in the same tick as the check.
 * - Conflict rule: the commit aborts when a document the transaction *wrote to* (any write call, even one
 *   that changed nothing) was changed by someone else since it was first touched. Documents only read are
 *   not checked — CloudBase locks written documents only, so write skew is possible there too.
 */
import type {
  Condition,
  Doc,
  RemoveResult,
  SingleResult,
  Transaction,
  TransactionCollection,
  UpdateResult,
} from '../db/cloud-db'
import { clone, encodeUpdate } from './codec'
import { applyUpdate, type Engine } from './engine'
import { checkId, dataOf, type Runner } from './chain'
import { duplicateId, invalidParam, notFound } from './errors'
import type { Change, StoredDoc } from './store'

interface Touched {
  collection: string
  id: string
  /** The committed document when first touched (identity is the version). */
  base: StoredDoc | undefined
  /** The transaction's own view of it. */
  current: StoredDoc | undefined
  written: boolean
}

export class LocalTransaction implements Transaction {
  private readonly touched = new Map<string, Touched>()
  private state: 'open' | 'rolledBack' | 'finished' = 'open'
  private reason: unknown

  constructor(
    private readonly engine: Engine,
    private readonly run: Runner,
  ) {}

  collection(name: string): TransactionCollection {
    if (typeof name !== 'string' || name === '') throw invalidParam('collection() needs a name')
    return new LocalTransactionCollection(this, name)
  }

  async rollback(reason?: unknown): Promise<void> {
    await this.run(() => this.assertOpen())
    this.state = 'rolledBack'
    this.reason = reason
  }

  get rolledBack(): boolean {
    return this.state === 'rolledBack'
  }

  get rollbackReason(): unknown {
    return this.reason
  }

  /** Validates and applies the buffered writes atomically; false on conflict (nothing written). */
  commit(): boolean {
    this.assertOpen()
    this.state = 'finished'
    const written = [...this.touched.values()].filter((entry) => entry.written)
    if (written.some((entry) => this.engine.store.peek(entry.collection, entry.id) !== entry.base))
      return false
    const changes: Change[] = written
      .filter((entry) => entry.current !== entry.base)
      .map((entry) => ({ collection: entry.collection, id: entry.id, doc: entry.current }))
    this.engine.write(changes)
    return true
  }

  /** Ends the transaction without writing (the callback failed). */
  abandon(): void {
    if (this.state === 'open') this.state = 'finished'
  }

  get(collection: string, id: string): Promise<SingleResult<Doc>> {
    return this.op(() => {
      this.engine.counters.readOps++
      const doc = this.touch(collection, id).current
      if (doc === undefined) throw notFound(id)
      return { data: clone(doc), errMsg: 'document.get:ok' }
    })
  }

  set(collection: string, id: string, options: unknown): Promise<unknown> {
    return this.write(collection, id, (entry) => {
      const body = this.engine.newBody(id, dataOf(options, 'set'), 'document.set')
      const created = entry.current === undefined ? 1 : 0
      entry.current = body
      return { _id: id, stats: { updated: 1 - created, created }, errMsg: 'document.set:ok' }
    })
  }

  update(collection: string, id: string, options: unknown): Promise<UpdateResult> {
    return this.write(collection, id, (entry) => {
      const modifier = encodeUpdate(dataOf(options, 'update'), this.engine.now())
      const next = entry.current === undefined ? undefined : applyUpdate(entry.current, modifier)
      if (next !== undefined) entry.current = next
      return { stats: { updated: next === undefined ? 0 : 1 }, errMsg: 'document.update:ok' }
    })
  }

  remove(collection: string, id: string): Promise<RemoveResult> {
    return this.write(collection, id, (entry) => {
      const removed = entry.current === undefined ? 0 : 1
      entry.current = undefined
      return { stats: { removed }, errMsg: 'document.remove:ok' }
    })
  }

  add(collection: string, options: unknown): Promise<{ _id: string }> {
    return this.op(() => {
      this.engine.counters.writeOps++
      const doc = this.engine.newDocument(dataOf(options, 'add'), 'collection.add')
      const entry = this.touch(collection, doc._id)
      if (entry.current !== undefined) throw duplicateId(collection, doc._id)
      entry.current = doc
      entry.written = true
      return { _id: doc._id, errMsg: 'collection.add:ok' }
    })
  }

  private write<R>(collection: string, id: string, apply: (entry: Touched) => R): Promise<R> {
    return this.op(() => {
      this.engine.counters.writeOps++
      const entry = this.touch(collection, id)
      const result = apply(entry)
      entry.written = true
      return result
    })
  }

  private op<R>(work: () => R): Promise<R> {
    return this.run(() => {
      this.assertOpen()
      return work()
    })
  }

  private touch(collection: string, id: string): Touched {
    const key = `${collection}\u0000${id}`
    let entry = this.touched.get(key)
    if (entry === undefined) {
      const base = this.engine.store.peek(collection, id)
      entry = { collection, id, base, current: base, written: false }
      this.touched.set(key, entry)
    }
    return entry
  }

  private assertOpen(): void {
    if (this.state !== 'open')
      throw invalidParam(
        `the transaction is already ${this.state === 'rolledBack' ? 'rolled back' : 'finished'}`,
      )
  }
}

class LocalTransactionCollection implements TransactionCollection {
  constructor(
    private readonly tx: LocalTransaction,
    private readonly name: string,
  ) {}

  doc(id: string): ReturnType<TransactionCollection['doc']> {
    const docId = checkId(id)
    return {
      get: () => this.tx.get(this.name, docId),
      set: (options: { data: Condition }) => this.tx.set(this.name, docId, options),
      update: (options: { data: Condition }) => this.tx.update(this.name, docId, options),
      remove: () => this.tx.remove(this.name, docId),
    }
  }

  add(options: { data: Condition }): Promise<{ _id: string }> {
    return this.tx.add(this.name, options)
  }

  /** CloudBase transactions only offer single-document operations; fail loudly rather than run unisolated. */
  where(): never {
    throw invalidParam('where() is not available inside a transaction: use doc(id) or add() (CloudBase rule)')
  }
}
