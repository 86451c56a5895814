/**
 * CSV columns of the ERP feeds, in the ERP's Chinese headers or the API's field names, turned into the
 * rows the feed routes take (SPEC data feeds). Values the page cannot read are passed on as they are,
 * so the server's per-row refusal names the problem.
 */
export type FeedKind = 'stores' | 'cards' | 'stock'

type Convert = (v: string) => unknown

const text: Convert = (v) => v.trim()
const int: Convert = (v) => (/^\s*-?\d+\s*$/.test(v) ? Number(v) : v.trim())
const bool: Convert = (v) => !/^(0|false|否|停用|n|no)$/i.test(v.trim())
const CARD_STATUS: Record<string, string> = {
  正常: 'active',
  冻结: 'frozen',
  挂失: 'lost',
  注销: 'cancelled',
}
const cardStatus: Convert = (v) => CARD_STATUS[v.trim()] ?? v.trim()

export interface FeedSpec {
  title: string
  /** The field, the headers it is read from, how it is read, and whether a row needs it. */
  fields: Array<{ field: string; headers: string[]; convert: Convert; required: boolean }>
  example: string
}

export const FEEDS: Record<FeedKind, FeedSpec> = {
  stores: {
    title: '门店',
    fields: [
      { field: 'storeId', headers: ['storeId', '门店编码', '门店编号'], convert: text, required: true },
      { field: 'name', headers: ['name', '门店名称', '名称'], convert: text, required: true },
      { field: 'active', headers: ['active', '是否启用', '启用'], convert: bool, required: false },
    ],
    example: '门店编码,门店名称\nS001,天河总店',
  },
  cards: {
    title: '会员卡',
    fields: [
      { field: 'cardNo', headers: ['cardNo', '卡号', '会员卡号'], convert: text, required: true },
      { field: 'phone', headers: ['phone', '手机号', '手机'], convert: text, required: true },
      { field: 'level', headers: ['level', '等级', '卡等级'], convert: text, required: true },
      { field: 'status', headers: ['status', '状态'], convert: cardStatus, required: true },
    ],
    example: '卡号,手机号,等级,状态\nJY000001,13900000001,普通卡,正常',
  },
  stock: {
    title: '门店库存',
    fields: [
      { field: 'storeId', headers: ['storeId', '门店编码', '门店编号'], convert: text, required: true },
      { field: 'productCode', headers: ['productCode', '商品编码'], convert: text, required: true },
      { field: 'unit', headers: ['unit', '包装单位', '单位'], convert: text, required: true },
      { field: 'quantity', headers: ['quantity', '数量', '库存数量'], convert: int, required: true },
      { field: 'asOf', headers: ['asOf', '库存时间', '时间'], convert: text, required: false },
    ],
    example: '门店编码,商品编码,包装单位,数量\nS001,030111001,件,50',
  },
}

/** The CSV headers a spec lacks (none of the names of a required field are present). */
export function missingHeaders(kind: FeedKind, headers: string[]): string[] {
  return FEEDS[kind].fields
    .filter((f) => f.required && !f.headers.some((h) => headers.includes(h)))
    .map((f) => f.headers[1] ?? f.field)
}

/** One CSV record → the feed row; `asOf` defaults to the time of the import. */
export function toFeedRow(
  kind: FeedKind,
  record: Record<string, string>,
  now: number,
): Record<string, unknown> {
  const row: Record<string, unknown> = {}
  for (const f of FEEDS[kind].fields) {
    const h = f.headers.find((name) => record[name] !== undefined && record[name] !== '')
    if (h !== undefined) row[f.field] = f.convert(record[h] ?? '')
  }
  if (kind === 'stock' && row['asOf'] === undefined) row['asOf'] = now
  return row
}
