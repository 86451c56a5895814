import type { GoodsRepo, StockRepo, StoreRepo } from '../../ports'
import type { GoodsRecord, StockRecord, StoreRecord } from '../../model'
import type { CloudDb } from './cloud-db'
import { stockKey } from '../../domain/stock'
import { addUnique, C, getAll, getOrNull, upsertAll, withoutId } from './support'

export function createStoreRepo(db: CloudDb): StoreRepo {
  return {
    get: (storeId) => getOrNull<StoreRecord>(db, C.stores, storeId),
    list: () => getAll<StoreRecord>(db, C.stores, {}, ['_id', 'asc']),
    upsert: (stores) => upsertAll(db, C.stores, stores),
  }
}

export function createStockRepo(db: CloudDb): StockRepo {
  const _ = db.command
  return {
    get: (stockId) => getOrNull<StockRecord>(db, C.stock, stockId),

    async applyFeed(row, now) {
      const id = stockKey(row.storeId, row.productCode, row.unit)
      for (let attempt = 0; attempt < 5; attempt++) {
        const current = await getOrNull<StockRecord>(db, C.stock, id)
        if (!current) {
          const record: StockRecord = {
            _id: id,
            storeId: row.storeId,
            productCode: row.productCode,
            unit: row.unit,
            quantity: row.quantity,
            reserved: 0,
            holds: {},
            erpQuantity: row.quantity,
            erpAt: row.asOf,
            updatedAt: now,
          }
          if (await addUnique(db, C.stock, { ...record })) return 'created'
          continue
        }
        if (current.erpAt >= row.asOf) return 'stale'
        // the ERP's absolute figure does not know our unpaid reservations: what may be sold is the rest
        const res = await db
          .collection(C.stock)
          .where({ _id: id, erpAt: current.erpAt, reserved: current.reserved })
          .update({
            data: {
              quantity: Math.max(0, row.quantity - current.reserved),
              erpQuantity: row.quantity,
              erpAt: row.asOf,
              updatedAt: now,
            },
          })
        if (res.stats.updated === 1) return 'updated'
      }
      throw new Error(`stock ${id} kept changing while applying the feed`)
    },
  }
}

export function createGoodsRepo(db: CloudDb): GoodsRepo {
  const _ = db.command
  return {
    get: (goodsId) => getOrNull<GoodsRecord>(db, C.goods, goodsId),
    async getMany(goodsIds) {
      if (goodsIds.length === 0) return []
      return getAll<GoodsRecord>(db, C.goods, { _id: _.in(goodsIds) })
    },
    async byWxGoodsId(wxGoodsId) {
      const res = await db.collection(C.goods).where({ wxGoodsId }).limit(1).get()
      return (res.data[0] as GoodsRecord | undefined) ?? null
    },
    async list(filter) {
      const where: Record<string, unknown> = { deletedAt: _.exists(false) }
      if (filter.storeId) where.storeId = filter.storeId
      if (filter.auditStatus !== undefined) where.auditStatus = filter.auditStatus
      if (filter.keyword) where.name = db.RegExp({ regexp: escapeRegExp(filter.keyword), options: 'i' })
      const query = db.collection(C.goods).where(where)
      const [{ total }, page] = await Promise.all([
        query.count(),
        db
          .collection(C.goods)
          .where(where)
          .orderBy('createdAt', 'desc')
          .skip(filter.offset ?? 0)
          .limit(filter.limit ?? 20)
          .get(),
      ])
      return { total, goods: page.data as unknown as GoodsRecord[] }
    },
    underAudit: () => getAll<GoodsRecord>(db, C.goods, { auditStatus: 1, deletedAt: _.exists(false) }),
    async add(goods) {
      if (!(await addUnique(db, C.goods, { ...goods }))) throw new Error(`goods ${goods._id} exists`)
    },
    async update(goodsId, patch) {
      await db
        .collection(C.goods)
        .doc(goodsId)
        .update({ data: withoutId(patch) })
    },
    async remove(goodsId) {
      await db.collection(C.goods).doc(goodsId).remove()
    },
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
