import type { MemberRepo, RateLimiter } from '../../ports'
import type { CardRecord, MemberRecord } from '../../model'
import type { CloudDb } from './cloud-db'
import { addUnique, C, getOrNull, upsertAll } from './support'

/** Members (OPENID → card) and the ERP's member cards. */
export function createMemberRepo(db: CloudDb): MemberRepo {
  const _ = db.command
  return {
    member: (openid) => getOrNull<MemberRecord>(db, C.members, openid),
    card: (cardNo) => getOrNull<CardRecord>(db, C.cards, cardNo),

    async bind(cardNo, openid, at) {
      // one card ↔ one OPENID: the member document (keyed by OPENID) first, then the card's owner field
      if (!(await addUnique(db, C.members, { _id: openid, cardNo, boundAt: at }))) return 'member_bound'
      const res = await db
        .collection(C.cards)
        .where({ _id: cardNo, boundOpenid: _.exists(false) })
        .update({ data: { boundOpenid: openid, boundAt: at } })
      if (res.stats.updated === 1) return 'bound'
      await db.collection(C.members).where({ _id: openid, cardNo }).remove()
      return 'card_taken'
    },

    upsertCards: (cards) => upsertAll(db, C.cards, cards),
  }
}

/** Fixed-window counters in the `counters` collection. */
export function createRateLimiter(db: CloudDb): RateLimiter {
  const _ = db.command
  return {
    async count(key, windowMs, now) {
      const doc = await getOrNull<{ n: number }>(db, C.counters, `rl:${key}:${Math.floor(now / windowMs)}`)
      return doc?.n ?? 0
    },

    async hit(key, windowMs, max, now) {
      const id = `rl:${key}:${Math.floor(now / windowMs)}`
      const res = await db
        .collection(C.counters)
        .where({ _id: id, n: _.lt(max) })
        .update({ data: { n: _.inc(1) } })
      if (res.stats.updated === 1) return true
      if (await addUnique(db, C.counters, { _id: id, n: 1, expireAt: now + windowMs })) return max >= 1
      const again = await db
        .collection(C.counters)
        .where({ _id: id, n: _.lt(max) })
        .update({ data: { n: _.inc(1) } })
      return again.stats.updated === 1
    },
    async clear(key) {
      // every window of this key and of the keys under it: `rl:<key>[:<more>]:<window number>`
      const pattern = `^rl:${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:.+)?:[0-9]+$`
      await db
        .collection(C.counters)
        .where({ _id: db.RegExp({ regexp: pattern }) })
        .remove()
    },
  }
}
