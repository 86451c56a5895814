/**
 * 抽奖兑奖 (SPEC back office §7): WeChat runs the lottery; staff import its winner list (columns mapped
 * once and remembered, previewed before applying), set each lottery's prize, and redeem every prize once,
 * at a store or by shipping. Winners are linked to members by a bound card's phone, or when the member
 * enters the code (app/prizes.ts). Redeem and ship are each one guarded update of the prize row.
 */
import { createHash, randomInt } from 'node:crypto'
import type {
  LotteryImportResult,
  LotteryImportRow,
  LotteryMapping,
  LotteryRow,
  Page,
  PrizeRow,
} from '../../../../typings/admin'
import type { LotteryMappingRecord, LotteryRecord, PrizeRecord } from '../../model'
import type { PrizeFilter } from '../../ports'
import { BizError } from '../../domain/errors'
import { maskPhone } from '../member'
import { beijingTime, toCsv } from './csv'
import { storedRoom } from './rooms'
import { audit, type MerchantDeps } from './support'

const CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
const PHONE_PATTERN = /^1\d{10}$/
/** Issued codes: no 0/O, 1/I/L, so a clerk can read them aloud. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
const ISSUED_LENGTH = 10
/** How many fine rows the preview shows besides every row with a problem. */
const PREVIEW_FINE_ROWS = 20

export interface ImportInput {
  roomId: number
  lotteryName: string
  mapping: LotteryMapping
  rows: Array<Record<string, string>>
  dryRun: boolean
}

/** The columns mapped last time. */
export async function lotteryMapping(deps: MerchantDeps): Promise<{ mapping?: LotteryMapping }> {
  const doc = await deps.repos.meta.get<LotteryMappingRecord>('lottery-mapping')
  return doc ? { mapping: doc.mapping } : {}
}

/** The lottery of a room by its name: importing the same lottery again adds to it. */
export function lotteryIdOf(roomId: number, name: string): string {
  return `L${roomId}-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`
}

/** Checks every row; unless `dryRun`, writes the fine ones (codes already in the ledger are duplicates). */
export async function importWinners(
  deps: MerchantDeps,
  actor: string,
  input: ImportInput,
): Promise<LotteryImportResult> {
  const room = await storedRoom(deps, input.roomId)
  const lotteryId = lotteryIdOf(room.roomId, input.lotteryName)
  const parsed = input.rows.map((row, i) => readRow(row, i + 1, input.mapping))
  const givenCodes = parsed.map((r) => r.code).filter(Boolean)
  const known = new Set((await deps.repos.prizes.getMany([...new Set(givenCodes)])).map((p) => p._id))
  const seen = new Set<string>()
  // a winner without a code is known by what the list says of them: importing the file again adds
  // nobody twice (counted, so two winners with the same nickname in one list stay two)
  const stored = await codelessWinners(deps, lotteryId)
  for (const r of parsed) {
    if (r.problems.length > 0) continue
    if (!r.code) {
      const left = stored.get(winnerKey(r)) ?? 0
      r.duplicate = left > 0
      if (left > 0) stored.set(winnerKey(r), left - 1)
      continue
    }
    r.duplicate = known.has(r.code) || seen.has(r.code)
    seen.add(r.code)
  }
  const linkedBy = await deps.repos.lotteries.boundByPhone(
    parsed.filter((r) => r.problems.length === 0 && r.phone).map((r) => r.phone),
  )
  for (const r of parsed) r.linked = r.problems.length === 0 && !r.duplicate && linkedBy.has(r.phone)

  const fine = parsed.filter((r) => r.problems.length === 0 && !r.duplicate)
  const result: LotteryImportResult = {
    dryRun: input.dryRun,
    lotteryId,
    preview: preview(parsed),
    created: 0,
    duplicates: parsed.filter((r) => r.duplicate).length,
    linked: 0,
    issued: 0,
  }
  if (input.dryRun) {
    return {
      ...result,
      created: fine.length,
      linked: fine.filter((r) => r.linked).length,
      issued: fine.filter((r) => !r.code).length,
    }
  }

  const now = deps.clock.now()
  const existing = await deps.repos.lotteries.get(lotteryId)
  const lottery: LotteryRecord = existing ?? {
    _id: lotteryId,
    roomId: room.roomId,
    name: input.lotteryName,
    prizeName: '',
    winners: 0,
    createdAt: now,
    updatedAt: now,
  }
  for (const r of fine) {
    const issued = !r.code
    const openid = r.linked ? (linkedBy.get(r.phone) ?? '') : ''
    const prize: PrizeRecord = {
      _id: '',
      code: '',
      openid,
      lotteryId,
      roomId: room.roomId,
      roomName: room.name,
      lotteryName: lottery.name,
      prizeName: lottery.prizeName,
      nickname: r.nickname,
      receiverName: r.receiverName,
      phone: r.phone,
      address: r.address,
      codeIssued: issued,
      state: 'unredeemed',
      wonAt: now,
      ...(openid && { linkedAt: now, linkedBy: 'phone' as const }),
      updatedAt: now,
    }
    // an issued code that happens to be taken is drawn again; a given one that is taken is a duplicate
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = r.code || issueCode()
      if (await deps.repos.prizes.add({ ...prize, _id: code, code })) {
        result.created++
        if (issued) result.issued++
        if (openid) result.linked++
        break
      }
      if (!issued) {
        result.duplicates++
        break
      }
    }
  }
  await deps.repos.lotteries.put({ ...lottery, winners: lottery.winners + result.created, updatedAt: now })
  await deps.repos.meta.put<LotteryMappingRecord>({
    _id: 'lottery-mapping',
    mapping: input.mapping,
    updatedAt: now,
  })
  await audit(deps, actor, 'lottery.import', lotteryId, {
    roomId: room.roomId,
    lotteryName: lottery.name,
    rows: input.rows.length,
    created: result.created,
    duplicates: result.duplicates,
    linked: result.linked,
  })
  return result
}

interface ReadRow extends LotteryImportRow {
  phone: string
  receiverName: string
  address: string
}

function readRow(row: Record<string, string>, n: number, m: LotteryMapping): ReadRow {
  const problems: string[] = []
  const col = (name: string | undefined, label: string): string => {
    if (name === undefined) return ''
    if (!Object.prototype.hasOwnProperty.call(row, name)) {
      problems.push(`缺少“${label}”列（${name}）`)
      return ''
    }
    return String(row[name] ?? '').trim()
  }
  const nickname = col(m.nickname, '昵称')
  const code = col(m.code, '兑奖码')
  const receiverName = col(m.receiverName, '收货人')
  const phone = col(m.phone, '手机号')
  const address = col(m.address, '收货地址')
  if (!nickname) problems.push('昵称为空')
  if (nickname.length > 64) problems.push('昵称过长')
  if (code && !CODE_PATTERN.test(code)) problems.push('兑奖码格式不正确')
  if (phone && !PHONE_PATTERN.test(phone)) problems.push('手机号需为11位数字')
  return {
    row: n,
    nickname: nickname.slice(0, 64),
    code: CODE_PATTERN.test(code) ? code : '',
    phoneMasked: phone ? maskPhone(phone) : '',
    problems,
    linked: false,
    duplicate: false,
    phone: PHONE_PATTERN.test(phone) ? phone : '',
    receiverName: receiverName.slice(0, 64),
    address: address.slice(0, 200),
  }
}

function winnerKey(w: { nickname: string; receiverName: string; phone: string; address: string }): string {
  return [w.nickname, w.receiverName, w.phone, w.address].join('\u0000')
}

/** How many winners with an issued code the lottery holds, by what the list said of them. */
async function codelessWinners(deps: MerchantDeps, lotteryId: string): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  for (let offset = 0; ; offset += 1000) {
    const page = await deps.repos.prizes.list({ lotteryId }, offset, 1000)
    for (const p of page.items.filter((x) => x.codeIssued))
      out.set(winnerKey(p), (out.get(winnerKey(p)) ?? 0) + 1)
    if (page.items.length < 1000) return out
  }
}

function preview(rows: ReadRow[]): LotteryImportRow[] {
  let fine = 0
  return rows
    .filter((r) => r.problems.length > 0 || r.duplicate || fine++ < PREVIEW_FINE_ROWS)
    .map((r) => ({
      row: r.row,
      nickname: r.nickname,
      code: r.code,
      phoneMasked: r.phoneMasked,
      problems: r.problems,
      linked: r.linked,
      duplicate: r.duplicate,
    }))
}

function issueCode(): string {
  let code = ''
  for (let i = 0; i < ISSUED_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]
  return code
}

export async function listLotteries(deps: MerchantDeps): Promise<{ items: LotteryRow[] }> {
  return { items: (await deps.repos.lotteries.list()).map(lotteryRow) }
}

function lotteryRow(l: LotteryRecord): LotteryRow {
  return { lotteryId: l._id, roomId: l.roomId, name: l.name, prizeName: l.prizeName, winners: l.winners }
}

/** Sets the prize of a lottery (WeChat's console offers no prize setup): on the lottery and every winner row. */
export async function setPrize(
  deps: MerchantDeps,
  actor: string,
  input: { lotteryId: string; prizeName: string },
): Promise<LotteryRow> {
  const lottery = await deps.repos.lotteries.get(input.lotteryId)
  if (!lottery) throw new BizError('NOT_FOUND', '抽奖不存在')
  const now = deps.clock.now()
  await deps.repos.lotteries.update(lottery._id, { prizeName: input.prizeName, updatedAt: now })
  await deps.repos.prizes.setPrizeName(lottery._id, input.prizeName)
  await audit(deps, actor, 'lottery.setPrize', lottery._id, { from: lottery.prizeName, to: input.prizeName })
  return lotteryRow({ ...lottery, prizeName: input.prizeName })
}

export function prizeRow(p: PrizeRecord): PrizeRow {
  return {
    code: p.code,
    lotteryId: p.lotteryId,
    lotteryName: p.lotteryName,
    prizeName: p.prizeName,
    roomId: p.roomId,
    nickname: p.nickname,
    receiverName: p.receiverName,
    phoneMasked: p.phone ? maskPhone(p.phone) : '',
    address: p.address,
    linkState: p.openid ? 'linked' : 'unlinked',
    ...(p.openid && { openid: p.openid }),
    state: p.state,
    codeIssued: p.codeIssued,
    wonAt: p.wonAt,
    ...(p.redeemedAt !== undefined && { redeemedAt: p.redeemedAt }),
    ...(p.storeId !== undefined && { storeId: p.storeId }),
    ...(p.trackingNo !== undefined && { trackingNo: p.trackingNo }),
    ...(p.carrier !== undefined && { carrier: p.carrier }),
    ...(p.shippedAt !== undefined && { shippedAt: p.shippedAt }),
    ...(p.by !== undefined && { by: p.by }),
  }
}

export async function listPrizes(
  deps: MerchantDeps,
  input: PrizeFilter & { page: number; pageSize: number },
): Promise<Page<PrizeRow>> {
  const { page, pageSize, ...filter } = input
  const res = await deps.repos.prizes.list(filter, (page - 1) * pageSize, pageSize)
  return { items: res.items.map(prizeRow), total: res.total }
}

/** 兑奖 at a store: once, whoever tries twice (the second answers when and where it was redeemed). */
export async function redeemPrize(
  deps: MerchantDeps,
  actor: string,
  input: { code: string; storeId: string },
): Promise<PrizeRow> {
  const store = await deps.repos.stores.get(input.storeId)
  if (!store) throw new BizError('STORE_NOT_FOUND')
  const prize = await settleable(deps, input.code)
  const now = deps.clock.now()
  const patch = { redeemedAt: now, storeId: store._id, by: actor, updatedAt: now }
  if (!(await deps.repos.prizes.settle(prize._id, 'redeemed', patch)))
    throw await alreadySettled(deps, prize._id)
  await audit(deps, actor, 'prize.redeem', prize._id, { storeId: store._id, lotteryId: prize.lotteryId })
  return prizeRow({ ...prize, ...patch, state: 'redeemed' })
}

/** 发货: records the address and tracking number; once, like a redemption. */
export async function shipPrize(
  deps: MerchantDeps,
  actor: string,
  input: {
    code: string
    receiverName: string
    phone: string
    address: string
    carrier: string
    trackingNo: string
  },
): Promise<PrizeRow> {
  const prize = await settleable(deps, input.code)
  const now = deps.clock.now()
  const patch = {
    receiverName: input.receiverName,
    phone: input.phone,
    address: input.address,
    carrier: input.carrier,
    trackingNo: input.trackingNo,
    shippedAt: now,
    by: actor,
    updatedAt: now,
  }
  if (!(await deps.repos.prizes.settle(prize._id, 'shipped', patch)))
    throw await alreadySettled(deps, prize._id)
  await audit(deps, actor, 'prize.ship', prize._id, { carrier: input.carrier, trackingNo: input.trackingNo })
  return prizeRow({ ...prize, ...patch, state: 'shipped' })
}

async function settleable(deps: MerchantDeps, code: string): Promise<PrizeRecord> {
  const prize = await deps.repos.prizes.get(code)
  if (!prize) throw new BizError('NOT_FOUND', '兑奖码不存在，请核对后重试')
  if (prize.state !== 'unredeemed') throw settledError(prize)
  if (!prize.prizeName) throw new BizError('CONFLICT', '该抽奖尚未设置奖品，请先在“抽奖列表”中设置奖品')
  return prize
}

async function alreadySettled(deps: MerchantDeps, code: string): Promise<BizError> {
  const now = await deps.repos.prizes.get(code)
  return now ? settledError(now) : new BizError('CONFLICT', '该兑奖码已兑奖')
}

function settledError(p: PrizeRecord): BizError {
  if (p.state === 'shipped')
    return new BizError(
      'CONFLICT',
      `该兑奖码已于${beijingTime(p.shippedAt)}发货（${p.carrier ?? ''} ${p.trackingNo ?? ''}）`,
      {
        state: p.state,
      },
    )
  return new BizError('CONFLICT', `该兑奖码已于${beijingTime(p.redeemedAt)}在门店 ${p.storeId ?? ''} 兑奖`, {
    state: p.state,
  })
}

const STATE_NAMES = { unredeemed: '未兑奖', redeemed: '已兑奖', shipped: '已发货' } as const

/** The ledger as a CSV file (UTF-8 with BOM). */
export async function exportPrizes(deps: MerchantDeps, filter: PrizeFilter): Promise<string> {
  const rows: PrizeRecord[] = []
  for (let offset = 0; ; offset += 1000) {
    const page = await deps.repos.prizes.list(filter, offset, 1000)
    rows.push(...page.items)
    if (page.items.length < 1000) break
  }
  return toCsv(
    [
      '兑奖码',
      '抽奖',
      '奖品',
      '直播间',
      '昵称',
      '收货人',
      '手机号',
      '地址',
      '关联会员',
      '状态',
      '兑奖时间',
      '兑奖门店',
      '快递公司',
      '快递单号',
      '发货时间',
    ],
    rows.map((p) => [
      p.code,
      p.lotteryName,
      p.prizeName,
      p.roomId,
      p.nickname,
      p.receiverName,
      p.phone ? maskPhone(p.phone) : '',
      p.address,
      p.openid ? '已关联' : '未关联',
      STATE_NAMES[p.state],
      beijingTime(p.redeemedAt),
      p.storeId,
      p.carrier,
      p.trackingNo,
      beijingTime(p.shippedAt),
    ]),
  )
}
