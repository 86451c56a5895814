/**
 * 数据对接 over HTTP: the CSV import of the page and the ERP's push send rows in chunks (CloudBase limits
 * a request body). Unlike a whole-file import, a chunk applies its good rows and refuses each bad one
 * with its row number (counted from `offset`) and the reason.
 */
import type { z } from 'zod'
import type { FeedReport } from '../../../../typings/admin'
import { cardRow, importCards, importStock, importStores, stockRow, storeRow } from './feeds'
import type { MerchantDeps } from './support'

export type FeedKind = 'stores' | 'cards' | 'stock'

const FIELD_NAMES: Record<string, string> = {
  storeId: '门店编码',
  name: '门店名称',
  active: '是否营业',
  cardNo: '卡号',
  phone: '手机号',
  level: '等级',
  status: '状态',
  productCode: '商品编码',
  unit: '包装单位',
  quantity: '数量',
  asOf: '数据时间',
}

export async function applyFeedChunk(
  deps: MerchantDeps,
  actor: string,
  kind: FeedKind,
  rows: unknown[],
  offset: number,
): Promise<FeedReport> {
  const refused: FeedReport['refused'] = []
  const seen = new Map<string, number>()
  const good: Array<{ row: number; value: Record<string, unknown> }> = []
  const schema: z.ZodType = kind === 'stores' ? storeRow : kind === 'cards' ? cardRow : stockRow
  rows.forEach((raw, i) => {
    const row = offset + i + 1
    const parsed = schema.safeParse(raw)
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((x) => String(x.path[0] ?? '')))]
      const named = fields.map((f) =>
        f && Object.prototype.hasOwnProperty.call(FIELD_NAMES, f) ? FIELD_NAMES[f] : f || '整行',
      )
      refused.push({ row, reason: `${named.join('、')}不正确` })
      return
    }
    const value = parsed.data as Record<string, unknown>
    const key =
      kind === 'stores'
        ? String(value.storeId)
        : kind === 'cards'
          ? String(value.cardNo)
          : `${String(value.storeId)}\u0000${String(value.productCode)}\u0000${String(value.unit)}`
    const earlier = seen.get(key)
    if (earlier !== undefined) {
      refused.push({ row, reason: `与第${earlier}行重复` })
      return
    }
    seen.set(key, row)
    good.push({ row, value })
  })
  if (kind === 'stock' && good.length > 0) {
    const known = new Set((await deps.repos.stores.list()).map((s) => s._id))
    for (const g of good.filter((x) => !known.has(String(x.value.storeId))))
      refused.push({ row: g.row, reason: '门店不存在' })
  }
  const refusedRows = new Set(refused.map((r) => r.row))
  const accepted = good.filter((g) => !refusedRows.has(g.row)).map((g) => g.value)
  // rows that say what is stored already are unchanged: not written again
  const same = await unchangedRows(deps, kind, accepted)
  const valid = accepted.filter((_, i) => !same[i])
  let applied = 0
  if (valid.length > 0) {
    // the rows are valid by the same schemas, so the whole-file import takes them all
    const result =
      kind === 'stores'
        ? await importStores(deps, actor, valid as never)
        : kind === 'cards'
          ? await importCards(deps, actor, valid as never)
          : await importStock(deps, actor, valid as never)
    applied = result.created + result.updated
  }
  return {
    applied,
    unchanged: accepted.length - applied,
    refused: refused.sort((a, b) => a.row - b.row),
  }
}

async function unchangedRows(
  deps: MerchantDeps,
  kind: FeedKind,
  rows: Array<Record<string, unknown>>,
): Promise<boolean[]> {
  if (kind === 'stores') {
    const stored = new Map((await deps.repos.stores.list()).map((s) => [s._id, s]))
    return rows.map((r) => {
      const s = stored.get(String(r.storeId))
      return s !== undefined && s.name === r.name && s.active === r.active
    })
  }
  if (kind === 'cards') {
    return Promise.all(
      rows.map(async (r) => {
        const c = await deps.repos.members.card(String(r.cardNo))
        return c !== null && c.phone === r.phone && c.level === r.level && c.status === r.status
      }),
    )
  }
  return rows.map(() => false)
}
