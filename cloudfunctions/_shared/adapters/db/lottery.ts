/** The lottery ledger (抽奖兑奖): lotteries and one prize row per winner, keyed by the 兑奖码. */
import type { LotteryRepo, PrizeRepo } from '../../ports'
import type { CardRecord, LotteryRecord, PrizeRecord } from '../../model'
import type { CloudDb, Condition } from './cloud-db'
import { escapeRegExp } from './back-office'
import { addUnique, C, getAll, getOrNull, withoutId } from './support'

export const LOTTERIES = 'lotteries'

export function createPrizeRepo(db: CloudDb): PrizeRepo {
  const _ = db.command
  const prizes = () => db.collection(C.prizes)
  return {
    listByOpenid: (openid) =>
      openid ? getAll<PrizeRecord>(db, C.prizes, { openid }, ['wonAt', 'desc']) : Promise.resolve([]),
    get: (code) => getOrNull<PrizeRecord>(db, C.prizes, code),
    async getMany(codes) {
      if (codes.length === 0) return []
      const out: PrizeRecord[] = []
      // `in` lists stay small: CloudBase caps a query's conditions
      for (let i = 0; i < codes.length; i += 500)
        out.push(...(await getAll<PrizeRecord>(db, C.prizes, { _id: _.in(codes.slice(i, i + 500)) })))
      return out
    },
    add: (prize) => addUnique(db, C.prizes, { ...prize }),
    async list(filter, offset, limit) {
      const where: Condition = {}
      if (filter.lotteryId) where.lotteryId = filter.lotteryId
      if (filter.state) where.state = filter.state
      const kw = filter.keyword ? db.RegExp({ regexp: escapeRegExp(filter.keyword), options: 'i' }) : null
      const cond = kw
        ? _.and([where, _.or([{ code: kw }, { nickname: kw }, { receiverName: kw }, { phone: kw }])])
        : where
      const [{ total }, page] = await Promise.all([
        prizes()
          .where(cond as Condition)
          .count(),
        prizes()
          .where(cond as Condition)
          .orderBy('wonAt', 'desc')
          .skip(offset)
          .limit(limit)
          .get(),
      ])
      return { total, items: page.data as unknown as PrizeRecord[] }
    },
    async settle(code, to, patch) {
      // the state guard: of any number of concurrent redemptions, exactly one update matches
      const res = await prizes()
        .where({ _id: code, state: 'unredeemed' })
        .update({ data: { ...withoutId(patch), state: to } })
      return res.stats.updated === 1
    },
    async link(code, openid, by, at) {
      const res = await prizes()
        .where({ _id: code, openid: '' })
        .update({ data: { openid, linkedBy: by, linkedAt: at } })
      return res.stats.updated === 1
    },
    async setPrizeName(lotteryId, prizeName) {
      await prizes().where({ lotteryId }).update({ data: { prizeName } })
    },
  }
}

export function createLotteryRepo(db: CloudDb): LotteryRepo {
  const _ = db.command
  return {
    get: (id) => getOrNull<LotteryRecord>(db, LOTTERIES, id),
    list: () => getAll<LotteryRecord>(db, LOTTERIES, {}, ['createdAt', 'desc']),
    async put(lottery) {
      await db
        .collection(LOTTERIES)
        .doc(lottery._id)
        .set({ data: withoutId(lottery) })
    },
    async update(id, patch) {
      await db
        .collection(LOTTERIES)
        .where({ _id: id })
        .update({ data: withoutId(patch) })
    },
    async boundByPhone(phones) {
      const out = new Map<string, string>()
      const unique = [...new Set(phones.filter(Boolean))]
      for (let i = 0; i < unique.length; i += 500) {
        const cards = await getAll<CardRecord>(db, C.cards, {
          phone: _.in(unique.slice(i, i + 500)),
          boundOpenid: _.exists(true),
        })
        for (const card of cards) if (card.boundOpenid) out.set(card.phone, card.boundOpenid)
      }
      return out
    },
  }
}
