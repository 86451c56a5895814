import type { OrderRepo } from '../../ports'
import type { OrderRecord } from '../../model'
import type { CloudDb } from './cloud-db'
import { addUnique, C, getOrNull, withoutId } from './support'

export function createOrderRepo(db: CloudDb): OrderRepo {
  const _ = db.command
  const orders = () => db.collection(C.orders)
  return {
    get: (orderId) => getOrNull<OrderRecord>(db, C.orders, orderId),
    create: (order) => addUnique(db, C.orders, { ...order }),

    async transition(orderId, from, to, patch) {
      // the status guard makes the transition happen for exactly one caller (rule 9: release once)
      const res = await orders()
        .where({ _id: orderId, status: from })
        .update({ data: { ...withoutId(patch), status: to } })
      return res.stats.updated === 1
    },

    async update(orderId, patch) {
      await orders()
        .doc(orderId)
        .update({ data: withoutId(patch) })
    },

    async markReleased(orderId, kind, at) {
      const key = `released.${kind}`
      const res = await orders()
        .where({ _id: orderId, status: 'refunded', [key]: _.exists(false) })
        .update({ data: { [key]: at } })
      return res.stats.updated === 1
    },

    async addRefund(orderId, refund) {
      const key = `refunds.${refund.outTradeNo}`
      const res = await orders()
        .where({ _id: orderId, [key]: _.exists(false) })
        .update({ data: { [key]: refund, refundOpen: true } })
      return res.stats.updated === 1
    },

    async listByOpenid(openid, { status, before, limit }) {
      const where: Record<string, unknown> = {
        openid,
        status: status ?? _.in(['pending', 'paid', 'cancelled', 'closed', 'refunded']),
      }
      if (before !== undefined) where.createdAt = _.lt(before)
      const res = await orders().where(where).orderBy('createdAt', 'desc').limit(limit).get()
      return res.data as unknown as OrderRecord[]
    },

    async due(status, field, at, limit) {
      const res = await orders()
        .where({ status, [field]: _.lt(at) })
        .orderBy(field, 'asc')
        .limit(limit)
        .get()
      return res.data as unknown as OrderRecord[]
    },

    async openRefunds(limit) {
      const res = await orders().where({ refundOpen: true }).orderBy('updatedAt', 'asc').limit(limit).get()
      return res.data as unknown as OrderRecord[]
    },

    async unsettled(before, limit) {
      const res = await orders()
        .where({
          status: _.in(['paid', 'cancelled', 'closed', 'failed']),
          settledAt: _.exists(false),
          updatedAt: _.lt(before),
        })
        .limit(limit)
        .get()
      return res.data as unknown as OrderRecord[]
    },
  }
}
