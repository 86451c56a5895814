/**
 * npm run demo:live against an in-process local cloud with the demo data: members bind, grab and pay
 * through the function and simulator routes, staff 上新链接 and open the fourth goods through the
 * back-office API. Waits are immediate here (no real sleeps); the numbers are checked against the database.
 */
import { runDemoLive, type DemoLiveStats } from '../../scripts/demo-live'
import type { OrderRecord, ShelfRecord } from '../../cloudfunctions/_shared/model'
import { startWorld, type World } from '../support/world'

const PASSWORD = 'demo-live-Passw0rd!'
let world: World
let stats: DemoLiveStats
let lines: string[]

function seeded(seed: number): () => number {
  let x = seed
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31
    return x / 2 ** 31
  }
}

beforeAll(async () => {
  process.env.ADMIN_PASSWORD = PASSWORD
  world = await startWorld()
  lines = []
  stats = await runDemoLive({
    url: world.cloud.url,
    durationMs: 60_000,
    members: 24,
    payShare: 0.6,
    sleep: () => new Promise((resolve) => setImmediate(resolve)),
    random: seeded(7),
    progress: (line) => lines.push(line),
    adminPassword: PASSWORD,
    runId: 'test',
  })
}, 120_000)
afterAll(() => world.cloud.close())

test('members bind, order and pay; the counts match the orders stored', async () => {
  expect(stats.arrived).toBe(24)
  expect(stats.bound).toBe(24)
  expect(stats.ordered).toBeGreaterThan(5)
  // what was not ordered was refused with a code (抢完了 and the like), not lost
  expect(stats.ordered + Object.values(stats.refused).reduce((a, b) => a + b, 0)).toBe(24)
  expect(stats.paid + stats.abandoned).toBe(stats.ordered)
  expect(stats.paid).toBeGreaterThan(0)
  expect(stats.abandoned).toBeGreaterThan(0)
  const orders = (await world.cloud.db.collection('orders').limit(1000).get())
    .data as unknown as OrderRecord[]
  const demo = orders.filter((o) => o.openid.startsWith('o_demo_live_') && o.status !== 'failed')
  expect(demo).toHaveLength(stats.ordered)
  expect(demo.filter((o) => o.status === 'paid')).toHaveLength(stats.paid)
})

test('staff put the fourth goods on the shelf by 上新链接 and opened it for grabbing', async () => {
  expect(stats.staff).toMatch(/added and opened/)
  const goods = world.goods['030112005']
  const shelf = (await world.cloud.db.collection('shelf').where({ roomId: world.room.roomId }).get())
    .data as unknown as ShelfRecord[]
  expect(shelf.find((s) => s.goodsId === goods?._id)).toMatchObject({ inRoom: true, grabOpen: true })
})

test('progress is one line of the running counts', () => {
  expect(lines.length).toBeGreaterThan(24)
  expect(lines.at(-1)).toMatch(
    /绑卡 bound 24 · 下单 ordered \d+ · 支付 paid \d+ · 放弃 abandoned \d+ · 拒绝 refused \d+/,
  )
})
