/** @jest-environment jsdom */
import { mount, q, text } from './support/mount'

test('price shows fen as ¥yuan.cents', () => {
  const c = mount('components/price/index', { fen: 12345 })
  expect(text(q(c, '.price'))).toBe('¥123.45')
})
