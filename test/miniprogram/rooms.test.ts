/** @jest-environment jsdom */
/** 直播间 list: the rooms page mounted for real over a fake wx.cloud. */
import { fail, installWx, ok, type FakeWx } from './support/fake-wx'
import { room } from './support/fixtures'
import { mount, q, qa, settle, tapButton, text } from './support/mount'

let wx: FakeWx
beforeEach(() => {
  wx = installWx()
})

const ALL = [
  room('live', { roomId: 11 }),
  room('upcoming', { roomId: 12 }),
  room('paused', { roomId: 13 }),
  room('ended', { roomId: 14, storeId: 'S002', storeName: '越秀店' }),
  room('replay', { roomId: 15, storeId: 'S003', storeName: '番禺店' }),
]

async function open() {
  const page = mount('pages/rooms/index')
  ;(page.instance as unknown as { onLoad(): void }).onLoad()
  await settle()
  return page
}

test('renders every room with its state tag, and the plugin subscribe button only on the upcoming one', async () => {
  wx.answer('live.rooms', ok({ rooms: ALL }))
  const page = await open()
  const cards = qa(page, '.rooms__card')
  expect(cards).toHaveLength(5)
  expect(qa(page, '.rooms__card >>> .room-card__state').map(text)).toEqual([
    '直播中',
    '预告',
    '暂停',
    '已结束',
    '回放',
  ])
  expect(qa(page, '.rooms__card >>> .room-card__subscribe')).toHaveLength(1)
  expect(q(page, '.rooms__card >>> .room-card--upcoming >>> .room-card__subscribe')).toBeTruthy()
  expect(wx.callsTo('live.rooms')).toEqual([{ action: 'rooms' }])
})

test('store filter: chips from the rooms, choosing one asks the server for that store', async () => {
  wx.answer('live.rooms', (e) => ok({ rooms: e.storeId ? ALL.filter((r) => r.storeId === e.storeId) : ALL }))
  const page = await open()
  expect(qa(page, '.chip').map(text)).toEqual(['全部门店', '天河总店', '越秀店', '番禺店'])
  qa(page, '.chip')[2]!.dispatchEvent('tap')
  await settle()
  expect(wx.callsTo('live.rooms').at(-1)).toEqual({ action: 'rooms', storeId: 'S002' })
  expect(qa(page, '.rooms__card >>> .room-card__title').map(text)).toEqual([ALL[3]!.name])
  expect(text(q(page, '.chip--active'))).toBe('越秀店')
  // the chips stay: every store is still selectable
  expect(qa(page, '.chip')).toHaveLength(4)
})

test('tapping a card enters the plugin page with room_id and custom_params, and remembers the room', async () => {
  wx.answer('live.rooms', ok({ rooms: ALL }))
  const page = await open()
  q(page, '.rooms__card >>> .room-card').dispatchEvent('tap')
  await settle()
  const url = wx.navigations.at(-1)?.url ?? ''
  expect(url).toMatch(
    /^plugin-private:\/\/wx2b03c6e691cd7370\/pages\/live-player-plugin\?room_id=11&custom_params=/,
  )
  const params = JSON.parse(decodeURIComponent(url.split('custom_params=')[1]!)) as unknown
  expect(params).toEqual({ roomId: 11, storeId: 'S001' })
  expect(wx.storage.get('live:lastRoom')).toMatchObject({ roomId: 11, storeId: 'S001' })
})

test('pull to refresh asks again and stops the spinner', async () => {
  let n = 0
  wx.answer('live.rooms', () =>
    ok({ rooms: n++ === 0 ? [room('upcoming', { roomId: 11 })] : [room('live', { roomId: 11 })] }),
  )
  const page = await open()
  expect(text(q(page, '.rooms__card >>> .room-card__state'))).toBe('预告')
  await (page.instance as unknown as { onPullDownRefresh(): Promise<void> }).onPullDownRefresh()
  await settle()
  expect(text(q(page, '.rooms__card >>> .room-card__state'))).toBe('直播中')
  expect(wx.pulledDown).toBe(1)
})

test('empty: says there is no broadcast', async () => {
  wx.answer('live.rooms', ok({ rooms: [] }))
  const page = await open()
  expect(text(q(page, '.state--empty'))).toContain('暂时没有直播')
})

test('error: the server message and a retry that works', async () => {
  let n = 0
  wx.answer('live.rooms', () =>
    n++ === 0 ? fail('INTERNAL_ERROR', '系统繁忙，请稍后再试') : ok({ rooms: ALL }),
  )
  const page = await open()
  expect(text(q(page, '.state--error .state__text'))).toBe('系统繁忙，请稍后再试')
  tapButton(page, '.state__retry')
  await settle()
  expect(qa(page, '.rooms__card')).toHaveLength(5)
})

test('loading: a spinner until the answer comes', async () => {
  let release: () => void = () => undefined
  wx.answer('live.rooms', () => new Promise((r) => (release = () => r(ok({ rooms: ALL })))))
  const page = mount('pages/rooms/index')
  ;(page.instance as unknown as { onLoad(): void }).onLoad()
  await settle()
  expect(q(page, '.state--loading')).toBeTruthy()
  release()
  await settle()
  expect(page.querySelector('.state--loading')).toBeFalsy()
})

test('network down: a plain message, not a crash', async () => {
  wx.offline = true
  const page = await open()
  expect(text(q(page, '.state--error .state__text'))).toBe('网络不给力，请检查网络后重试')
})
