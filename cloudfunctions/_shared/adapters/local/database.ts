/**
 * The local cloud's stand-in for `cloud.database()`: the wx-server-sdk chain API over an in-memory cache
 * written through to SQLite, with queries and updates built by the real `db.command`, turned into MongoDB
 * syntax by CloudBase's own serializers and evaluated by mingo.
 *
 * Representation notes:
 * - `db.serverDate()` is the real SDK's ServerDate marker; it is stored (and read back) as a JS `Date` of
 *   the emulator's clock (`options.now`, default `Date.now`) plus its offset.
 * - Dates persist in SQLite as `{ "$date": ms }` and come back as `Date`.
 * - Collections exist implicitly (CloudBase requires them to be created first; the emulator does not).
 * - `limit(n)` above 1000 is capped at 1000, like the SDK; `get()` without `limit` returns at most 100;
 *   an aggregate without a `$limit` stage returns at most 20 rows.
 */
import { Db } from '@cloudbase/database'
import type { CloudDb, Collection, Command, Doc, Transaction } from '../db/cloud-db'
import { LocalCollection, type Runner } from './chain'
import { Engine, type Counters } from './engine'
import { closedError, invalidParam, isTransactionConflict, transactionConflict } from './errors'
import { DocStore } from './store'
import { LocalTransaction } from './transaction'

export interface LocalDatabaseOptions {
  /** SQLite file path; omitted = ':memory:'. */
  file?: string
  /** The clock `serverDate()` reads (epoch ms); defaults to `Date.now`. */
  now?: () => number
  /**
   * A model of one document's write limit, for measurements only (docs/scale.md): each update of one document
   * takes this many milliseconds of real time, and updates of the same document wait for each other.
   * Default 0 (no wait; tests never set it).
   */
  documentWriteMs?: number
}

export interface LocalDatabase extends CloudDb {
  close(): void
  counters(): Counters
  resetCounters(): void
  /** Empties every collection (used by `npm run demo` to replace the data set). */
  dropAll(): void
}

/** The real SDK's database object, used only for its command and marker constructors (no request is sent). */
const sdk = new Db({})

export function createLocalDatabase(options: LocalDatabaseOptions = {}): LocalDatabase {
  return new EmulatedDatabase(options)
}

class EmulatedDatabase implements LocalDatabase {
  readonly command = sdk.command as unknown as Command
  private readonly engine: Engine
  private closed = false
  private bytesBaseline = 0
  private readonly documentWriteMs: number
  private readonly writeQueues = new Map<string, Promise<void>>()

  constructor(options: LocalDatabaseOptions) {
    this.engine = new Engine(new DocStore(options.file ?? ':memory:'), options.now ?? Date.now)
    this.documentWriteMs = options.documentWriteMs ?? 0
  }

  serverDate(options?: { offset?: number }): unknown {
    return sdk.serverDate(options)
  }

  /** The SDK's own RegExp marker; the serializer turns it into `$regularExpression`, evaluated as a JS RegExp. */
  RegExp(options: { regexp: string; options?: string }): unknown {
    return sdk.RegExp(options)
  }

  collection<T = Doc>(name: string): Collection<T> {
    if (typeof name !== 'string' || name === '') throw invalidParam('collection() needs a name')
    return new LocalCollection(this.engine, this.run, name) as unknown as Collection<T>
  }

  async runTransaction<R>(fn: (tx: Transaction) => Promise<R>, retries = 3): Promise<R> {
    // As the SDK: the first run plus up to `retries` re-runs on conflict.
    for (let attempt = 0; attempt <= retries; attempt++) {
      const tx = new LocalTransaction(this.engine, this.run)
      let result: R
      try {
        result = await fn(tx)
      } catch (error) {
        tx.abandon()
        if (tx.rolledBack) throw tx.rollbackReason
        if (isTransactionConflict(error)) continue
        throw error
      }
      if (tx.rolledBack) throw tx.rollbackReason
      if (await this.run(() => tx.commit())) return result
    }
    throw transactionConflict(retries + 1)
  }

  counters(): Counters {
    // what was written is counted once it reached SQLite
    this.engine.store.flush()
    return { ...this.engine.counters, bytesWritten: this.engine.store.bytesWritten - this.bytesBaseline }
  }

  resetCounters(): void {
    this.engine.store.flush()
    Object.assign(this.engine.counters, { readOps: 0, writeOps: 0, docsWritten: 0, bytesWritten: 0 })
    this.bytesBaseline = this.engine.store.bytesWritten
    this.engine.store.bytesByCollection.clear()
  }

  dropAll(): void {
    this.assertOpen()
    this.engine.store.dropAll()
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.engine.store.close()
  }

  private readonly run: Runner = async (work, writes) => {
    if (writes !== undefined && this.documentWriteMs > 0) return this.queued(writes, work)
    await new Promise<void>((resolve) => setImmediate(resolve))
    this.assertOpen()
    return work()
  }

  /** One document's writes one after the other, each `documentWriteMs` long (the model of its write limit). */
  private queued<T>(key: string, work: () => T): Promise<T> {
    const previous = this.writeQueues.get(key) ?? Promise.resolve()
    const mine = previous.then(async () => {
      await new Promise((resolve) => setTimeout(resolve, this.documentWriteMs))
      this.assertOpen()
      return work()
    })
    const tail = mine.then(
      () => undefined,
      () => undefined,
    )
    this.writeQueues.set(key, tail)
    void tail.then(() => {
      if (this.writeQueues.get(key) === tail) this.writeQueues.delete(key)
    })
    return mine
  }

  private assertOpen(): void {
    if (this.closed) throw closedError()
  }
}
