/**
 * Data feeds from the store ERP (进销存): stores, member cards and store stock. Every row is checked
 * first; one bad row rejects the whole import, naming the rows, and nothing is written.
 */
import { z } from 'zod'
import type { CardRecord } from '../../model'
import { BizError, ERROR_MESSAGES } from '../../domain/errors'
import { audit, type MerchantDeps } from './support'

export interface FeedResult {
  created: number
  updated: number
  /** Rows older than what is stored (stock only), ignored. */
  stale: number
  total: number
}

export interface FeedOptions {
  /** Called after each batch with the rows done so far, and once at the end with `total`. */
  onProgress?(done: number, total: number): void
}

/** Rows a single import may carry. */
const MAX_ROWS = 100_000
const BATCH = 200

export const storeRow = z
  .object({
    storeId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{1,32}$/),
    name: z.string().trim().min(1).max(32),
    active: z.boolean().default(true),
  })
  .strict()

export const cardRow = z
  .object({
    cardNo: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{1,32}$/),
    phone: z
      .string()
      .trim()
      .regex(/^1\d{10}$/),
    level: z.string().trim().min(1).max(20),
    status: z.enum(['active', 'frozen', 'lost', 'cancelled']),
  })
  .strict()

/** The ERP's time of the figure: epoch ms or an ISO date-time. */
const asOf = z.union([z.number().int().positive(), z.string().min(1)]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : Date.parse(v)
  if (!Number.isFinite(ms) || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: '时间格式不正确' })
    return z.NEVER
  }
  return ms
})

export const stockRow = z
  .object({
    storeId: z.string().trim().min(1).max(32),
    productCode: z.string().trim().min(1).max(64),
    /** 包装单位 the stock is counted in. */
    unit: z.string().trim().min(1).max(8),
    quantity: z.number().int().min(0),
    asOf,
  })
  .strict()

export type StoreRow = z.input<typeof storeRow>
export type CardRow = z.input<typeof cardRow>
export type StockRow = z.input<typeof stockRow>

/** 门店: creates or updates stores by id. */
export async function importStores(
  deps: MerchantDeps,
  actor: string,
  rows: StoreRow[],
  opts: FeedOptions = {},
): Promise<FeedResult> {
  const valid = parseRows(storeRow, rows, (r) => r.storeId)
  const now = deps.clock.now()
  const result = await inBatches(valid, opts, async (batch) =>
    deps.repos.stores.upsert(
      batch.map((r) => ({ _id: r.storeId, name: r.name, active: r.active, updatedAt: now })),
    ),
  )
  await audit(deps, actor, 'feed.stores', 'stores', { ...result })
  return result
}

/** 会员卡: creates or updates physical cards (number, phone, level, status); bindings are kept. */
export async function importCards(
  deps: MerchantDeps,
  actor: string,
  rows: CardRow[],
  opts: FeedOptions = {},
): Promise<FeedResult> {
  const valid = parseRows(cardRow, rows, (r) => r.cardNo)
  const now = deps.clock.now()
  const toCard = (r: z.infer<typeof cardRow>): Omit<CardRecord, 'boundOpenid' | 'boundAt'> => ({
    _id: r.cardNo,
    phone: r.phone,
    level: r.level,
    status: r.status,
    updatedAt: now,
  })
  const result = await inBatches(valid, opts, (batch) => deps.repos.members.upsertCards(batch.map(toCard)))
  await audit(deps, actor, 'feed.cards', 'cards', { ...result })
  return result
}

/** 门店库存: absolute quantities per store, product code and unit, applied only when newer than stored. */
export async function importStock(
  deps: MerchantDeps,
  actor: string,
  rows: StockRow[],
  opts: FeedOptions = {},
): Promise<FeedResult> {
  const valid = parseRows(stockRow, rows)
  const known = new Set((await deps.repos.stores.list()).map((s) => s._id))
  const unknown = rowNumbers(valid, (r) => !known.has(r.storeId))
  if (unknown.length) throw badRows(unknown, '门店不存在')
  const now = deps.clock.now()
  const result = await inBatches(valid, opts, async (batch) => {
    const counts = { created: 0, updated: 0, stale: 0 }
    for (const row of batch) counts[await deps.repos.stock.applyFeed(row, now)]++
    return counts
  })
  await audit(deps, actor, 'feed.stock', 'stock', { ...result })
  return result
}

/** Every row through the schema (and unique by `key` when given); the rows named 1-based, as in the file. */
function parseRows<S extends z.ZodType>(
  schema: S,
  rows: unknown,
  key?: (row: z.infer<S>) => string,
): Array<z.infer<S>> {
  if (!Array.isArray(rows))
    throw new BizError('INVALID_INPUT', `${ERROR_MESSAGES.INVALID_INPUT}：数据不是行的列表`)
  if (rows.length > MAX_ROWS) throw new BizError('INVALID_INPUT', `一次最多导入${MAX_ROWS}行`)
  const out: Array<z.infer<S>> = []
  const bad: Array<{ row: number; fields: string[] }> = []
  rows.forEach((row, i) => {
    const parsed = schema.safeParse(row)
    if (parsed.success) out.push(parsed.data)
    else
      bad.push({
        row: i + 1,
        fields: [...new Set(parsed.error.issues.map((x) => x.path.join('.') || '(行)'))],
      })
  })
  if (bad.length)
    throw badRows(
      bad.map((b) => b.row),
      '数据不正确',
      { problems: bad.slice(0, 50) },
    )
  if (key) {
    const seen = new Set<string>()
    // a key seen on an earlier row: which of the two the ERP meant is not ours to guess
    const dup = rowNumbers(out, (r) => {
      const k = key(r)
      if (seen.has(k)) return true
      seen.add(k)
      return false
    })
    if (dup.length) throw badRows(dup, '与前面的行重复')
  }
  return out
}

function rowNumbers<T>(rows: T[], isBad: (row: T) => boolean): number[] {
  return rows.flatMap((r, i) => (isBad(r) ? [i + 1] : []))
}

/** INVALID_INPUT naming the rows (the first twenty in the message, all in the details). */
function badRows(rows: number[], problem: string, extra: Record<string, unknown> = {}): BizError {
  const shown = rows.slice(0, 20).join('、') + (rows.length > 20 ? ` 等${rows.length}行` : '')
  return new BizError('INVALID_INPUT', `${ERROR_MESSAGES.INVALID_INPUT}：第 ${shown} 行${problem}`, {
    rows,
    ...extra,
  })
}

/** Runs `apply` over batches of rows, adding up the counts and reporting progress. */
async function inBatches<T>(
  rows: T[],
  opts: FeedOptions,
  apply: (batch: T[]) => Promise<{ created: number; updated: number; stale?: number }>,
): Promise<FeedResult> {
  const result: FeedResult = { created: 0, updated: 0, stale: 0, total: rows.length }
  for (let i = 0; i < rows.length; i += BATCH) {
    const counts = await apply(rows.slice(i, i + BATCH))
    result.created += counts.created
    result.updated += counts.updated
    result.stale += counts.stale ?? 0
    if (i + BATCH < rows.length) opts.onProgress?.(i + BATCH, rows.length)
  }
  opts.onProgress?.(rows.length, rows.length)
  return result
}
