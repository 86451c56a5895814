/** 商品库管理 over the local cloud and the WeChat simulator: add, edit by audit status, withdraw, resubmit, delete, list. */
import {
  addGoods,
  deleteGoods,
  editGoods,
  listGoods,
  resubmitAudit,
  withdrawAudit,
} from '../../cloudfunctions/_shared/app/merchant/goods'
import { importGoods } from '../../cloudfunctions/_shared/app/merchant/shelf'
import type { GoodsRecord, ShelfRecord } from '../../cloudfunctions/_shared/model'
import { pngOf } from '../../scripts/local-cloud/sim/wechat/testing'
import {
  ACTOR,
  approvedGoods,
  auditRows,
  expectRefusedLocally,
  goodsInput,
  newRoom,
  rows,
  simState,
  startHarness,
  wechatCalls,
  type Harness,
} from './merchant-harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
}, 30_000)
afterAll(() => h.cloud.close())

const simGoods = async (wxGoodsId: number | undefined) =>
  (await simState(h)).goods.find((g) => g.goods_id === wxGoodsId)

describe('addGoods', () => {
  test('submits the goods to WeChat (price in yuan, our goods page URL) and stores it under audit', async () => {
    const g = await addGoods(
      h.deps,
      ACTOR,
      goodsInput({ name: '乐高雷霆之翼', livePriceFen: 1990, quota: 100, perOrderLimit: 1 }),
    )
    expect(g._id).toMatch(/^g[0-9a-f]{16}$/)
    expect(await simGoods(g.wxGoodsId)).toMatchObject({
      name: '乐高雷霆之翼',
      price_yuan: 19.9,
      audit_status: 1,
      audit_id: g.auditId,
      url: `pages/live-goods/index?goodsId=${g._id}`,
    })
    const stored = await h.deps.repos.goods.get(g._id)
    expect(stored).toMatchObject({
      storeId: 'S001',
      quota: 100,
      perOrderLimit: 1,
      livePriceFen: 1990,
      auditStatus: 1,
      wxGoodsId: g.wxGoodsId,
      packUnit: '件',
    })
    expect(stored?.coverUrl).toMatch(/^https?:\/\//)
    expect(await auditRows(h, 'goods.add')).toEqual([
      expect.objectContaining({ actor: ACTOR, target: g._id }),
    ])
  })

  test.each([
    ['a name of 2 Chinese characters', { name: '玩具' }, 'GOODS_NAME_LENGTH'],
    ['a name of 15 Chinese characters', { name: '一二三四五六七八九十一二三四五' }, 'GOODS_NAME_LENGTH'],
    ['a price of 0', { livePriceFen: 0 }, 'GOODS_PRICE'],
    ['a price that is not whole fen', { livePriceFen: 9.5 }, 'GOODS_PRICE'],
    ['a quota of 0', { quota: 0, perOrderLimit: 0 }, 'GOODS_QUOTA'],
    ['a limit above the quota', { quota: 3, perOrderLimit: 4 }, 'GOODS_LIMIT'],
    ['an unknown grab timing', { grabTiming: 'soon' as 'manual' }, 'INVALID_INPUT'],
    ['an unknown store', { storeId: 'S999' }, 'STORE_NOT_FOUND'],
    ['a cover wider than 300 px', { cover: { data: pngOf(301, 300) } }, 'INVALID_INPUT'],
    [
      'a cover over 2 MB',
      { cover: { data: Buffer.concat([pngOf(300, 300), Buffer.alloc(2 * 1024 * 1024)]) } },
      'INVALID_INPUT',
    ],
    ['no cover', { cover: undefined as never }, 'INVALID_INPUT'],
  ])('%s is refused before WeChat is called, writing nothing', async (_name, over, code) => {
    const before = (await rows(h, 'goods')).length
    await expectRefusedLocally(h, code, () => addGoods(h.deps, ACTOR, goodsInput(over)))
    expect(await rows(h, 'goods')).toHaveLength(before)
  })
})

describe('editGoods follows the audit status', () => {
  let pending: GoodsRecord
  beforeAll(async () => {
    pending = await addGoods(h.deps, ACTOR, goodsInput({ quota: 10, perOrderLimit: 2 }))
  })

  test('审核中: a price or name change is refused before WeChat is called', async () => {
    await expectRefusedLocally(h, 'GOODS_AUDIT_STATE', () =>
      editGoods(h.deps, ACTOR, { goodsId: pending._id, livePriceFen: 990 }),
    )
    await expectRefusedLocally(h, 'GOODS_AUDIT_STATE', () =>
      editGoods(h.deps, ACTOR, { goodsId: pending._id, name: '改过的测试商品' }),
    )
  })

  test('审核中: quota, limit and grab timing change locally only, audit-logged', async () => {
    const calls = await wechatCalls(h)
    const edited = await editGoods(h.deps, 'op2', {
      goodsId: pending._id,
      quota: 20,
      perOrderLimit: 5,
      grabTiming: 'manual',
    })
    expect(edited).toMatchObject({ quota: 20, perOrderLimit: 5, grabTiming: 'manual' })
    expect(await h.deps.repos.goods.get(pending._id)).toMatchObject({
      quota: 20,
      perOrderLimit: 5,
      grabTiming: 'manual',
    })
    expect(await wechatCalls(h)).toBe(calls)
    const log = (await auditRows(h, 'goods.edit')).filter((r) => r.target === pending._id)
    expect(log).toEqual([
      expect.objectContaining({
        actor: 'op2',
        detail: { changes: { quota: [10, 20], perOrderLimit: [2, 5], grabTiming: ['on_live', 'manual'] } },
      }),
    ])
  })

  test('a limit above the quota is refused whatever the status', async () => {
    await expectRefusedLocally(h, 'GOODS_LIMIT', () =>
      editGoods(h.deps, ACTOR, { goodsId: pending._id, perOrderLimit: 21 }),
    )
  })

  test('审核通过: the price changes on WeChat and here; the name may not', async () => {
    const g = await approvedGoods(h, { livePriceFen: 1000 })
    const edited = await editGoods(h.deps, ACTOR, { goodsId: g._id, livePriceFen: 1 })
    expect(edited.livePriceFen).toBe(1)
    expect(await simGoods(g.wxGoodsId)).toMatchObject({ price_yuan: 0.01, audit_status: 2 })
    expect((await auditRows(h, 'goods.edit')).find((r) => r.target === g._id)?.detail).toEqual({
      changes: { livePriceFen: [1000, 1] },
    })
    await expectRefusedLocally(h, 'GOODS_AUDIT_STATE', () =>
      editGoods(h.deps, ACTOR, { goodsId: g._id, name: '改名后的商品' }),
    )
    await expectRefusedLocally(h, 'GOODS_AUDIT_STATE', () =>
      editGoods(h.deps, ACTOR, { goodsId: g._id, cover: { data: pngOf(100, 100) } }),
    )
  })

  test('withdraw → 未审核: every field may change on WeChat; resubmit → 审核中 with the new audit id', async () => {
    const g = await addGoods(h.deps, ACTOR, goodsInput())
    expect((await withdrawAudit(h.deps, ACTOR, { goodsId: g._id })).auditStatus).toBe(0)
    expect(await simGoods(g.wxGoodsId)).toMatchObject({ audit_status: 0 })
    await editGoods(h.deps, ACTOR, { goodsId: g._id, name: '撤回后改名商品', livePriceFen: 500 })
    expect(await simGoods(g.wxGoodsId)).toMatchObject({ name: '撤回后改名商品', price_yuan: 5 })
    await expectRefusedLocally(h, 'GOODS_AUDIT_STATE', () => withdrawAudit(h.deps, ACTOR, { goodsId: g._id }))

    const again = await resubmitAudit(h.deps, ACTOR, { goodsId: g._id })
    const sim = await simGoods(g.wxGoodsId)
    expect(again).toMatchObject({ auditStatus: 1, auditId: sim?.audit_id })
    expect(sim?.audit_status).toBe(1)
    expect(await h.deps.repos.goods.get(g._id)).toMatchObject({ auditStatus: 1, auditId: sim?.audit_id })
    await expectRefusedLocally(h, 'GOODS_AUDIT_STATE', () => resubmitAudit(h.deps, ACTOR, { goodsId: g._id }))
    expect((await auditRows(h, 'goods.withdrawAudit')).map((r) => r.target)).toContain(g._id)
    expect((await auditRows(h, 'goods.resubmitAudit')).map((r) => r.target)).toContain(g._id)
  })
})

describe('deleteGoods', () => {
  test('removes it from WeChat and from every room shelf; the record stays, marked deleted', async () => {
    const g = await approvedGoods(h)
    const room = await newRoom(h)
    await importGoods(h.deps, ACTOR, { roomId: room.roomId, goodsIds: [g._id] })
    expect(
      (await simState(h)).rooms.find((r) => r.roomid === room.roomId)?.shelf.map((s) => s.goodsId),
    ).toEqual([g.wxGoodsId])

    const deleted = await deleteGoods(h.deps, ACTOR, { goodsId: g._id })
    expect(deleted.deletedAt).toBeDefined()
    const sim = await simState(h)
    expect(sim.goods.find((w) => w.goods_id === g.wxGoodsId)).toBeUndefined()
    expect(sim.rooms.find((r) => r.roomid === room.roomId)?.shelf).toEqual([])
    expect((await rows<ShelfRecord>(h, 'shelf', { goodsId: g._id }))[0]).toMatchObject({ inRoom: false })
    expect(await h.deps.repos.goods.get(g._id)).toMatchObject({ deletedAt: deleted.deletedAt })
    expect((await listGoods(h.deps, ACTOR, { keyword: g.name })).total).toBe(0)
    expect((await auditRows(h, 'goods.delete')).map((r) => r.target)).toEqual([g._id])
    await expectRefusedLocally(h, 'NOT_FOUND', () => deleteGoods(h.deps, ACTOR, { goodsId: g._id }))
  })

  test('a goods under audit cannot be deleted (WeChat 300014): refused before WeChat is called', async () => {
    const g = await addGoods(h.deps, ACTOR, goodsInput())
    await expectRefusedLocally(h, 'GOODS_AUDIT_STATE', () => deleteGoods(h.deps, ACTOR, { goodsId: g._id }))
  })
})

test('listGoods filters by store, audit status and keyword, a page at a time', async () => {
  await addGoods(h.deps, ACTOR, goodsInput({ storeId: 'S003', name: '番禺店独有鲸鱼玩偶' }))
  await addGoods(h.deps, ACTOR, goodsInput({ storeId: 'S003', name: '番禺店独有海豚玩偶' }))
  await approvedGoods(h, { storeId: 'S003', name: '番禺店已审核玩偶' })
  expect((await listGoods(h.deps, ACTOR, { storeId: 'S003' })).total).toBe(3)
  expect(
    (await listGoods(h.deps, ACTOR, { storeId: 'S003', auditStatus: 2 })).goods.map((g) => g.name),
  ).toEqual(['番禺店已审核玩偶'])
  expect((await listGoods(h.deps, ACTOR, { keyword: '鲸鱼' })).goods.map((g) => g.name)).toEqual([
    '番禺店独有鲸鱼玩偶',
  ])
  const page1 = await listGoods(h.deps, ACTOR, { storeId: 'S003', pageSize: 2 })
  const page2 = await listGoods(h.deps, ACTOR, { storeId: 'S003', pageSize: 2, page: 2 })
  expect([page1.goods.length, page2.goods.length, page1.total]).toEqual([2, 1, 3])
  expect(new Set([...page1.goods, ...page2.goods].map((g) => g._id)).size).toBe(3)
})
