/**
 * The simulator's tunable behaviour. Every rule the research note marks "inferred" or "unverified"
 * lives here, so a test (or a later finding about the real service) can change it without code edits.
 */
import { z } from 'zod'

export const WechatSimConfigSchema = z.object({
  /** getliveinfo answers at most this many rows whatever `limit` asks (observed 50 since 2023). */
  pageCap: z.number().int().positive(),
  /** Seconds after a room ends (103) before its replay is listed (WeChat: "within 10 minutes"). */
  replayDelaySec: z.number().int().nonnegative(),
  /** When a replay exists: only for close_replay = 0 rooms (WeChat), for every ended room, or never. */
  replayMode: z.enum(['when-close-replay-0', 'always', 'never']),
  /** 'manual': goods stay 审核中 until the audit control decides; 'auto-*': decided after auditDelaySec. */
  auditMode: z.enum(['manual', 'auto-approve', 'auto-reject']),
  auditDelaySec: z.number().int().nonnegative(),
  /** A media id is usable for this long (3 days). */
  mediaMaxAgeSec: z.number().int().positive(),
  /** Largest accepted upload (temporary image material: 2 MB). */
  mediaMaxBytes: z.number().int().positive(),
  /** Goods images wider or taller than this are refused with 300018 (when the size can be read). */
  goodsImageMaxPx: z.number().int().positive(),
  /** Per-API daily call quotas (path → calls/day), merged over the documented defaults; exceeded → 45009. */
  dailyQuota: z.record(z.string(), z.number().int().nonnegative()),
  /** Shared daily submissions of goods/add + goods/audit; exceeded → 300012. */
  auditQuotaPerDay: z.number().int().nonnegative(),
  /** stable_token force_refresh calls allowed per day. */
  forceRefreshPerDay: z.number().int().nonnegative(),
  /** Token lifetime and how long a replaced token keeps working. */
  tokenTtlSec: z.number().int().positive(),
  tokenGraceSec: z.number().int().nonnegative(),
  /** Anchor WeChat ids that are not real-name verified: create → 300036 + qrcode_url, edit → 300030. */
  unverifiedAnchors: z.array(z.string()),
  /** When non-empty, goods `url` must start with one of these published page paths (else 300007). */
  publishedPages: z.array(z.string()),
  /** Whether customer service is configured in the MP console (closeKf = 0 otherwise → 300038). */
  kfConfigured: z.boolean(),
  /** Goods a room shelf holds at most (undocumented; 300033 beyond). */
  roomGoodsCap: z.number().int().positive(),
  /** How long a pushed goods blocks other pushes (300047) and on/off-sale (300049). */
  pushDurationSec: z.number().int().nonnegative(),
  /** A 106 (anomaly) room becomes 103 when not resumed within this time. */
  anomalyTimeoutSec: z.number().int().positive(),
  /** errcode of a room list call when no room exists (doc: 1 未创建直播间; 0 answers an empty list). */
  emptyListErrcode: z.number().int(),
  /** Unit of prices in getgoodswarehouse / getapproved answers (docs say yuan, examples look like fen). */
  warehousePriceUnit: z.enum(['fen', 'yuan']),
})

export type WechatSimConfig = z.infer<typeof WechatSimConfigSchema>

/** Daily quotas of the reference's catalogue (§0, §3.5, §6.1). */
const DEFAULT_QUOTAS: Record<string, number> = {
  '/wxaapi/broadcast/room/create': 10_000,
  '/wxa/business/getliveinfo': 100_000,
  '/wxaapi/broadcast/room/deleteroom': 10_000,
  '/wxaapi/broadcast/room/addgoods': 10_000,
  '/wxaapi/broadcast/room/editroom': 10_000,
  '/wxaapi/broadcast/room/getpushurl': 10_000,
  '/wxaapi/broadcast/room/getsharedcode': 10_000,
  '/wxaapi/broadcast/room/updatereplay': 10_000,
  '/wxaapi/broadcast/goods/onsale': 10_000,
  '/wxaapi/broadcast/goods/deleteInRoom': 10_000,
  '/wxaapi/broadcast/goods/push': 10_000,
  '/wxaapi/broadcast/goods/resetaudit': 500,
  '/wxaapi/broadcast/goods/delete': 1_000,
  '/wxaapi/broadcast/goods/update': 1_000,
  '/wxa/business/getgoodswarehouse': 1_000,
  '/wxaapi/broadcast/goods/getapproved': 10_000,
  '/cgi-bin/stable_token': 500_000,
  '/cgi-bin/token': 2_000,
  '/cgi-bin/media/upload': 100_000,
}

export const DEFAULT_CONFIG: WechatSimConfig = {
  pageCap: 50,
  replayDelaySec: 600,
  replayMode: 'when-close-replay-0',
  auditMode: 'manual',
  auditDelaySec: 0,
  mediaMaxAgeSec: 3 * 24 * 3600,
  mediaMaxBytes: 2 * 1024 * 1024,
  goodsImageMaxPx: 300,
  dailyQuota: DEFAULT_QUOTAS,
  auditQuotaPerDay: 500,
  forceRefreshPerDay: 20,
  tokenTtlSec: 7200,
  tokenGraceSec: 300,
  unverifiedAnchors: [],
  publishedPages: [],
  kfConfigured: true,
  roomGoodsCap: 500,
  pushDurationSec: 10,
  anomalyTimeoutSec: 15 * 60,
  emptyListErrcode: 1,
  warehousePriceUnit: 'fen',
}

/** Applies a partial change; quotas merge key by key so one override keeps the other defaults. */
export function mergeConfig(base: WechatSimConfig, patch: unknown): WechatSimConfig {
  const parsed = WechatSimConfigSchema.partial()
    .strict()
    .parse(patch ?? {})
  const dailyQuota = { ...base.dailyQuota, ...(parsed.dailyQuota ?? {}) }
  return { ...base, ...parsed, dailyQuota }
}
