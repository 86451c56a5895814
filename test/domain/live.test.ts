import {
  LIVE_STATE_MAX_AGE_MS,
  isLiveNow,
  isStale,
  roomStateOf,
} from '../../cloudfunctions/_shared/domain/live'

describe('isLiveNow (rule 3: only live_status 101 is live)', () => {
  test.each([
    [101, true],
    [102, false],
    [103, false],
    [104, false],
    [105, false],
    [106, false],
    [107, false],
    [0, false],
    [108, false],
  ])('live_status %i → %s', (status, expected) => {
    expect(isLiveNow(status)).toBe(expected)
  })
})

describe('roomStateOf (the member list: 预告 / 直播中 / 暂停 / 已结束 / 回放)', () => {
  test.each([
    [101, false, 'live'],
    [101, true, 'live'],
    [102, false, 'upcoming'],
    [102, true, 'upcoming'],
    // paused and abnormal are a broadcast in progress, interrupted: 暂停 on the list
    [105, false, 'paused'],
    [106, true, 'paused'],
    [103, false, 'ended'],
    [103, true, 'replay'],
    [104, false, 'ended'],
    [104, true, 'replay'],
    [107, false, 'ended'],
    [107, true, 'replay'],
    // a code WeChat might add later is not advertised as live
    [199, false, 'ended'],
  ] as const)('live_status %i, replay %s → %s', (status, replay, expected) => {
    expect(roomStateOf(status, replay)).toBe(expected)
  })
})

describe('isStale (rule 3: the live state may be at most 5 s old)', () => {
  const now = 1_750_000_000_000
  test.each([
    ['never read', undefined, true],
    ['just read', now, false],
    ['4 999 ms old', now - 4_999, false],
    ['exactly 5 000 ms old', now - 5_000, false],
    ['5 001 ms old', now - 5_001, true],
    ['an hour old', now - 3_600_000, true],
    ['read in the future (clock skew)', now + 5_000, false],
    ['NaN', Number.NaN, true],
  ])('%s → stale %s', (_label, syncedAt, expected) => {
    expect(isStale(syncedAt, now)).toBe(expected)
  })

  test('the default window is 5 000 ms', () => {
    expect(LIVE_STATE_MAX_AGE_MS).toBe(5_000)
  })

  test.each([
    [5_000, now - 5_000, false],
    [5_000, now - 5_001, true],
  ])('with maxAgeMs %i, synced at %i → stale %s', (maxAge, syncedAt, expected) => {
    expect(isStale(syncedAt, now, maxAge)).toBe(expected)
  })
})
