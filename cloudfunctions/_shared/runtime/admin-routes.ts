/**
 * The back office's handlers, one per declaration of `adminContract`: each a line or two over a
 * merchant use case. `implement()` checks every handler against its declaration's input and result.
 */
import type { z } from 'zod'
import { adminContract, type AdminContract } from '../contract/admin'
import type { httpImage } from '../contract/admin/schemas'
import { BizError } from '../domain/errors'
import type { ImageInput } from '../app/merchant/support'
import {
  addGoods,
  deleteGoods,
  editGoods,
  listGoods,
  resubmitAudit,
  withdrawAudit,
} from '../app/merchant/goods'
import { createRoom, deleteRoom, pushUrl, shareCode, syncRoom } from '../app/merchant/rooms'
import { importGoods, pushGoods, removeFromRoom } from '../app/merchant/shelf'
import { refundPaidOrder } from '../app/merchant/orders'
import { runSync, SHARED_RUN_MS } from '../app/sync'
import { listRooms, monitorSnapshot, roomDetail, shelfItems, switchGrab } from '../app/merchant/monitor'
import { exportOrders, listOrders, orderDetail } from '../app/merchant/order-list'
import {
  exportPrizes,
  importWinners,
  listLotteries,
  listPrizes,
  lotteryMapping,
  redeemPrize,
  setPrize,
  shipPrize,
} from '../app/merchant/lottery'
import { applyFeedChunk } from '../app/merchant/feed-chunks'
import { erpKeyInfo, rotateErpKey } from '../app/merchant/erp-key'
import { unlockCard } from '../app/merchant/cards'
import { getSettings, updateSettings } from '../app/merchant/settings'
import {
  addStaff,
  listStaff,
  login,
  logout,
  removeStaff,
  SESSION_MAX_MS,
  updateStaff,
} from '../app/merchant/staff'
import { listAuditLog } from '../app/merchant/audit-log'
import { checkEnablement, enableLive, enablementRecord } from '../app/merchant/enablement'
import { goodsRow, roomRow } from '../app/merchant/views'
import { implement, type ActionContext, type Handlers } from './actions'
import { actorOf, exchangeOf } from './admin-context'

const NONE: Record<string, never> = {}

/** An uploaded image as the use cases take it. */
function image(i: z.output<typeof httpImage>): ImageInput {
  return {
    data: new Uint8Array(Buffer.from(i.dataBase64, 'base64')),
    contentType: i.contentType === 'image/jpg' ? 'image/jpeg' : i.contentType,
    ...(i.name && { filename: i.name.slice(0, 100) }),
  }
}

function me(ctx: ActionContext): NonNullable<ActionContext['staff']> {
  if (!ctx.staff) throw new BizError('UNAUTHENTICATED')
  return ctx.staff
}

async function storeName(ctx: ActionContext, storeId: string): Promise<string> {
  return (await ctx.c.repos.stores.get(storeId))?.name ?? ''
}

function csv(ctx: ActionContext, name: string): void {
  const day = new Date(ctx.c.clock.now() + 8 * 3600_000).toISOString().slice(0, 10)
  exchangeOf(ctx).file = { filename: `${name}-${day}.csv`, contentType: 'text/csv; charset=utf-8' }
}

const feed =
  (kind: 'stores' | 'cards' | 'stock') => (i: { rows: unknown[]; offset: number }, ctx: ActionContext) =>
    applyFeedChunk(ctx.c, actorOf(ctx), kind, i.rows, i.offset)

const handlers: Handlers<AdminContract> = {
  'POST login': async (i, ctx) => {
    const ex = exchangeOf(ctx)
    const out = await login(ctx.c, i, ex.ip)
    ex.cookie = { sid: out.sid, maxAgeS: Math.floor(SESSION_MAX_MS / 1000) }
    return out.me
  },
  'POST logout': async (_i, ctx) => {
    const ex = exchangeOf(ctx)
    await logout(ctx.c, ex.sid, me(ctx).username)
    ex.cookie = null
    return NONE
  },
  'GET me': async (_i, ctx) => ({ ...me(ctx), csrfToken: exchangeOf(ctx).csrfToken ?? '' }),
  'GET stores': async (_i, ctx) => ({
    items: (await ctx.c.repos.stores.list()).map((s) => ({ storeId: s._id, name: s.name })),
  }),

  'GET enablement': (_i, ctx) => enablementRecord(ctx.c),
  'POST enablement/check': async (i, ctx) => {
    exchangeOf(ctx).readOnly = true
    return checkEnablement(ctx.c, i.figures)
  },
  'POST enablement': (i, ctx) => enableLive(ctx.c, actorOf(ctx), i.figures),

  'GET goods': async (i, ctx) => {
    const res = await listGoods(ctx.c, actorOf(ctx), i)
    return { items: res.goods.map(goodsRow), total: res.total }
  },
  'POST goods': async (i, ctx) =>
    goodsRow(await addGoods(ctx.c, actorOf(ctx), { ...i, cover: image(i.cover) })),
  'PUT goods/:goodsId': async (i, ctx) => {
    const { cover, ...rest } = i
    return goodsRow(await editGoods(ctx.c, actorOf(ctx), { ...rest, ...(cover && { cover: image(cover) }) }))
  },
  'POST goods/:goodsId/withdraw': async (i, ctx) => goodsRow(await withdrawAudit(ctx.c, actorOf(ctx), i)),
  'POST goods/:goodsId/resubmit': async (i, ctx) => goodsRow(await resubmitAudit(ctx.c, actorOf(ctx), i)),
  'DELETE goods/:goodsId': async (i, ctx) => {
    await deleteGoods(ctx.c, actorOf(ctx), i)
    return NONE
  },

  'GET rooms': (i, ctx) => listRooms(ctx.c, me(ctx), i),
  'POST sync': (_, ctx) => runSync(ctx.c, { shareWithinMs: SHARED_RUN_MS }),
  'GET rooms/:roomId': (i, ctx) => roomDetail(ctx.c, i.roomId),
  'POST rooms': async (i, ctx) => {
    const room = await createRoom(ctx.c, actorOf(ctx), {
      ...i,
      coverImage: image(i.coverImage),
      shareImage: image(i.shareImage),
      feedsImage: image(i.feedsImage),
    })
    return roomRow(room, await storeName(ctx, room.storeId))
  },
  'POST rooms/:roomId/sync': async (i, ctx) => {
    const { room } = await syncRoom(ctx.c, actorOf(ctx), i)
    return roomRow(room, await storeName(ctx, room.storeId))
  },
  'GET rooms/:roomId/share-code': (i, ctx) => shareCode(ctx.c, actorOf(ctx), i),
  'GET rooms/:roomId/push-url': (i, ctx) => pushUrl(ctx.c, actorOf(ctx), i),
  'DELETE rooms/:roomId': async (i, ctx) => {
    await deleteRoom(ctx.c, actorOf(ctx), i)
    return NONE
  },
  'POST rooms/:roomId/goods': async (i, ctx) => {
    const res = await importGoods(ctx.c, actorOf(ctx), i)
    const room = await ctx.c.repos.rooms.get(i.roomId)
    return { ...res, items: room ? await shelfItems(ctx.c, room) : [] }
  },
  'DELETE rooms/:roomId/goods/:goodsId': async (i, ctx) => {
    await removeFromRoom(ctx.c, actorOf(ctx), i)
    return NONE
  },
  'GET rooms/:roomId/monitor': (i, ctx) => monitorSnapshot(ctx.c, i.roomId),
  'POST rooms/:roomId/goods/:goodsId/grab': (i, ctx) => switchGrab(ctx.c, actorOf(ctx), i),
  'POST rooms/:roomId/goods/:goodsId/push': async (i, ctx) => {
    await pushGoods(ctx.c, actorOf(ctx), i)
    return NONE
  },

  'GET orders': (i, ctx) => listOrders(ctx.c, i),
  'GET orders/export': async (i, ctx) => {
    csv(ctx, '直播订单')
    return exportOrders(ctx.c, i)
  },
  'GET orders/:orderId': (i, ctx) => orderDetail(ctx.c, i.orderId),
  'POST orders/:orderId/refund': async (i, ctx) => {
    await refundPaidOrder(ctx.c, actorOf(ctx), i.orderId)
    return orderDetail(ctx.c, i.orderId)
  },

  'GET lottery/mapping': (_i, ctx) => lotteryMapping(ctx.c),
  'POST lottery/import': (i, ctx) => {
    if (i.dryRun) exchangeOf(ctx).readOnly = true
    return importWinners(ctx.c, actorOf(ctx), i)
  },
  'GET lottery/lotteries': (_i, ctx) => listLotteries(ctx.c),
  'PUT lottery/lotteries/:lotteryId': (i, ctx) => setPrize(ctx.c, actorOf(ctx), i),
  'GET prizes': (i, ctx) => listPrizes(ctx.c, i),
  'GET prizes/export': async (i, ctx) => {
    csv(ctx, '兑奖台账')
    return exportPrizes(ctx.c, i)
  },
  'POST prizes/:code/redeem': (i, ctx) => redeemPrize(ctx.c, actorOf(ctx), i),
  'POST prizes/:code/ship': (i, ctx) => shipPrize(ctx.c, actorOf(ctx), i),

  'POST feeds/stores': feed('stores'),
  'POST feeds/cards': feed('cards'),
  'POST feeds/stock': feed('stock'),
  'GET erp-key': (_i, ctx) => erpKeyInfo(ctx.c),
  'POST erp-key': (_i, ctx) => rotateErpKey(ctx.c, actorOf(ctx)),
  'POST cards/:cardNo/unlock': (i, ctx) => unlockCard(ctx.c, actorOf(ctx), i.cardNo),
  'POST erp/stores': feed('stores'),
  'POST erp/cards': feed('cards'),
  'POST erp/stock': feed('stock'),

  'GET settings': (_i, ctx) => getSettings(ctx.c),
  'PUT settings': (i, ctx) => updateSettings(ctx.c, actorOf(ctx), i),
  'GET staff': (_i, ctx) => listStaff(ctx.c),
  'POST staff': (i, ctx) => addStaff(ctx.c, actorOf(ctx), i),
  'PUT staff/:username': (i, ctx) => updateStaff(ctx.c, actorOf(ctx), i),
  'DELETE staff/:username': async (i, ctx) => {
    await removeStaff(ctx.c, actorOf(ctx), i.username)
    return NONE
  },
  'GET audit-log': (i, ctx) => listAuditLog(ctx.c, i),
}

/** Every back-office route with its handler, keyed `'METHOD path'` (path under /admin/api/). */
export const adminRoutes = implement(adminContract, handlers)
