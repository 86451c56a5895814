/**
 * Issue 8.2 from the staff's side: 同步 in the back office runs the sync; presses close together share
 * one run (one read of WeChat), and an assistant may not start one.
 */
import { get, type World } from '../support/world'
import { signedIn, startAdminWorld } from './support'

let world: World
beforeAll(async () => {
  world = await startAdminWorld()
}, 120_000)
afterAll(() => world.cloud.close())

const calls = async () =>
  (await get<{ calls: Record<string, number> }>(world.cloud, '/sim/wechat/state')).calls[
    '/wxa/business/getliveinfo'
  ] ?? 0

test('twenty presses of 同步 at once by two operators make one run and one getliveinfo read', async () => {
  const [a, b] = await Promise.all([signedIn('op1'), signedIn('owner')])
  world.cloud.clock.advance(3_600_000)
  const before = await calls()
  const reports = await Promise.all(
    Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).data<{ startedAt: number }>('POST', 'sync')),
  )
  // one run answered them all
  expect(new Set(reports.map((r) => r.startedAt)).size).toBe(1)
  expect((await calls()) - before).toBe(1)
})

test('an assistant cannot start a sync', async () => {
  const as1 = await signedIn('as1')
  const res = await as1.call('POST', 'sync')
  expect(res.status).toBe(403)
})
