/** The live monitor and 订单 over real orders placed through the order function and paid through 扫呗's simulator. */
import Papa from 'papaparse'
import type { MonitorItem, MonitorSnapshot, OrderRow, Page } from '../../typings/admin'
import type { CreateOrderResponse, Result } from '../../typings/api'
import { bindMember, post, setLiveStatus, type World } from '../support/world'
import { type Client, signedIn, startAdminWorld } from './support'

let world: World
let op: Client
let as1: Client
const placed: CreateOrderResponse[] = []

async function order(n: number, productCode: string): Promise<CreateOrderResponse> {
  const res = await world.cloud.call<Result<CreateOrderResponse>>(
    'order',
    {
      action: 'create',
      roomId: world.room.roomId,
      goodsId: world.goods[productCode]?._id,
      qty: 1,
      requestId: `admin-order-${n}-${productCode}`,
    },
    `o_admin${n}`,
  )
  if (!res.ok) throw new Error(`order ${n}: ${res.error.code}`)
  return res.data
}

beforeAll(async () => {
  world = await startAdminWorld()
  op = await signedIn('op1')
  as1 = await signedIn('as1')
  for (let n = 1; n <= 6; n++) await bindMember(world, `o_admin${n}`, 100 + n)
  await setLiveStatus(world, 101)
  for (let n = 1; n <= 6; n++) placed.push(await order(n, '030111001'))
  for (const o of placed.slice(0, 4))
    await post(world.cloud, `/sim/saobei/orders/${o.payment.outTradeNo}/pay`)
}, 120_000)
afterAll(() => world.cloud.close())

const lego = () => world.goods['030111001']?._id as string

test('the monitor shows quota, sold, reserved, remaining, store stock, the latest orders and sales per minute', async () => {
  const asked = world.cloud.clock.now()
  const snap = await as1.data<MonitorSnapshot>('GET', `rooms/${world.room.roomId}/monitor`)
  const item = snap.items.find((i) => i.goodsId === lego()) as MonitorItem
  expect(item).toMatchObject({ quota: 100, sold: 4, reserved: 2, remaining: 94, stock: 44, grabOpen: true })
  expect(snap.orders.map((o) => o.orderId).sort()).toEqual(placed.map((o) => o.orderId).sort())
  expect(snap.orders.filter((o) => o.status === 'paid')).toHaveLength(4)
  expect(snap.salesPerMinute.reduce((n, m) => n + m.qty, 0)).toBe(4)
  expect(snap.salesPerMinute.reduce((n, m) => n + m.amountFen, 0)).toBe(4)
  expect(snap.serverTime).toBeGreaterThanOrEqual(asked)
  expect(snap.serverTime).toBeLessThanOrEqual(world.cloud.clock.now())
  expect(snap.room.state).toBe('live')
})

test('an order placed shows in the very next snapshot', async () => {
  await bindMember(world, 'o_admin_next', 150)
  const res = await world.cloud.call<Result<CreateOrderResponse>>(
    'order',
    {
      action: 'create',
      roomId: world.room.roomId,
      goodsId: world.goods['030113001']?._id,
      qty: 1,
      requestId: 'admin-next-order-1',
    },
    'o_admin_next',
  )
  if (!res.ok) throw new Error(res.error.code)
  const snap = await op.data<MonitorSnapshot>('GET', `rooms/${world.room.roomId}/monitor`)
  expect(snap.orders[0]?.orderId).toBe(res.data.orderId)
  expect(snap.items.find((i) => i.productCode === '030113001')?.reserved).toBe(1)
})

test('上新链接 and 允许抢购 by the assistant: the fresh row comes back at once', async () => {
  const fourth = world.goods['030112005']
  if (!fourth) throw new Error('the demo has no fourth goods')
  const on = world.goods['030111001']?._id as string
  expect(
    (await as1.call('POST', `rooms/${world.room.roomId}/goods/${on}/grab`, { body: { open: false } })).status,
  ).toBe(409)
  const added = await as1.data<{ added: string[]; items: MonitorItem[] }>(
    'POST',
    `rooms/${world.room.roomId}/goods`,
    {
      body: { goodsIds: [fourth._id] },
    },
  )
  expect(added.added).toEqual([fourth._id])
  expect(added.items.find((i) => i.goodsId === fourth._id)?.grabOpen).toBe(false)
  const row = await as1.data<MonitorItem>('POST', `rooms/${world.room.roomId}/goods/${fourth._id}/grab`, {
    body: { open: true },
  })
  expect(row).toMatchObject({ goodsId: fourth._id, grabOpen: true, quota: 20, stock: 20 })
  const log = await (
    await signedIn('owner')
  ).data<Page<{ actor: string; action: string }>>('GET', 'audit-log', {
    query: { actor: 'as1' },
  })
  expect(log.items.map((e) => e.action)).toEqual(expect.arrayContaining(['shelf.import', 'shelf.grab']))
})

test('orders are listed, filtered and paged on the server', async () => {
  const all = await op.data<Page<OrderRow>>('GET', 'orders', {
    query: { roomId: String(world.room.roomId), pageSize: '3' },
  })
  expect(all.total).toBe(7)
  expect(all.items).toHaveLength(3)
  const paid = await op.data<Page<OrderRow>>('GET', 'orders', { query: { status: 'paid' } })
  expect(paid.total).toBe(4)
  const none = await op.data<Page<OrderRow>>('GET', 'orders', { query: { storeId: 'S003' } })
  expect(none.total).toBe(0)
  const later = await op.data<Page<OrderRow>>('GET', 'orders', {
    query: { from: String(world.cloud.clock.now() + 1) },
  })
  expect(later.total).toBe(0)
  expect((await op.call('GET', 'orders', { query: { pageSize: '101' } })).status).toBe(400)
})

test('refund of a paid order: once, with the refund shown, and the sale back in the monitor', async () => {
  const target = placed[0] as CreateOrderResponse
  const answers = await Promise.all(
    Array.from({ length: 5 }, () =>
      op.call<OrderRow>('POST', `orders/${target.orderId}/refund`, { body: {} }),
    ),
  )
  const ok = answers.filter((a) => a.status === 200)
  expect(ok).toHaveLength(1)
  expect(answers.filter((a) => a.status === 422)).toHaveLength(4)
  const detail = await op.data<OrderRow>('GET', `orders/${target.orderId}`)
  expect(detail.status).toBe('refunded')
  expect(detail.refund).toMatchObject({ amountFen: 1 })
  const snap = await op.data<MonitorSnapshot>('GET', `rooms/${world.room.roomId}/monitor`)
  expect(snap.items.find((i) => i.goodsId === lego())).toMatchObject({ sold: 3, stock: 45 })
  expect((await op.call('POST', `orders/${placed[5]?.orderId}/refund`, { body: {} })).status).toBe(422)
  expect((await op.call('GET', 'orders/ffffffffffffffffffffffff')).status).toBe(404)
})

test('the export is UTF-8 with a BOM, Excel-readable, and reads back to the list', async () => {
  const res = await op.call('GET', 'orders/export', { query: { roomId: String(world.room.roomId) } })
  expect(res.status).toBe(200)
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
  const text = res.raw.body
  expect(text.startsWith('\uFEFF订单号,状态,')).toBe(true)
  const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true })
  expect(parsed.errors).toEqual([])
  const list = await op.data<Page<OrderRow>>('GET', 'orders', {
    query: { roomId: String(world.room.roomId), pageSize: '100' },
  })
  expect(parsed.data.map((r) => r['订单号']).sort()).toEqual(list.items.map((o) => o.orderId).sort())
  const refunded = parsed.data.find((r) => r['订单号'] === placed[0]?.orderId)
  expect(refunded).toMatchObject({ 状态: '已退款', '金额(元)': '0.01', 商品: 'LEGO 乐高创意百变组 雷霆之翼' })
})
