/**
 * The input of every back-office route (method + path under /admin/api/), as zod schemas. This module
 * imports zod only: `typings/admin.d.ts` derives the page's request types from it, and the page's
 * compiler must not be pulled into server code. Path params are merged into the input; GET input comes
 * from the query string (numbers parsed where the schema wants a number).
 */
import { z } from 'zod'

const text = (max: number) => z.string().trim().min(1).max(max)
const roomId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const goodsId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/)
const orderId = z.string().regex(/^[0-9a-f]{24}$/)
const storeId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/)
const username = z.string().regex(/^[A-Za-z0-9_.-]{2,32}$/, '用户名为2至32位字母、数字或 _ . -')
const prizeCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,64}$/)
const lotteryId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)
/** Epoch ms. */
const time = z.number().int().min(0).max(8.64e15)
const page = {
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
}
const empty = z.object({}).strict()

/** WeChat takes images of at most 2 MB; base64 makes that about 2.8 million characters. */
export const httpImage = z
  .object({
    name: z.string().max(100).optional(),
    contentType: z.enum(['image/png', 'image/jpeg', 'image/jpg', 'image/gif']),
    dataBase64: z
      .string()
      .min(4)
      .max(2_800_000)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, '图片数据不是 base64'),
  })
  .strict()

const grabTiming = z.enum(['on_live', 'manual'])
const auditStatus = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)])
const orderStatus = z.enum(['pending', 'paid', 'cancelled', 'closed', 'refunded'])
const prizeState = z.enum(['unredeemed', 'redeemed', 'shipped'])
const role = z.enum(['owner', 'operator', 'assistant'])

const orderFilters = {
  roomId: roomId.optional(),
  storeId: storeId.optional(),
  status: orderStatus.optional(),
  from: time.optional(),
  to: time.optional(),
}
const prizeFilters = {
  lotteryId: lotteryId.optional(),
  state: prizeState.optional(),
  keyword: z.string().trim().max(32).optional(),
}

/** 开通直播: the figures the merchant knows (SPEC back office §1). */
export const enablementFigures = z
  .object({
    category: z.boolean(),
    noSeriousViolation: z.boolean(),
    paidWithin90Days: z.boolean(),
    followers: z.number().int().min(0).max(1e12),
    dailyActive7d: z.union([z.array(z.number().int().min(0).max(1e12)).max(7), z.number().int().min(0)]),
    adSpendYuan: z.number().min(0).max(1e12),
    dataReadyOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  })
  .strict()

/** A chunk of feed rows (SPEC: CloudBase limits the body, so large feeds come in chunks). */
const feedChunk = z
  .object({
    rows: z.array(z.unknown()).max(5000),
    /** Row number of the chunk's first row minus one: refusals are counted from it. */
    offset: z.number().int().min(0).max(10_000_000).default(0),
  })
  .strict()

const lotteryMapping = z
  .object({
    nickname: text(64),
    code: text(64).optional(),
    receiverName: text(64).optional(),
    phone: text(64).optional(),
    address: text(64).optional(),
  })
  .strict()

const goodsFields = {
  storeId,
  productCode: text(64),
  packUnit: text(8).optional(),
  unit: text(8),
  name: text(64),
  quota: z.number().int().min(0).max(1e9),
  perOrderLimit: z.number().int().min(0).max(1e9),
  livePriceFen: z.number().int().min(0).max(1e11),
  grabTiming,
  cover: httpImage,
}

export const adminInputs = {
  'POST login': z
    .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) })
    .strict(),
  'POST logout': empty,
  'GET me': empty,
  'GET stores': empty,

  'GET enablement': empty,
  'POST enablement/check': z.object({ figures: enablementFigures }).strict(),
  'POST enablement': z.object({ figures: enablementFigures }).strict(),

  'GET goods': z
    .object({
      ...page,
      storeId: storeId.optional(),
      auditStatus: auditStatus.optional(),
      keyword: z.string().trim().max(32).optional(),
    })
    .strict(),
  'POST goods': z.object(goodsFields).strict(),
  'PUT goods/:goodsId': z
    .object({
      goodsId,
      name: text(64).optional(),
      livePriceFen: goodsFields.livePriceFen.optional(),
      cover: httpImage.optional(),
      quota: goodsFields.quota.optional(),
      perOrderLimit: goodsFields.perOrderLimit.optional(),
      grabTiming: grabTiming.optional(),
    })
    .strict(),
  'POST goods/:goodsId/withdraw': z.object({ goodsId }).strict(),
  'POST goods/:goodsId/resubmit': z.object({ goodsId }).strict(),
  'DELETE goods/:goodsId': z.object({ goodsId }).strict(),

  'GET rooms': z.object({ ...page, storeId: storeId.optional() }).strict(),
  'POST sync': z.object({}).strict(),
  'GET rooms/:roomId': z.object({ roomId }).strict(),
  'POST rooms': z
    .object({
      storeId,
      type: z.enum(['phone', 'push']),
      title: text(64),
      startAt: time,
      endAt: time,
      anchorName: text(64),
      anchorWechat: text(64),
      coverImage: httpImage,
      shareImage: httpImage,
      feedsImage: httpImage,
    })
    .strict(),
  'POST rooms/:roomId/sync': z.object({ roomId }).strict(),
  'GET rooms/:roomId/share-code': z.object({ roomId }).strict(),
  'GET rooms/:roomId/push-url': z.object({ roomId }).strict(),
  'DELETE rooms/:roomId': z.object({ roomId }).strict(),
  'POST rooms/:roomId/goods': z.object({ roomId, goodsIds: z.array(goodsId).min(1).max(100) }).strict(),
  'DELETE rooms/:roomId/goods/:goodsId': z.object({ roomId, goodsId }).strict(),
  'GET rooms/:roomId/monitor': z.object({ roomId }).strict(),
  'POST rooms/:roomId/goods/:goodsId/grab': z.object({ roomId, goodsId, open: z.boolean() }).strict(),
  'POST rooms/:roomId/goods/:goodsId/push': z.object({ roomId, goodsId }).strict(),

  'GET orders': z.object({ ...page, ...orderFilters }).strict(),
  'GET orders/export': z.object(orderFilters).strict(),
  'GET orders/:orderId': z.object({ orderId }).strict(),
  'POST orders/:orderId/refund': z.object({ orderId }).strict(),

  'GET lottery/mapping': empty,
  'POST lottery/import': z
    .object({
      roomId,
      lotteryName: text(32),
      mapping: lotteryMapping,
      rows: z
        .array(z.record(z.string().max(64), z.string().max(500)))
        .min(1)
        .max(5000),
      dryRun: z.boolean(),
    })
    .strict(),
  'GET lottery/lotteries': empty,
  'PUT lottery/lotteries/:lotteryId': z.object({ lotteryId, prizeName: text(32) }).strict(),
  'GET prizes': z.object({ ...page, ...prizeFilters }).strict(),
  'GET prizes/export': z.object(prizeFilters).strict(),
  'POST prizes/:code/redeem': z.object({ code: prizeCode, storeId }).strict(),
  'POST prizes/:code/ship': z
    .object({
      code: prizeCode,
      receiverName: text(32),
      phone: z
        .string()
        .trim()
        .regex(/^1\d{10}$/, '手机号需为11位数字'),
      address: text(200),
      carrier: text(32),
      trackingNo: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9-]{4,40}$/, '快递单号为4至40位字母或数字'),
    })
    .strict(),

  'POST feeds/stores': feedChunk,
  'POST feeds/cards': feedChunk,
  'POST feeds/stock': feedChunk,
  'GET erp-key': empty,
  'POST erp-key': empty,
  'POST cards/:cardNo/unlock': z.object({ cardNo: z.string().regex(/^[A-Za-z0-9]{1,32}$/) }).strict(),
  'POST erp/stores': feedChunk,
  'POST erp/cards': feedChunk,
  'POST erp/stock': feedChunk,

  'GET settings': empty,
  'PUT settings': z
    .object({
      wechat: z
        .object({
          appid: z
            .string()
            .regex(/^wx[0-9a-f]{16}$/)
            .optional(),
          secret: z.string().min(16).max(64).optional(),
        })
        .strict()
        .optional(),
      saobei: z
        .object({
          merchantNo: z
            .string()
            .regex(/^\d{1,32}$/)
            .optional(),
          terminalId: z
            .string()
            .regex(/^\d{1,32}$/)
            .optional(),
          token: z.string().min(16).max(64).optional(),
        })
        .strict()
        .optional(),
      paymentTimeoutMin: z.number().int().min(1).max(120).optional(),
      notifyUrl: z.string().url().max(300).optional(),
    })
    .strict(),
  'GET staff': empty,
  'POST staff': z
    .object({
      username,
      password: z.string().min(8, '密码至少8位').max(128),
      role,
      roomIds: z.array(roomId).max(200).default([]),
    })
    .strict(),
  'PUT staff/:username': z
    .object({
      username,
      role: role.optional(),
      roomIds: z.array(roomId).max(200).optional(),
      password: z.string().min(8, '密码至少8位').max(128).optional(),
      disabled: z.boolean().optional(),
    })
    .strict(),
  'DELETE staff/:username': z.object({ username }).strict(),
  'GET audit-log': z
    .object({
      ...page,
      actor: z.string().trim().max(32).optional(),
      action: z.string().trim().max(64).optional(),
      from: time.optional(),
      to: time.optional(),
    })
    .strict(),
} as const

export type AdminInputs = typeof adminInputs
export type AdminRouteKey = keyof AdminInputs
