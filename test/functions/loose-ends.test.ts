/**
 * Issue 8 over the local cloud, each point through the real entries: the timers of config.json on the
 * local clock, the 5-second freshness, who may start a sync, names that are not ours, errors worded for
 * a member, what remains to be bought, and the sweeper that leaves nothing behind.
 */
import type {
  CreateOrderResponse,
  ItemView,
  OrderView,
  Result,
  RoomDetail,
  RoomSummary,
} from '../../typings/api'
import type { OrderRecord } from '../../cloudfunctions/_shared/model'
import { bindMember, expectError, get, goodsCounters, post, startWorld, type World } from '../support/world'

const GETLIVEINFO = '/wxa/business/getliveinfo'
const MINUTE = 60_000

let world: World
let seq = 0
const lego = () => world.goods['030111001']!._id
const orca = () => world.goods['030113001']!._id

const calls = async (path = GETLIVEINFO) =>
  (await get<{ calls: Record<string, number> }>(world.cloud, '/sim/wechat/state')).calls[path] ?? 0
const create = (
  openid: string,
  goodsId: string,
  qty = 1,
  requestId = `loose-${++seq}-0000`,
  roomId = world.room.roomId,
) =>
  world.cloud.call<Result<CreateOrderResponse>>(
    'order',
    { action: 'create', roomId, goodsId, qty, requestId },
    openid,
  )
/** The anchor moves the room on WeChat's side only: no sync, no clock move. */
const anchor = (liveStatus: number) =>
  post(world.cloud, `/sim/wechat/rooms/${world.room.roomId}/status`, { live_status: liveStatus })
const advance = (ms: number) => post(world.cloud, '/sim/clock', { advanceMs: ms })

beforeAll(async () => {
  // the timers run as npm start runs them: on the local clock, from config.json
  world = await startWorld({ timers: true })
  for (let n = 1; n <= 12; n++) await bindMember(world, `o_loose_${n}`, 100 + n)
}, 120_000)
afterAll(() => world.cloud.close())

describe('rule 3: the state members see and order against is at most 5 s old (issue 8.8)', () => {
  test('started on WeChat, the room accepts an order 6 s later with no sync call', async () => {
    await anchor(101)
    await advance(6_000)
    const res = await create('o_loose_1', lego())
    expect(res).toMatchObject({ ok: true, data: { status: 'pending' } })
  })

  test('paused, it refuses with PAUSED 6 s later, and the list shows it paused', async () => {
    await anchor(105)
    await advance(6_000)
    expectError(await create('o_loose_2', lego()), 'PAUSED')
    const rooms = await world.cloud.call<Result<{ rooms: RoomSummary[] }>>('live', { action: 'rooms' })
    expect(rooms.ok && rooms.data.rooms.find((r) => r.roomId === world.room.roomId)?.state).toBe('paused')
    await anchor(101)
    await advance(6_000)
  })

  test('500 concurrent callers on a 6-second-stale room make one getliveinfo call', async () => {
    await advance(6_000)
    const before = await calls()
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        world.cloud.call<Result<ItemView>>(
          'live',
          { action: 'item', roomId: world.room.roomId, goodsId: orca() },
          `o_watch_${i}`,
        ),
      ),
    )
    expect((await calls()) - before).toBe(1)
    for (const r of results) expect(r).toMatchObject({ ok: true, data: { liveStatus: 101 } })
  })

  test('made-up room ids cost WeChat nothing while the states are fresh', async () => {
    await advance(6_000)
    await world.cloud.call('live', { action: 'room', roomId: world.room.roomId })
    const before = await calls()
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => create(`o_loose_3`, lego(), 1, `made-up-room-${i}`, 900_000 + i)),
    )
    expect((await calls()) - before).toBe(0)
    for (const a of answers) expectError(a, 'ROOM_NOT_FOUND')
  })
})

describe('the sync timer runs the real handler with the event CloudBase sends (issue 8.1)', () => {
  test('a new member orders, the clock moves 16 minutes: the order is closed and the quota back, with no manual call', async () => {
    const before = await goodsCounters(world, '030113001')
    const order = await create('o_loose_4', orca())
    if (!order.ok) throw new Error(order.error.code)
    expect((await goodsCounters(world, '030113001')).shelf.reserved).toBe(before.shelf.reserved + 1)

    await advance(16 * MINUTE)
    const got = await world.cloud.call<Result<OrderView>>(
      'order',
      { action: 'get', orderId: order.data.orderId },
      'o_loose_4',
    )
    expect(got).toMatchObject({ ok: true, data: { status: 'closed' } })
    const after = await goodsCounters(world, '030113001')
    expect(after.shelf.reserved).toBe(before.shelf.reserved)
    expect(after.stock.quantity).toBe(before.stock.quantity)
    // the member's limit came back too: a new order goes through
    await anchor(101)
    await advance(6_000)
    expect(await create('o_loose_4', orca())).toMatchObject({ ok: true })
  })

  test('the local cloud lists the trigger of sync/config.json', async () => {
    const timers = await get<{ ok: true; data: Array<{ fn: string; name: string; config: string }> }>(
      world.cloud,
      '/sim/timers',
    )
    expect(timers.data).toEqual([expect.objectContaining({ fn: 'sync', name: 'everyMinute' })])
  })
})

describe('only timers and staff start a sync (issue 8.2)', () => {
  test('a member, an anonymous caller and a member dressed as the timer are refused, and WeChat is not called', async () => {
    const before = await calls()
    const answers = await Promise.all([
      ...Array.from({ length: 200 }, () => world.cloud.call<Result<unknown>>('sync', { action: 'run' })),
      world.cloud.call<Result<unknown>>('sync', { action: 'run' }, 'o_loose_5'),
      world.cloud.call<Result<unknown>>(
        'sync',
        { Type: 'Timer', TriggerName: 'everyMinute', Time: 'x' },
        'o_loose_5',
      ),
    ])
    for (const a of answers) expectError(a, 'FORBIDDEN')
    expect((await calls()) - before).toBe(0)
  })
})

describe('caller-chosen names never reach a prototype (issue 8.3)', () => {
  test.each(['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'])(
    'action %s is UNKNOWN_ACTION in every function',
    async (name) => {
      for (const fn of ['member', 'live', 'order', 'sync'])
        expectError(
          await world.cloud.call<Result<unknown>>(fn, { action: name }, 'o_loose_6'),
          'UNKNOWN_ACTION',
        )
    },
  )

  test.each(['/fn/__proto__', '/fn/constructor', '/fn/toString', '/http/constructor/x', '/http/__proto__'])(
    '%s answers 404 with the envelope and does not echo the body',
    async (path) => {
      const res = await fetch(`${world.cloud.url}${path}`, { method: 'POST', body: '{"secret":"echo-me"}' })
      expect(res.status).toBe(404)
      const text = await res.text()
      expect(text).not.toContain('echo-me')
      expect(JSON.parse(text)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    },
  )

  test('payNotify with JSON nested 10 000 deep answers 400, not 500', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)
    const res = await fetch(`${world.cloud.url}/http/payNotify`, { method: 'POST', body: deep })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  test("a function body over CloudBase's 100 KB is refused with 413", async () => {
    const res = await fetch(`${world.cloud.url}/fn/live`, {
      method: 'POST',
      body: JSON.stringify({ action: 'rooms', pad: 'x'.repeat(101 * 1024) }),
    })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } })
  })
})

describe('errors worded for their reader (issue 8.5)', () => {
  test("a member ordering while WeChat is out of quota is told to wait, with no errcode, English or merchant's task", async () => {
    await advance(6_000)
    await post(world.cloud, '/sim/wechat/faults', { path: GETLIVEINFO, errcode: 45009, count: 1 })
    const res = await create('o_loose_7', lego())
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.error.message).toMatch(/[\u4e00-\u9fff]/)
    expect(res.error.message).not.toMatch(/后台|重置|[A-Za-z]{4,}/)
    expect(res.error).not.toHaveProperty('details')
  })
})

describe('remaining is what can still be bought; the refusal names the real limit (issue 8.6)', () => {
  test('the orca has quota 100 and 50 in stock: live.room says at most 50 remain', async () => {
    const room = await world.cloud.call<Result<RoomDetail>>('live', {
      action: 'room',
      roomId: world.room.roomId,
    })
    const item = room.ok ? room.data.shelf.find((s) => s.goodsId === orca()) : undefined
    const { shelf, stock } = await goodsCounters(world, '030113001')
    expect(item?.remaining).toBe(Math.min(shelf.remaining, stock.quantity))
    expect(item!.remaining).toBeLessThanOrEqual(50)
  })
})

describe('the sweeper leaves no work behind (issue 8.7)', () => {
  test('one run closes every overdue order, more than a page of them, and gives every hold back', async () => {
    const before = await goodsCounters(world, '030111001')
    const orders = world.cloud.db.collection('orders')
    // 250 reservations left pending past their deadline (a crash mid-burst leaves such rows)
    const template = (await orders.where({ status: 'pending' }).limit(1).get()).data[0] as unknown as
      OrderRecord | undefined
    const base = template ?? ((await orders.limit(1).get()).data[0] as unknown as OrderRecord)
    const now = world.cloud.clock.now()
    for (let i = 0; i < 250; i++) {
      const { _id: _omit, ...rest } = base
      await orders.add({
        data: {
          ...rest,
          _id: `sweep${String(i).padStart(19, '0')}`,
          status: 'pending',
          attempts: [],
          refunds: {},
          expireAt: now - 1,
          settledAt: undefined,
        } as never,
      })
    }
    await advance(MINUTE)
    const left = await orders.where({ status: 'pending', expireAt: world.cloud.db.command.lt(now) }).count()
    expect(left.total).toBe(0)
    expect((await goodsCounters(world, '030111001')).shelf.reserved).toBeLessThanOrEqual(
      before.shelf.reserved,
    )
  })

  test('a late payment is refunded once, followed to its end, and the member sees the refund', async () => {
    await anchor(101)
    await advance(6_000)
    const order = await create('o_loose_8', orca())
    if (!order.ok) throw new Error(order.error.code)
    await advance(16 * MINUTE)
    // 扫呗 delivers the member's payment after the order closed: it is refunded (rule 9)
    await post(world.cloud, `/sim/saobei/orders/${order.data.payment.outTradeNo}/pay`, {
      late: true,
      times: 3,
    })
    await advance(MINUTE)
    const got = await world.cloud.call<Result<OrderView>>(
      'order',
      { action: 'get', orderId: order.data.orderId },
      'o_loose_8',
    )
    expect(got).toMatchObject({
      ok: true,
      data: { status: 'closed', refund: { amountFen: order.data.amountFen, state: 'refunded' } },
    })
    const stored = (await world.cloud.db.collection('orders').doc(order.data.orderId).get())
      .data as unknown as OrderRecord
    expect(Object.keys(stored.refunds)).toHaveLength(1)
    expect(stored.refundOpen).toBe(false)
  })
})
