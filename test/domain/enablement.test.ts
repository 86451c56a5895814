import {
  addWorkingDays,
  evaluateEnablement,
  isWorkingDay,
  type EnablementInput,
  type WorkCalendar,
} from '../../cloudfunctions/_shared/domain/enablement'

// rules 1–3 hold, none of 4–6
function input(patch: Partial<EnablementInput> = {}): EnablementInput {
  return {
    category: true,
    noSeriousViolation: true,
    paidWithin90Days: true,
    followers: 0,
    dailyActive7d: 0,
    adSpendYuan: 0,
    ...patch,
  }
}

const today = '2025-01-06' // a Monday
const week = (n: number) => Array.from({ length: 7 }, () => n)

describe('evaluateEnablement: 1、2、3 all, plus one of 4、5、6', () => {
  test.each<[string, Partial<EnablementInput>, boolean]>([
    ['1–3 with none of 4–6', {}, false],
    ['1–3 with 4 (followers 101)', { followers: 101 }, true],
    ['1–3 with 5 (7 days of 101)', { dailyActive7d: week(101) }, true],
    ['1–3 with 6 (ads 10 001 yuan)', { adSpendYuan: 10_001 }, true],
    ['1–3 with 4, 5 and 6', { followers: 500, dailyActive7d: 300, adSpendYuan: 50_000 }, true],
    ['4–6 but not 1', { category: false, followers: 500, dailyActive7d: 300, adSpendYuan: 50_000 }, false],
    [
      '4–6 but not 2',
      { noSeriousViolation: false, followers: 500, dailyActive7d: 300, adSpendYuan: 50_000 },
      false,
    ],
    [
      '4–6 but not 3',
      { paidWithin90Days: false, followers: 500, dailyActive7d: 300, adSpendYuan: 50_000 },
      false,
    ],
    ['4 but not 1', { category: false, followers: 101 }, false],
  ])('%s → passes %s', (_label, patch, expected) => {
    expect(evaluateEnablement(input(patch), today).passes).toBe(expected)
  })

  test.each<[string, Partial<EnablementInput>, 4 | 5 | 6, boolean]>([
    // ④ 粉丝数大于100人
    ['followers 100', { followers: 100 }, 4, false],
    ['followers 101', { followers: 101 }, 4, true],
    ['followers NaN', { followers: Number.NaN }, 4, false],
    // ⑤ 连续7日日活大于100人: every one of the 7 days
    ['7 days of 101', { dailyActive7d: week(101) }, 5, true],
    ['6 days of 500 and one of 100', { dailyActive7d: [500, 500, 500, 100, 500, 500, 500] }, 5, false],
    ['only 6 days given', { dailyActive7d: [500, 500, 500, 500, 500, 500] }, 5, false],
    ['8 days given', { dailyActive7d: week(500).concat(500) }, 5, false],
    ['lowest of the 7 days 101', { dailyActive7d: 101 }, 5, true],
    ['lowest of the 7 days 100', { dailyActive7d: 100 }, 5, false],
    // ⑥ 广告消耗大于1万元
    ['ads 10 000 yuan', { adSpendYuan: 10_000 }, 6, false],
    ['ads 10 000.01 yuan', { adSpendYuan: 10_000.01 }, 6, true],
  ])('%s → rule %i passes %s', (_label, patch, id, expected) => {
    const rule = evaluateEnablement(input(patch), today).rules.find((r) => r.id === id)
    expect(rule?.pass).toBe(expected)
    expect(evaluateEnablement(input(patch), today).passes).toBe(expected)
  })

  test('every rule is listed once, in order, with a Chinese title and reason', () => {
    const { rules } = evaluateEnablement(input({ followers: 100 }), today)
    expect(rules.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6])
    for (const r of rules) {
      expect(r.title).toMatch(/[\u4e00-\u9fff]/)
      expect(r.reason).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(rules[3]).toMatchObject({ title: '主体下公众号累计粉丝数大于100人', pass: false })
    expect(rules[3]?.reason).toContain('100')
  })

  test.each<[string, Partial<EnablementInput>, 1 | 2 | 3]>([
    ['category', { category: false }, 1],
    ['violation', { noSeriousViolation: false }, 2],
    ['payment', { paidWithin90Days: false }, 3],
  ])('a failing %s rule says why', (_label, patch, id) => {
    const rule = evaluateEnablement(input(patch), today).rules.find((r) => r.id === id)
    expect(rule?.pass).toBe(false)
    expect(rule?.reason.length).toBeGreaterThan(4)
  })
})

describe('earliestDate: 准入要求数据更新时间为 T+2 (working days)', () => {
  // 2025 National Day: 10-01 … 10-08 off, Sunday 09-28 and Saturday 10-11 worked (调休)
  const nationalDay: WorkCalendar = {
    holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08'],
    makeupWorkdays: ['2025-09-28', '2025-10-11'],
  }

  test.each<[string, string, WorkCalendar, string]>([
    ['Monday', '2025-01-06', {}, '2025-01-08'],
    ['Thursday: across the weekend', '2025-01-09', {}, '2025-01-13'],
    ['Friday: across the weekend', '2025-01-10', {}, '2025-01-14'],
    ['Saturday', '2025-01-11', {}, '2025-01-14'],
    ['Tuesday before National Day: across the holiday', '2025-09-30', nationalDay, '2025-10-10'],
    ['Friday before a make-up Sunday', '2025-09-26', nationalDay, '2025-09-29'],
    ['Thursday before the make-up Saturday', '2025-10-09', nationalDay, '2025-10-11'],
    ['a holiday on a plain Wednesday', '2025-01-06', { holidays: ['2025-01-07'] }, '2025-01-09'],
  ])('%s %s → %s', (_label, day, calendar, expected) => {
    expect(evaluateEnablement(input(), day, calendar).earliestDate).toBe(expected)
  })

  test('counts from the day the data became true when given', () => {
    expect(evaluateEnablement(input({ dataReadyOn: '2025-01-10' }), '2025-01-06').earliestDate).toBe(
      '2025-01-14',
    )
  })

  test('a malformed dataReadyOn falls back to today', () => {
    expect(evaluateEnablement(input({ dataReadyOn: '2025-02-30' }), '2025-01-06').earliestDate).toBe(
      '2025-01-08',
    )
  })

  test.each<[string, WorkCalendar, boolean]>([
    ['2025-01-06', {}, true],
    ['2025-01-11', {}, false],
    ['2025-01-12', {}, false],
    ['2025-10-01', { holidays: ['2025-10-01'] }, false],
    ['2025-09-28', { makeupWorkdays: ['2025-09-28'] }, true],
  ])('isWorkingDay(%s) → %s', (day, calendar, expected) => {
    expect(isWorkingDay(day, calendar)).toBe(expected)
  })

  test('T+0 is the day itself', () => {
    expect(addWorkingDays('2025-01-11', 0)).toBe('2025-01-11')
  })
})
