import {
  canReserve,
  decodeKeyPart,
  encodeKeyPart,
  limitKey,
  remainingOf,
  shelfKey,
  stockKey,
} from '../../cloudfunctions/_shared/domain/stock'

describe('remainingOf (rule 6: quota − sold − reserved, never negative)', () => {
  test.each([
    [100, 0, 0, 100],
    [100, 60, 30, 10],
    [100, 60, 40, 0],
    [1, 1, 0, 0],
    [1, 0, 1, 0],
    // counters that overshoot (a quota lowered after sales) never give a negative remaining
    [10, 8, 5, 0],
  ])('quota %i, sold %i, reserved %i → %i', (quota, sold, reserved, expected) => {
    expect(remainingOf({ quota, sold, reserved })).toBe(expected)
  })
})

describe('canReserve (rule 6: sold + reserved + qty ≤ quota)', () => {
  // quota 100, sold 60, reserved 30: remaining 10
  const remaining = remainingOf({ quota: 100, sold: 60, reserved: 30 })
  test.each([
    ['sold + reserved + qty = quota', 10, true],
    ['sold + reserved + qty = quota + 1', 11, false],
    ['one', 1, true],
    ['zero', 0, false],
    ['negative', -1, false],
    ['fractional', 1.5, false],
    ['NaN', Number.NaN, false],
  ])('%s (qty %d) → %s', (_label, qty, expected) => {
    expect(canReserve(remaining, qty)).toBe(expected)
  })

  test('nothing fits when nothing remains', () => {
    expect(canReserve(0, 1)).toBe(false)
  })
})

describe('document keys', () => {
  test.each([
    ['S001', '030111001', '件', 'S001_030111001_-E4-BB-B6'],
    ['S001', '030113001', '只', 'S001_030113001_-E5-8F-AA'],
    ['S001', '030113001', '盒', 'S001_030113001_-E7-9B-92'],
    ['S001', 'A-1', 'box', 'S001_A-2D1_box'],
  ])('stockKey(%s, %s, %s) = %s', (store, code, unit, expected) => {
    expect(stockKey(store, code, unit)).toBe(expected)
  })

  test.each([
    ['stockKey', stockKey('S001', '030111001', '件')],
    ['limitKey', limitKey('oAbC-12_xyz', 12, 'g_1')],
    ['shelfKey', shelfKey(12, 'goods-1')],
    ['odd units', stockKey('S 1', '0/1.2', '件/箱 😀')],
  ])('%s uses only characters safe in any document _id', (_label, key) => {
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/)
  })

  test.each([
    [stockKey('S_1', '0', '件'), stockKey('S', '1_0', '件')],
    [stockKey('S', '1', '件_'), stockKey('S', '1_件', '')],
    [limitKey('o_1', 2, 'g'), limitKey('o', '1_2', 'g')],
    [shelfKey(1, '2_3'), shelfKey('1_2', '3')],
    [stockKey('S', '1', '-2D'), stockKey('S', '1', '-')],
  ])('different parts never share a key: %s ≠ %s', (a, b) => {
    expect(a).not.toBe(b)
  })

  test('keys are deterministic', () => {
    expect(limitKey('oX', 7, 'g1')).toBe(limitKey('oX', 7, 'g1'))
    expect(shelfKey(7, 'g1')).toBe(shelfKey('7', 'g1'))
    expect(shelfKey(7, 'g1')).toBe('7_g1')
  })

  test.each(['件', 'S001', 'a_b-c', '件/箱 😀', '', 'oAbC-12_xyz'])(
    'encodeKeyPart round-trips %p',
    (part) => {
      expect(decodeKeyPart(encodeKeyPart(part))).toBe(part)
    },
  )
})
