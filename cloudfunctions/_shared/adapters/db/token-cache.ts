/**
 * The WeChat access token, shared by every function instance through the database, so instances do not
 * each fetch (and, with force_refresh, invalidate) their own. A write never replaces a fresher token.
 */
import type { TokenCache } from '../../ports'
import type { CloudDb } from './cloud-db'

interface TokenDoc {
  _id: string
  token: string
  expiresAt: number
}

export function createTokenCache(db: CloudDb, collection = 'tokens'): TokenCache {
  const coll = (): ReturnType<CloudDb['collection']> => db.collection(collection)
  const _ = db.command

  /**
   * Replaces the stored token unless it outlives the new one. Equal expiry counts as not fresher: a forced
   * refresh within the same millisecond (or under a frozen test clock) must still replace the token it revoked.
   */
  async function guardedUpdate(key: string, token: string, expiresAt: number): Promise<number> {
    const r = await coll()
      .where({ _id: key, expiresAt: _.lte(expiresAt) })
      .update({ data: { token, expiresAt } })
    return r.stats.updated
  }

  return {
    async read(key) {
      // where() answers an empty list for a missing document, where doc().get() would reject
      const { data } = await coll().where({ _id: key }).limit(1).get()
      const doc = data[0] as Partial<TokenDoc> | undefined
      if (!doc || typeof doc.token !== 'string' || typeof doc.expiresAt !== 'number') return null
      return { token: doc.token, expiresAt: doc.expiresAt }
    },

    async write(key, token, expiresAt) {
      if ((await guardedUpdate(key, token, expiresAt)) > 0) return
      try {
        await coll().add({ data: { _id: key, token, expiresAt } })
      } catch {
        // the document exists: either it is fresher (nothing to do) or another instance added it
        // between our update and add — the guarded update settles which token wins
        await guardedUpdate(key, token, expiresAt)
      }
    },
  }
}
