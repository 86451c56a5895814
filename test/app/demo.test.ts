/** The demo loader: SPEC's "Demo data" set, exactly, on an empty local cloud — loaded through the use cases. */
import { scryptSync } from 'node:crypto'
import type { MemberProfile, Result } from '../../typings/api'
import type {
  GoodsRecord,
  RoomRecord,
  ShelfRecord,
  StaffRecord,
  StockRecord,
} from '../../cloudfunctions/_shared/model'
import { goodsIdFor } from '../../cloudfunctions/_shared/app/merchant/goods'
import { stockKey } from '../../cloudfunctions/_shared/domain/stock'
import { startLocalCloud, type LocalCloud } from '../../scripts/local-cloud/server'
import { loadDemo } from '../../scripts/demo'

let cloud: LocalCloud
let summary: string
const lines: string[] = []
const MINUTE = 60_000
const PASSWORD = 'demo-test-password'

const all = async <T>(collection: string): Promise<T[]> => {
  const out: T[] = []
  for (let skip = 0; ; skip += 1000) {
    const page = (await cloud.db.collection(collection).skip(skip).limit(1000).get()).data as unknown as T[]
    out.push(...page)
    if (page.length < 1000) return out
  }
}

beforeAll(async () => {
  process.env.QUIET_LOGS = '1'
  process.env.ADMIN_PASSWORD = PASSWORD
  cloud = await startLocalCloud({ dir: null, timers: false, handlers: 'source' })
  summary = await loadDemo(cloud, { onProgress: (line) => lines.push(line) })
}, 60_000)
afterAll(async () => {
  delete process.env.ADMIN_PASSWORD
  await cloud.close()
})

test('three stores: S001 天河总店, S002 越秀店, S003 番禺店', async () => {
  const stores = (await all<{ _id: string; name: string }>('stores')).map((s) => [s._id, s.name]).sort()
  expect(stores).toEqual([
    ['S001', '天河总店'],
    ['S002', '越秀店'],
    ['S003', '番禺店'],
  ])
})

test('1 000 active cards JY000001…JY001000, phone 139 + the number in 8 digits', async () => {
  const cards = await all<{ _id: string; phone: string; status: string }>('cards')
  expect(cards).toHaveLength(1000)
  const byNo = new Map(cards.map((c) => [c._id, c]))
  expect(byNo.get('JY000001')).toMatchObject({ phone: '13900000001', status: 'active' })
  expect(byNo.get('JY001000')).toMatchObject({ phone: '13900001000', status: 'active' })
  expect(
    cards.every((c) => c.status === 'active' && c.phone === `139${c._id.slice(2).padStart(8, '0')}`),
  ).toBe(true)
  expect(lines).toContain('会员卡 1000/1000')
})

test("the manual's three goods, outbound S001, approved on WeChat and here, 1 fen, limit 1, on_live", async () => {
  const goods = (await all<GoodsRecord>('goods'))
    .filter((g) => g.productCode !== '030112005')
    .sort((a, b) => a.productCode.localeCompare(b.productCode))
  expect(goods.map((g) => [g.productCode, g.name, g.unit, g.quota])).toEqual([
    ['030111001', 'LEGO 乐高创意百变组 雷霆之翼', '件', 100],
    ['030113001', '英国CollectA虎鲸', '只', 100],
    ['030113002', '帮帮龙发声变形系列-斯东', '件', 1],
  ])
  for (const g of goods)
    expect(g).toMatchObject({
      storeId: 'S001',
      perOrderLimit: 1,
      livePriceFen: 1,
      grabTiming: 'on_live',
      auditStatus: 2,
    })
  const sim = (await (await fetch(`${cloud.url}/sim/wechat/state`)).json()) as {
    goods: Array<{ goods_id: number; audit_status: number; price_yuan: number; url: string }>
  }
  expect(sim.goods).toHaveLength(4)
  for (const g of goods) {
    expect(sim.goods.find((w) => w.goods_id === g.wxGoodsId)).toMatchObject({
      audit_status: 2,
      price_yuan: 0.01,
      url: `pages/live-goods/index?goodsId=${g._id}`,
    })
  }
})

test("FAQ 12's fourth goods: in the library, approved, manual grab, not on the room's shelf", async () => {
  const fourth = (await all<GoodsRecord>('goods')).find((g) => g.productCode === '030112005')
  expect(fourth).toMatchObject({
    name: '乐高城市系列消防局',
    unit: '件',
    storeId: 'S001',
    quota: 20,
    perOrderLimit: 2,
    livePriceFen: 99,
    grabTiming: 'manual',
    auditStatus: 2,
  })
  const shelf = await all<{ goodsId: string; inRoom: boolean }>('shelf')
  expect(shelf.filter((s) => s.inRoom)).toHaveLength(3)
  expect(shelf.some((s) => s.goodsId === fourth!._id)).toBe(false)
})

test('ids are derived from store, product code and unit, so they are the same on every load', () => {
  return all<GoodsRecord>('goods').then((goods) => {
    for (const g of goods) expect(g._id).toBe(goodsIdFor('S001', g.productCode, g.packUnit))
  })
})

test("store stock at S001: 50 of each of the manual's three, 20 of the fourth, in its packaging unit", async () => {
  const stock = await all<StockRecord>('stock')
  expect(stock).toHaveLength(4)
  for (const g of await all<GoodsRecord>('goods')) {
    expect(stock.find((s) => s._id === stockKey('S001', g.productCode, g.packUnit))).toMatchObject({
      quantity: g.productCode === '030112005' ? 20 : 50,
      reserved: 0,
    })
  }
})

test('one phone room at S001, 天河总店周末直播, starting 15 min after loading for 3 hours, not started, 3 goods on its shelf', async () => {
  const rooms = await all<RoomRecord>('rooms')
  expect(rooms).toHaveLength(1)
  const room = rooms[0] as RoomRecord
  expect(room).toMatchObject({
    storeId: 'S001',
    type: 0,
    name: '天河总店周末直播',
    liveStatus: 102,
    origin: 'api',
    anchorName: '小晋',
  })
  expect(Math.abs(room.startAt - (room.createdAt + 15 * MINUTE))).toBeLessThan(MINUTE)
  expect(room.endAt - room.startAt).toBe(180 * MINUTE)
  const shelf = await all<ShelfRecord>('shelf')
  expect(shelf).toHaveLength(3)
  expect(
    shelf.every(
      (s) => s.roomId === room.roomId && s.inRoom && s.onSale && s.sold === 0 && s.remaining === s.quota,
    ),
  ).toBe(true)
  const sim = (await (await fetch(`${cloud.url}/sim/wechat/state`)).json()) as {
    rooms: Array<{ roomid: number; live_status: number; goods: unknown[] }>
  }
  expect(sim.rooms).toHaveLength(1)
  expect(sim.rooms[0]).toMatchObject({ roomid: room.roomId, live_status: 102 })
  expect(sim.rooms[0]?.goods).toHaveLength(3)
})

test('staff: owner, operator op1 and assistant as1 (on the demo room), passwords from ADMIN_PASSWORD as salted scrypt hashes', async () => {
  const staff = (await all<StaffRecord>('staff')).sort((a, b) => a._id.localeCompare(b._id))
  const [room] = await all<RoomRecord>('rooms')
  expect(staff.map((s) => [s._id, s.role, s.roomIds])).toEqual([
    ['as1', 'assistant', [room!.roomId]],
    ['op1', 'operator', []],
    ['owner', 'owner', []],
  ])
  const owner = staff.find((s) => s._id === 'owner') as StaffRecord
  expect(owner).toMatchObject({ _id: 'owner', role: 'owner', active: true })
  const [scheme, salt = '', hash = ''] = owner.passwordHash.split('$')
  expect(scheme).toBe('scrypt')
  expect(scryptSync(PASSWORD, Buffer.from(salt, 'hex'), 64).toString('hex')).toBe(hash)
  expect(summary).not.toContain(PASSWORD)
})

test('member.profile works on the loaded data: a demo card binds', async () => {
  const bind = await cloud.call<Result<MemberProfile>>(
    'member',
    { action: 'bindCard', cardNo: 'JY000042', phone: '13900000042' },
    'o_demo',
  )
  expect(bind.ok).toBe(true)
  const profile = await cloud.call<Result<MemberProfile>>('member', { action: 'profile' }, 'o_demo')
  expect(profile).toMatchObject({
    ok: true,
    data: {
      openid: 'o_demo',
      cardBound: true,
      card: { cardNo: 'JY000042', level: '普通卡', phoneMasked: '139****0042' },
    },
  })
})
