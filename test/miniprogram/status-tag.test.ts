/** @jest-environment jsdom */
import { installWx } from './support/fake-wx'
import { mount, q, text } from './support/mount'

beforeAll(() => installWx())

test.each([
  ['room', 'upcoming', '预告', 'primary'],
  ['room', 'live', '直播中', 'danger'],
  ['room', 'paused', '暂停', 'warning'],
  ['room', 'ended', '已结束', 'default'],
  ['room', 'replay', '回放', 'success'],
  ['order', 'pending', '待支付', 'warning'],
  ['order', 'refunded', '已退款', 'primary'],
  ['prize', 'shipped', '已发货', 'primary'],
])('%s %s reads %s in the %s colour', (kind, state, label, theme) => {
  const c = mount('components/status-tag/index', { kind, state })
  expect(text(q(c, `.status-tag--${kind}-${state}`))).toBe(label)
  // TDesign's tag draws the colour
  expect(q(c, `.status-tag >>> .t-tag--${theme}`)).toBeTruthy()
})
