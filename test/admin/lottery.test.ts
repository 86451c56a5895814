/** 抽奖兑奖: import with a remembered mapping and a dry run, link by phone or code, redeem once under real concurrency, export. */
import Papa from 'papaparse'
import type { LotteryImportResult, Page, PrizeRow } from '../../typings/admin'
import { claimPrize, memberPrizes } from '../../cloudfunctions/_shared/app/prizes'
import { container } from '../../cloudfunctions/_shared/runtime/container'
import { isBizError } from '../../cloudfunctions/_shared/domain/errors'
import { bindMember, demoCard, type World } from '../support/world'
import { type Client, signedIn, startAdminWorld } from './support'

let world: World
let owner: Client
let op: Client

const MAPPING = {
  nickname: '昵称',
  code: '兑奖码',
  receiverName: '收货人',
  phone: '手机号',
  address: '收货地址',
}
const ROWS = [
  { 昵称: '小明', 兑奖码: 'WX0001', 收货人: '王明', 手机号: demoCard(5).phone, 收货地址: '广州市天河区1号' },
  { 昵称: '小红', 兑奖码: 'WX0002', 收货人: '李红', 手机号: '13811112222', 收货地址: '广州市越秀区2号' },
  { 昵称: '=HYPERLINK("http://x")', 兑奖码: '', 收货人: '', 手机号: '', 收货地址: '' },
  { 昵称: '', 兑奖码: 'WX0004', 收货人: '', 手机号: '12', 收货地址: '' },
  { 昵称: '重复', 兑奖码: 'WX0001', 收货人: '', 手机号: '', 收货地址: '' },
]

beforeAll(async () => {
  world = await startAdminWorld()
  owner = await signedIn('owner')
  op = await signedIn('op1')
  await bindMember(world, 'o_winner5', 5)
}, 120_000)
afterAll(() => world.cloud.close())

const importBody = (dryRun: boolean) => ({
  roomId: world.room.roomId,
  lotteryName: '评论抽奖1',
  mapping: MAPPING,
  rows: ROWS,
  dryRun,
})

test('a dry run previews the problems and writes nothing', async () => {
  const before = (await world.cloud.db.collection('prizes').count()).total
  const res = await op.data<LotteryImportResult>('POST', 'lottery/import', { body: importBody(true) })
  expect(res).toMatchObject({ dryRun: true, created: 3, duplicates: 1, linked: 1, issued: 1 })
  const bad = res.preview.find((r) => r.row === 4)
  expect(bad?.problems).toEqual(expect.arrayContaining(['昵称为空', '手机号需为11位数字']))
  expect(res.preview.find((r) => r.row === 5)?.duplicate).toBe(true)
  expect((await world.cloud.db.collection('prizes').count()).total).toBe(before)
  expect(await op.data('GET', 'lottery/mapping')).toEqual({})
})

test('the import creates one ledger row per winner, issues missing codes, links by a bound card’s phone, remembers the mapping', async () => {
  const res = await op.data<LotteryImportResult>('POST', 'lottery/import', { body: importBody(false) })
  expect(res).toMatchObject({ dryRun: false, created: 3, duplicates: 1, linked: 1, issued: 1 })
  expect(await op.data('GET', 'lottery/mapping')).toEqual({ mapping: MAPPING })
  const again = await op.data<LotteryImportResult>('POST', 'lottery/import', { body: importBody(false) })
  expect(again.created).toBe(0)
  const page = await op.data<Page<PrizeRow>>('GET', 'prizes', { query: { lotteryId: res.lotteryId } })
  expect(page.total).toBe(3)
  const byCode = Object.fromEntries(page.items.map((p) => [p.code, p]))
  expect(byCode['WX0001']).toMatchObject({
    linkState: 'linked',
    openid: 'o_winner5',
    phoneMasked: '139****0005',
  })
  expect(byCode['WX0002']?.linkState).toBe('unlinked')
  const issued = page.items.find((p) => p.codeIssued)
  expect(issued?.code).toMatch(/^[A-Z2-9]{10}$/)
  const lotteries = await op.data<{ items: Array<{ lotteryId: string; winners: number }> }>(
    'GET',
    'lottery/lotteries',
  )
  expect(lotteries.items).toEqual([expect.objectContaining({ lotteryId: res.lotteryId, winners: 3 })])
})

test('a code is claimed once, by one member; the member sees it in 我的奖品', async () => {
  const deps = container()
  const view = await claimPrize(deps, 'o_member_a', 'WX0002')
  expect(view).toMatchObject({ code: 'WX0002', state: 'unredeemed' })
  await expect(claimPrize(deps, 'o_member_a', 'WX0002')).resolves.toMatchObject({ code: 'WX0002' })
  const other = await claimPrize(deps, 'o_member_b', 'WX0002').catch((e: unknown) => e)
  expect(isBizError(other, 'CONFLICT')).toBe(true)
  // linked by phone: that member owns it already
  expect(
    isBizError(await claimPrize(deps, 'o_member_b', 'WX0001').catch((e: unknown) => e), 'CONFLICT'),
  ).toBe(true)
  expect(
    isBizError(await claimPrize(deps, 'o_member_b', 'NOPE99').catch((e: unknown) => e), 'NOT_FOUND'),
  ).toBe(true)
  expect((await memberPrizes(deps, 'o_member_a')).prizes.map((p) => p.code)).toEqual(['WX0002'])
  expect((await memberPrizes(deps, 'o_winner5')).prizes.map((p) => p.code)).toEqual(['WX0001'])
  expect((await memberPrizes(deps, '')).prizes).toEqual([])
})

test('20 concurrent redemptions of one code: exactly one succeeds, the others hear when and where', async () => {
  const lotteryId = (await op.data<{ items: Array<{ lotteryId: string }> }>('GET', 'lottery/lotteries'))
    .items[0]?.lotteryId
  const notSet = await op.call('POST', 'prizes/WX0001/redeem', { body: { storeId: 'S001' } })
  expect(notSet.status).toBe(409)
  await op.data('PUT', `lottery/lotteries/${lotteryId}`, { body: { prizeName: '乐高小人仔' } })
  const clerks = [owner, op]
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      (clerks[i % 2] as Client).call<PrizeRow>('POST', 'prizes/WX0001/redeem', {
        body: { storeId: i % 3 ? 'S001' : 'S002' },
      }),
    ),
  )
  const ok = answers.filter((a) => a.status === 200)
  expect(ok).toHaveLength(1)
  const refused = answers.filter((a) => a.status === 409)
  expect(refused).toHaveLength(19)
  for (const r of refused) if (!r.body.ok) expect(r.body.error.message).toMatch(/^该兑奖码已于.+兑奖$/)
  const row = (await op.data<Page<PrizeRow>>('GET', 'prizes', { query: { keyword: 'WX0001' } })).items[0]
  expect(row).toMatchObject({ state: 'redeemed', prizeName: '乐高小人仔' })
  const redeemLogs = await owner.data<Page<{ target: string }>>('GET', 'audit-log', {
    query: { action: 'prize.redeem' },
  })
  expect(redeemLogs.items.filter((e) => e.target === 'WX0001')).toHaveLength(1)
  // a redeemed prize cannot be shipped as well
  const ship = await op.call('POST', 'prizes/WX0001/ship', {
    body: {
      receiverName: '王明',
      phone: '13900000005',
      address: '广州',
      carrier: '顺丰',
      trackingNo: 'SF123456',
    },
  })
  expect(ship.status).toBe(409)
})

test('ship once, with address and tracking number; the member sees where it went', async () => {
  const body = {
    receiverName: '李红',
    phone: '13811112222',
    address: '广州市越秀区2号',
    carrier: '顺丰',
    trackingNo: 'SF1000001',
  }
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => op.call<PrizeRow>('POST', 'prizes/WX0002/ship', { body })),
  )
  expect(answers.filter((a) => a.status === 200)).toHaveLength(1)
  expect(answers.filter((a) => a.status === 409)).toHaveLength(19)
  const mine = (await memberPrizes(container(), 'o_member_a')).prizes[0]
  expect(mine).toMatchObject({
    state: 'shipped',
    carrier: '顺丰',
    trackingNo: 'SF1000001',
    address: '广州市越秀区2号',
  })
})

test('the assistant reads the ledger but cannot redeem', async () => {
  const as1 = await signedIn('as1')
  expect((await as1.call('GET', 'prizes')).status).toBe(200)
  expect((await as1.call('POST', 'prizes/WX0002/redeem', { body: { storeId: 'S001' } })).status).toBe(403)
})

test('the ledger export is UTF-8 with a BOM and reads back, formulas defused', async () => {
  const res = await op.call('GET', 'prizes/export')
  expect(res.status).toBe(200)
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
  expect(res.headers['content-disposition']).toContain("filename*=UTF-8''")
  const text = res.raw.body
  expect(text.charCodeAt(0)).toBe(0xfeff)
  const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true })
  expect(parsed.errors).toEqual([])
  const [header, ...rows] = parsed.data
  expect(header?.slice(0, 3)).toEqual(['兑奖码', '抽奖', '奖品'])
  expect(rows).toHaveLength(3)
  const byCode = Object.fromEntries(rows.map((r) => [r[0], r]))
  expect(byCode['WX0001']?.[9]).toBe('已兑奖')
  expect(byCode['WX0002']?.[13]).toBe('SF1000001')
  expect(rows.some((r) => r[4] === `'=HYPERLINK("http://x")`)).toBe(true)
})
