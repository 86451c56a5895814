import {
  fenToYuan,
  formatFen,
  validateGoodsDraft,
  type GoodsDraft,
} from '../../cloudfunctions/_shared/domain/goods-rules'

function draft(patch: Partial<GoodsDraft> = {}): GoodsDraft {
  return {
    name: '英国CollectA虎鲸',
    livePriceFen: 1,
    quota: 100,
    perOrderLimit: 1,
    grabTiming: 'on_live',
    storeId: 'S001',
    productCode: '030113001',
    unit: '只',
    ...patch,
  }
}

const han = (n: number) => '汉'.repeat(n)

describe('validateGoodsDraft', () => {
  test.each([
    ['LEGO 乐高创意百变组 雷霆之翼 (28 units)', 'LEGO 乐高创意百变组 雷霆之翼'],
    ['帮帮龙发声变形系列-斯东', '帮帮龙发声变形系列-斯东'],
    ['英国CollectA虎鲸', '英国CollectA虎鲸'],
  ])("the manual's goods pass: %s", (_label, name) => {
    expect(validateGoodsDraft(draft({ name }))).toBeNull()
  })

  test.each([
    // 直播展示品名: 3–14 汉字 (6–28 units)
    ['name 3 汉字', { name: han(3) }, null],
    ['name 2 汉字', { name: han(2) }, 'GOODS_NAME_LENGTH'],
    ['name 2 汉字 + 1 ASCII', { name: han(2) + 'A' }, 'GOODS_NAME_LENGTH'],
    ['name 14 汉字', { name: han(14) }, null],
    ['name 15 汉字', { name: han(15) }, 'GOODS_NAME_LENGTH'],
    ['name 14 汉字 + 1 ASCII', { name: han(14) + 'A' }, 'GOODS_NAME_LENGTH'],
    ['name 28 ASCII', { name: 'A'.repeat(28) }, null],
    ['name 29 ASCII', { name: 'A'.repeat(29) }, 'GOODS_NAME_LENGTH'],
    // 直播优惠价: integer fen, 1 … 99 999 999
    ['price 1 fen', { livePriceFen: 1 }, null],
    ['price 0', { livePriceFen: 0 }, 'GOODS_PRICE'],
    ['price −1', { livePriceFen: -1 }, 'GOODS_PRICE'],
    ['price 99 999 999', { livePriceFen: 99_999_999 }, null],
    ['price 100 000 000', { livePriceFen: 100_000_000 }, 'GOODS_PRICE'],
    ['price 1.5 fen', { livePriceFen: 1.5 }, 'GOODS_PRICE'],
    ['price NaN', { livePriceFen: Number.NaN }, 'GOODS_PRICE'],
    // 单场直播可抢数量 ≥ 1
    ['quota 1', { quota: 1, perOrderLimit: 1 }, null],
    ['quota 0', { quota: 0, perOrderLimit: 1 }, 'GOODS_QUOTA'],
    ['quota 2.5', { quota: 2.5, perOrderLimit: 1 }, 'GOODS_QUOTA'],
    // 每单限购数量: 1 ≤ limit ≤ quota
    ['limit = quota', { quota: 5, perOrderLimit: 5 }, null],
    ['limit = quota + 1', { quota: 5, perOrderLimit: 6 }, 'GOODS_LIMIT'],
    ['limit 0', { perOrderLimit: 0 }, 'GOODS_LIMIT'],
    ['limit 1.5', { perOrderLimit: 1.5 }, 'GOODS_LIMIT'],
    // identity fields
    ['manual grab timing', { grabTiming: 'manual' }, null],
    ['unknown grab timing', { grabTiming: 'auto' }, 'INVALID_INPUT'],
    ['empty store', { storeId: '' }, 'INVALID_INPUT'],
    ['blank product code', { productCode: '  ' }, 'INVALID_INPUT'],
    ['empty unit', { unit: '' }, 'INVALID_INPUT'],
    ['empty packaging unit', { packUnit: '' }, 'INVALID_INPUT'],
    ['packaging unit given', { packUnit: '盒' }, null],
    // precedence: identity first, then name, price, quota, limit
    ['identity before name', { storeId: '', name: 'A' }, 'INVALID_INPUT'],
    ['name before price', { name: 'A', livePriceFen: 0 }, 'GOODS_NAME_LENGTH'],
    ['price before quota', { livePriceFen: 0, quota: 0 }, 'GOODS_PRICE'],
    ['quota before limit', { quota: 0, perOrderLimit: 0 }, 'GOODS_QUOTA'],
  ] as Array<[string, Partial<GoodsDraft>, string | null]>)('%s → %s', (_label, patch, expected) => {
    expect(validateGoodsDraft(draft(patch))).toBe(expected)
  })
})

describe('fenToYuan (WeChat goods price in yuan)', () => {
  test.each([
    [1, 0.01],
    [10, 0.1],
    [0, 0],
    [19900, 199],
    [19999, 199.99],
    [99_999_999, 999_999.99],
  ])('%i fen → %p yuan', (fen, yuan) => {
    expect(fenToYuan(fen)).toBe(yuan)
  })

  test('as JSON it is the exact two-decimal figure, for every fen up to ¥10 000', () => {
    const wrong: number[] = []
    for (let fen = 0; fen <= 1_000_000; fen++)
      if (JSON.stringify(fenToYuan(fen)) !== String(Number(formatFen(fen)))) wrong.push(fen)
    expect(wrong.slice(0, 5)).toEqual([])
  })

  test.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p', (fen) => {
    expect(() => fenToYuan(fen)).toThrow(RangeError)
  })
})

describe('formatFen', () => {
  test.each([
    [1, '0.01'],
    [10, '0.10'],
    [0, '0.00'],
    [100, '1.00'],
    [19900, '199.00'],
    [19999, '199.99'],
    [-5, '-0.05'],
    [99_999_999, '999999.99'],
  ])('%i → %s', (fen, expected) => {
    expect(formatFen(fen)).toBe(expected)
  })

  test('refuses a fraction of a fen', () => {
    expect(() => formatFen(0.5)).toThrow(RangeError)
  })
})
