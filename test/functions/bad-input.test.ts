import type { Result } from '../../typings/api'
import { startWorld, type World } from '../support/world'

let world: World
beforeAll(async () => {
  world = await startWorld()
})
afterAll(() => world.cloud.close())

const BAD_EVENTS: Array<[string, Record<string, unknown>]> = [
  ['member', { action: 'bindCard', cardNo: '', phone: 'abc' }],
  ['member', { action: 'bindCard', cardNo: 'JY000001' }],
  ['member', { action: 'profile', extra: 1 }],
  ['live', { action: 'rooms', state: 'sleeping' }],
  ['live', { action: 'room', roomId: 'one' }],
  ['live', { action: 'item', roomId: 1 }],
  ['order', { action: 'create', roomId: 1, goodsId: 'g', qty: 0, requestId: 'req-00001' }],
  ['order', { action: 'create', roomId: 1, goodsId: 'g', qty: 1.5, requestId: 'req-00001' }],
  ['order', { action: 'create', roomId: 1, goodsId: 'g', qty: 1, requestId: 'req-00001', priceFen: 1 }],
  ['order', { action: 'create', roomId: 1, goodsId: 'g', qty: 1 }],
  ['order', { action: 'cancel', orderId: '../../etc' }],
  ['order', { action: 'list', status: 'everything' }],
]

describe('a bad event to any function answers INVALID_INPUT in Chinese and writes nothing', () => {
  test.each(BAD_EVENTS)('%s %j', async (fn, event) => {
    world.cloud.db.resetCounters()
    const res = await world.cloud.call<Result<unknown>>(fn, event, 'o_bad_input')
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.error.code).toBe('INVALID_INPUT')
    expect(res.error.message).toMatch(/^请求参数不正确/)
    expect(JSON.stringify(res)).not.toMatch(/at .*\.ts:\d+|Error:/)
    expect(world.cloud.db.counters().writeOps).toBe(0)
  })

  test('an unknown action and a non-object event are refused the same way', async () => {
    for (const event of [{ action: 'dropAll' }, {}]) {
      const res = await world.cloud.call<Result<unknown>>('order', event, 'o_bad_input')
      expect(res).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } })
    }
  })

  test('a body that is not JSON gets a clear error, not a 500', async () => {
    const res = await fetch(`${world.cloud.url}/fn/member`, {
      method: 'POST',
      headers: { 'x-wx-openid': 'o_x' },
      body: '{not json',
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  test('a bad payment notification is refused with a clear error and writes nothing', async () => {
    world.cloud.db.resetCounters()
    const res = await fetch(`${world.cloud.url}/http/payNotify`, { method: 'POST', body: 'not json' })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/JSON/) },
    })
    expect(world.cloud.db.counters().writeOps).toBe(0)
  })
})
