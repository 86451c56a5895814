/** The one transport, chosen by configuration: cloud in production, the local cloud's /fn/<name> in development. */
import type { Result } from '../../typings/api'
import type * as Api from '../../miniprogram/services/api'

type Req = { url: string; method: string; header: Record<string, string>; data: unknown }

function fakeWx(ext: unknown, reply: (r: Req) => { statusCode: number; data: unknown } | 'fail') {
  const requests: Req[] = []
  const cloudCalls: Array<{ name: string; data: unknown }> = []
  const inits: unknown[] = []
  ;(globalThis as unknown as { wx: unknown }).wx = {
    getExtConfigSync: () => ext,
    request(opts: Req & { success(r: unknown): void; fail(e: unknown): void }) {
      requests.push({ url: opts.url, method: opts.method, header: opts.header, data: opts.data })
      const r = reply(opts)
      if (r === 'fail') opts.fail({ errMsg: 'request:fail' })
      else opts.success(r)
    },
    cloud: {
      init: (o: unknown) => inits.push(o),
      callFunction: async ({ name, data }: { name: string; data: unknown }) => {
        cloudCalls.push({ name, data })
        return { result: { ok: true, data: { via: 'cloud' } } }
      },
    },
  }
  return { requests, cloudCalls, inits }
}

async function fresh() {
  // a fresh registry per test: the transport is chosen once per module instance, as once per launch
  let mod: typeof Api | undefined
  jest.isolateModules(() => {
    mod = jest.requireActual<typeof Api>('../../miniprogram/services/api')
  })
  return mod!
}

test('no ext config: wx.cloud.callFunction, initialised once', async () => {
  const w = fakeWx({}, () => 'fail')
  const { call } = await fresh()
  const a = await call('member', 'profile', {})
  await call('live', 'rooms', { storeId: 'S001' })
  expect(a).toEqual({ ok: true, data: { via: 'cloud' } })
  expect(w.cloudCalls).toEqual([
    { name: 'member', data: { action: 'profile' } },
    { name: 'live', data: { action: 'rooms', storeId: 'S001' } },
  ])
  expect(w.inits).toHaveLength(1)
  expect(w.requests).toHaveLength(0)
})

test('ext config local: POST <baseUrl>/fn/<name> with x-wx-openid, the answer as the function returned it', async () => {
  const w = fakeWx(
    { memberCenter: { transport: 'local', local: { baseUrl: 'http://127.0.0.1:9999', openid: 'o-dev' } } },
    () => ({
      statusCode: 200,
      data: { ok: false, error: { code: 'NOT_MEMBER', message: '请先绑定实体会员卡后再下单' } },
    }),
  )
  const { call } = await fresh()
  const res = await call('order', 'create', { roomId: 1, goodsId: 'g', qty: 1, requestId: 'r-12345678' })
  expect(w.requests).toEqual([
    {
      url: 'http://127.0.0.1:9999/fn/order',
      method: 'POST',
      header: { 'content-type': 'application/json', 'x-wx-openid': 'o-dev' },
      data: { action: 'create', roomId: 1, goodsId: 'g', qty: 1, requestId: 'r-12345678' },
    },
  ])
  expect(res).toEqual({ ok: false, error: { code: 'NOT_MEMBER', message: '请先绑定实体会员卡后再下单' } })
  expect(w.cloudCalls).toHaveLength(0)
})

test.each([
  ['a failed request', 'fail' as const],
  [
    'a reply that is not a function answer (a proxy error page)',
    { statusCode: 502, data: '<html>Bad Gateway</html>' },
  ],
])('%s becomes the network error, marked as such', async (_label, reply) => {
  fakeWx({ memberCenter: { transport: 'local' } }, () => reply)
  const { call } = await fresh()
  const res = (await call('member', 'profile', {})) as Result<unknown>
  expect(res).toEqual({
    ok: false,
    error: { code: 'INTERNAL_ERROR', message: '网络不给力，请检查网络后重试', details: { network: true } },
  })
})
