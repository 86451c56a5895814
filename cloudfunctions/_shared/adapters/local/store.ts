/**
 * Documents of every collection, cached in memory and written to SQLite at the end of each turn of the
 * event loop (one transaction for everything the turn changed).
 *
 * Cached documents are never mutated: a write replaces the object. That makes "has this document changed
 * since I looked?" an identity check, which is how transactions detect conflicts.
 */
import Database from 'better-sqlite3'
import { fromJson, toJson, type Plain } from './codec'

export type StoredDoc = Plain & { _id: string }

export interface Change {
  collection: string
  id: string
  /** The new body, or undefined to delete. */
  doc: StoredDoc | undefined
}

export class DocStore {
  private readonly sql: Database.Database
  private readonly cache = new Map<string, Map<string, StoredDoc>>()
  private readonly selectCollection: Database.Statement<[string], { body: string }>
  private readonly upsert: Database.Statement<[string, string, string]>
  private readonly delete: Database.Statement<[string, string]>
  private readonly commitMany: (changes: Change[]) => void

  constructor(file: string) {
    this.sql = new Database(file)
    this.sql.pragma('journal_mode = WAL')
    this.sql.pragma('synchronous = NORMAL')
    // A rowid table so that loading in rowid order restores insertion order (the natural order of results).
    this.sql.exec(
      'CREATE TABLE IF NOT EXISTS docs (coll TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (coll, id))',
    )
    this.selectCollection = this.sql.prepare('SELECT body FROM docs WHERE coll = ? ORDER BY rowid')
    this.upsert = this.sql.prepare(
      'INSERT INTO docs (coll, id, body) VALUES (?, ?, ?) ON CONFLICT (coll, id) DO UPDATE SET body = excluded.body',
    )
    this.delete = this.sql.prepare('DELETE FROM docs WHERE coll = ? AND id = ?')
    this.commitMany = this.sql.transaction((changes: Change[]) => changes.forEach((c) => this.persist(c)))
  }

  /** The live map of one collection (loaded on first use). Callers must not mutate it or its documents. */
  docs(collection: string): ReadonlyMap<string, StoredDoc> {
    return this.load(collection)
  }

  peek(collection: string, id: string): StoredDoc | undefined {
    return this.load(collection).get(id)
  }

  /** Bytes of document bodies written to SQLite so far (what a write costs grows with its document). */
  bytesWritten = 0
  /** The same, per collection. */
  readonly bytesByCollection = new Map<string, number>()

  /** Changes not yet in SQLite, the latest body per document (a group commit per turn of the event loop). */
  private pending = new Map<string, Change>()
  private flushing: NodeJS.Immediate | undefined

  /**
   * Applies the changes to the cache now (what every later read sees) and to SQLite at the end of this turn of
   * the event loop, with every other change of the turn, in one SQLite transaction: a document written several
   * times in a turn is written once, and one commit costs what one did.
   */
  commit(changes: readonly Change[]): void {
    if (changes.length === 0) return
    for (const change of changes) this.pending.set(`${change.collection}\u0000${change.id}`, change)
    this.flushing ??= setImmediate(() => this.flush())
    for (const change of changes) {
      const docs = this.load(change.collection)
      if (change.doc === undefined) docs.delete(change.id)
      else docs.set(change.id, change.doc)
    }
  }

  /** Writes what is pending to SQLite now. */
  flush(): void {
    if (this.flushing) clearImmediate(this.flushing)
    this.flushing = undefined
    if (this.pending.size === 0) return
    const changes = [...this.pending.values()]
    this.pending = new Map()
    if (changes.length === 1) this.persist(changes[0] as Change)
    else this.commitMany(changes)
  }

  dropAll(): void {
    this.flush()
    this.sql.exec('DELETE FROM docs')
    this.cache.clear()
  }

  close(): void {
    this.flush()
    this.sql.close()
    this.cache.clear()
  }

  private load(collection: string): Map<string, StoredDoc> {
    let docs = this.cache.get(collection)
    if (docs === undefined) {
      docs = new Map()
      for (const row of this.selectCollection.all(collection)) {
        const doc = fromJson(row.body) as StoredDoc
        docs.set(doc._id, doc)
      }
      this.cache.set(collection, docs)
    }
    return docs
  }

  private persist(change: Change): void {
    if (change.doc === undefined) this.delete.run(change.collection, change.id)
    else {
      const body = toJson(change.doc)
      this.bytesWritten += body.length
      this.bytesByCollection.set(
        change.collection,
        (this.bytesByCollection.get(change.collection) ?? 0) + body.length,
      )
      this.upsert.run(change.collection, change.id, body)
    }
  }
}
