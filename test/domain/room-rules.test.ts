import {
  latestStartAt,
  shanghaiDay,
  shelfStoreMatches,
  validateRoomDraft,
  wechatUnits,
  type RoomDraft,
} from '../../cloudfunctions/_shared/domain/room-rules'

const MIN = 60_000
const HOUR = 60 * MIN
// 2025-01-15 10:00 in Shanghai
const now = Date.UTC(2025, 0, 15, 2, 0, 0)

function draft(patch: Partial<RoomDraft> = {}): RoomDraft {
  return {
    title: '天河总店周末直播',
    anchorName: '小天',
    startAt: now + 15 * MIN,
    endAt: now + 15 * MIN + 3 * HOUR,
    storeId: 'S001',
    ...patch,
  }
}

const han = (n: number) => '汉'.repeat(n)

describe('wechatUnits (一个汉字按两个字符计)', () => {
  test.each([
    ['empty', '', 0],
    ['ASCII', 'ABCDEF', 6],
    ['space', ' ', 1],
    ['汉字', '天河总店', 8],
    ['mixed', 'LEGO 乐高', 9],
    ['CJK punctuation 。、「」', '。、「」', 8],
    ['full-width comma and letter', '，Ａ', 4],
    ['full-width yen', '￥', 2],
    ['CJK extension B', '𠀀', 2],
    ['emoji', '😀', 2],
    ['emoji with skin tone', '👍🏽', 2],
    ['ZWJ family', '👨‍👩‍👧', 2],
    ['emoji with variation selector', '❤️', 2],
    ['flag', '🇨🇳', 2],
    ['two flags', '🇨🇳🇺🇸', 4],
    ['keycap', '1️⃣', 2],
    ['combining accent', 'e\u0301', 1],
    ['half-width katakana stays narrow', 'ｱ', 1],
  ])('%s %p → %i', (_label, s, expected) => {
    expect(wechatUnits(s)).toBe(expected)
  })
})

describe('validateRoomDraft', () => {
  test('the demo room passes', () => {
    expect(validateRoomDraft(draft(), now, 0)).toBeNull()
  })

  describe('直播标题: 3–17 汉字 (6–34 units)', () => {
    test.each([
      ['3 汉字', han(3), null],
      ['2 汉字 + 1 ASCII', han(2) + 'A', 'ROOM_TITLE_LENGTH'],
      ['2 汉字 + 2 ASCII', han(2) + 'AB', null],
      ['2 汉字', han(2), 'ROOM_TITLE_LENGTH'],
      ['17 汉字', han(17), null],
      ['18 汉字', han(18), 'ROOM_TITLE_LENGTH'],
      ['17 汉字 + 1 ASCII', han(17) + 'A', 'ROOM_TITLE_LENGTH'],
      ['16 汉字 + 2 ASCII', han(16) + 'AB', null],
      ['6 ASCII', 'ABCDEF', null],
      ['5 ASCII', 'ABCDE', 'ROOM_TITLE_LENGTH'],
      ['34 ASCII', 'A'.repeat(34), null],
      ['35 ASCII', 'A'.repeat(35), 'ROOM_TITLE_LENGTH'],
      ['empty', '', 'ROOM_TITLE_LENGTH'],
    ])('%s → %s', (_label, title, expected) => {
      expect(validateRoomDraft(draft({ title }), now, 0)).toBe(expected)
    })
  })

  describe('主播昵称: 2–15 汉字 (4–30 units)', () => {
    test.each([
      ['2 汉字', han(2), null],
      ['1 汉字', han(1), 'ANCHOR_NAME_LENGTH'],
      ['1 汉字 + 1 ASCII', han(1) + 'a', 'ANCHOR_NAME_LENGTH'],
      ['4 ASCII', 'abcd', null],
      ['15 汉字', han(15), null],
      ['16 汉字', han(16), 'ANCHOR_NAME_LENGTH'],
      ['15 汉字 + 1 ASCII', han(15) + 'a', 'ANCHOR_NAME_LENGTH'],
    ])('%s → %s', (_label, anchorName, expected) => {
      expect(validateRoomDraft(draft({ anchorName }), now, 0)).toBe(expected)
    })
  })

  describe('开播时间: now + 10 min ≤ start ≤ now + 6 months', () => {
    const sixMonths = Date.UTC(2025, 6, 15, 2, 0, 0) // 2025-07-15 10:00 Shanghai
    test.each([
      ['now + 10 min exactly', now + 10 * MIN, null],
      ['one ms before now + 10 min', now + 10 * MIN - 1, 'ROOM_START_TOO_SOON'],
      ['now', now, 'ROOM_START_TOO_SOON'],
      ['in the past', now - HOUR, 'ROOM_START_TOO_SOON'],
      ['now + 6 months exactly', sixMonths, null],
      ['one ms after now + 6 months', sixMonths + 1, 'ROOM_START_TOO_LATE'],
      ['now + 7 months', Date.UTC(2025, 7, 15, 2, 0, 0), 'ROOM_START_TOO_LATE'],
    ])('%s → %s', (_label, startAt, expected) => {
      expect(validateRoomDraft(draft({ startAt, endAt: startAt + HOUR }), now, 0)).toBe(expected)
    })

    test.each([
      // 2025-08-31 01:00 Shanghai (still 08-30 in UTC): six months on the Shanghai calendar is
      // 2026-02-28 01:00 Shanghai; on the UTC calendar it would be a day later
      [Date.UTC(2025, 7, 30, 17, 0, 0), Date.UTC(2026, 1, 27, 17, 0, 0)],
      // month-end clamping: 2025-08-31 10:00 → 2026-02-28 10:00
      [Date.UTC(2025, 7, 31, 2, 0, 0), Date.UTC(2026, 1, 28, 2, 0, 0)],
      [now, Date.UTC(2025, 6, 15, 2, 0, 0)],
    ])('six calendar months after %i in Shanghai is %i', (at, expected) => {
      expect(latestStartAt(at)).toBe(expected)
    })
  })

  describe('直播时长: 30 min – 24 h', () => {
    const start = now + HOUR
    test.each([
      ['30 min exactly', 30 * MIN, null],
      ['29 min', 29 * MIN, 'ROOM_DURATION'],
      ['one ms under 30 min', 30 * MIN - 1, 'ROOM_DURATION'],
      ['24 h exactly', 24 * HOUR, null],
      ['24 h + 1 min', 24 * HOUR + MIN, 'ROOM_DURATION'],
      ['24 h + 1 ms', 24 * HOUR + 1, 'ROOM_DURATION'],
      ['end before start', -HOUR, 'ROOM_DURATION'],
    ])('%s → %s', (_label, duration, expected) => {
      expect(validateRoomDraft(draft({ startAt: start, endAt: start + duration }), now, 0)).toBe(expected)
    })
  })

  describe('每个商户每天最多50场', () => {
    test.each([
      [0, null],
      [49, null],
      [50, 'ROOM_DAILY_LIMIT'],
      [51, 'ROOM_DAILY_LIMIT'],
    ])('%i rooms created today → %s', (createdToday, expected) => {
      expect(validateRoomDraft(draft(), now, createdToday)).toBe(expected)
    })
  })

  describe('precedence', () => {
    const bad = draft({ title: 'A', anchorName: 'a', startAt: now, endAt: now })
    test.each([
      ['missing store first', { ...bad, storeId: '' }, 50, 'INVALID_INPUT'],
      ['daily limit before the fields', bad, 50, 'ROOM_DAILY_LIMIT'],
      ['title before anchor', bad, 0, 'ROOM_TITLE_LENGTH'],
      ['anchor before start', { ...bad, title: han(3) }, 0, 'ANCHOR_NAME_LENGTH'],
      ['start before duration', { ...bad, title: han(3), anchorName: han(2) }, 0, 'ROOM_START_TOO_SOON'],
      ['non-finite time', draft({ endAt: Number.NaN }), 0, 'INVALID_INPUT'],
    ])('%s → %s', (_label, d, createdToday, expected) => {
      expect(validateRoomDraft(d, now, createdToday)).toBe(expected)
    })
  })
})

describe('shanghaiDay', () => {
  test.each([
    [Date.UTC(2025, 0, 1, 15, 59, 59, 999), '2025-01-01'],
    [Date.UTC(2025, 0, 1, 16, 0, 0, 0), '2025-01-02'],
    [Date.UTC(2024, 11, 31, 16, 0, 0, 0), '2025-01-01'],
    [Date.UTC(2024, 1, 28, 16, 0, 0, 0), '2024-02-29'],
  ])('%i → %s', (at, expected) => {
    expect(shanghaiDay(at)).toBe(expected)
  })
})

describe('shelfStoreMatches (出库门店 = 开播门店)', () => {
  test.each([
    ['S001', 'S001', true],
    ['S001', 'S002', false],
    ['S001', 's001', false],
    ['', '', false],
  ])('room %p, goods %p → %s', (room, goods, expected) => {
    expect(shelfStoreMatches(room, goods)).toBe(expected)
  })
})
