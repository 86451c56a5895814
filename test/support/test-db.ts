/**
 * The database a contract test runs against: the local emulator by default, or real CloudBase when
 * `TCB_ENV` is set (credentials come from the usual TENCENTCLOUD_* variables). On CloudBase every
 * collection name gets a random prefix, and cleanup removes the documents of every collection used.
 */
import { randomBytes } from 'node:crypto'
import type { CloudDb, Collection, Doc, Transaction } from '../../cloudfunctions/_shared/adapters/db/cloud-db'
import { createLocalDatabase } from '../../cloudfunctions/_shared/adapters/local/database'

export interface TestDb {
  db: CloudDb
  cleanup(): Promise<void>
}

export interface TestDbOptions {
  /** Collections to create up front: CloudBase refuses writes to a collection that does not exist. */
  collections?: string[]
}

export async function makeTestDb(options: TestDbOptions = {}): Promise<TestDb> {
  const env = process.env['TCB_ENV']
  if (env === undefined || env === '') {
    const db = createLocalDatabase()
    return { db, cleanup: async () => db.close() }
  }
  return makeCloudBaseDb(env, options.collections ?? [])
}

interface RealDb extends CloudDb {
  createCollection(name: string): Promise<unknown>
}

async function makeCloudBaseDb(env: string, collections: string[]): Promise<TestDb> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk') as { init(config: { env: string }): void; database(): unknown }
  cloud.init({ env })
  const real = cloud.database() as RealDb
  const prefix = `t${randomBytes(4).toString('hex')}_`
  const used = new Set<string>(collections)
  await Promise.all(collections.map((name) => real.createCollection(prefix + name)))
  const db: CloudDb = {
    command: real.command,
    serverDate: (options) => real.serverDate(options),
    RegExp: (options) => real.RegExp(options),
    collection: <T = Doc>(name: string): Collection<T> => {
      used.add(name)
      return real.collection<T>(prefix + name)
    },
    runTransaction: (fn, retries) => real.runTransaction((tx) => fn(prefixed(tx, prefix)), retries),
  }
  return { db, cleanup: () => removeAll(real, prefix, used) }
}

function prefixed(tx: Transaction, prefix: string): Transaction {
  return { collection: (name) => tx.collection(prefix + name), rollback: (reason) => tx.rollback(reason) }
}

async function removeAll(real: RealDb, prefix: string, names: Set<string>): Promise<void> {
  const _ = real.command
  for (const name of names) {
    // A multi-document remove may stop at a server-side batch size: repeat until nothing is left.
    while (
      (
        await real
          .collection(prefix + name)
          .where({ _id: _.exists(true) })
          .remove()
      ).stats.removed > 0
    );
  }
}
