import type { MemberProfile, Result } from '../../typings/api'
import {
  BIND_MAX_FAILURES_PER_CARD,
  BIND_MAX_PER_OPENID,
  BIND_WINDOW_MS,
} from '../../cloudfunctions/_shared/app/member'
import { demoCard, expectError, startWorld, type World } from '../support/world'

let world: World
beforeAll(async () => {
  world = await startWorld()
})
afterAll(() => world.cloud.close())

const call = (event: Record<string, unknown>, openid?: string) =>
  world.cloud.call<Result<MemberProfile>>('member', event, openid)

describe('member.profile', () => {
  test('a WeChat user without a card gets exactly openid and cardBound false', async () => {
    expect(await call({ action: 'profile' }, 'o_test')).toEqual({
      ok: true,
      data: { openid: 'o_test', cardBound: false },
    })
  })

  test('identity comes from the WeChat context, never from the request (rule 1)', async () => {
    const res = await call({ action: 'profile', openid: 'o_someone_else' }, 'o_test')
    expectError(res, 'INVALID_INPUT')
    expectError(await call({ action: 'profile' }), 'UNAUTHENTICATED')
  })
})

describe('member.bindCard', () => {
  test('the right card and phone bind, and the profile shows the masked card', async () => {
    const res = await call({ action: 'bindCard', ...demoCard(1) }, 'o_bind_ok')
    expect(res).toMatchObject({
      ok: true,
      data: {
        openid: 'o_bind_ok',
        cardBound: true,
        card: { cardNo: 'JY000001', phoneMasked: '139****0001' },
      },
    })
    expect(await call({ action: 'profile' }, 'o_bind_ok')).toMatchObject({
      ok: true,
      data: { cardBound: true },
    })
    const card = (await world.cloud.db.collection('cards').doc('JY000001').get()).data
    expect(card.boundOpenid).toBe('o_bind_ok')
  })

  test('a wrong phone and an unknown card get the same answer, which does not say which half was wrong', async () => {
    const wrongPhone = await call({ action: 'bindCard', cardNo: 'JY000002', phone: '13900009999' }, 'o_guess')
    const unknownCard = await call(
      { action: 'bindCard', cardNo: 'JY999999', phone: '13900000002' },
      'o_guess',
    )
    expectError(wrongPhone, 'CARD_BIND_FAILED')
    expect(unknownCard).toEqual(wrongPhone)
    expect((await world.cloud.db.collection('members').where({ _id: 'o_guess' }).count()).total).toBe(0)
  })

  test('a card bound to one WeChat user cannot be bound by another', async () => {
    await call({ action: 'bindCard', ...demoCard(3) }, 'o_first')
    expectError(await call({ action: 'bindCard', ...demoCard(3) }, 'o_second'), 'CARD_ALREADY_BOUND')
  })

  test('one OPENID binds one card', async () => {
    await call({ action: 'bindCard', ...demoCard(4) }, 'o_one')
    expectError(await call({ action: 'bindCard', ...demoCard(5) }, 'o_one'), 'ALREADY_BOUND')
    const card5 = (await world.cloud.db.collection('cards').doc('JY000005').get()).data
    expect(card5.boundOpenid).toBeUndefined()
  })

  test('100 WeChat users racing for one card with its right phone: exactly one gets it', async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => call({ action: 'bindCard', ...demoCard(6) }, `o_race_${i}`)),
    )
    const winners = results.flatMap((r, i) => (r.ok ? [`o_race_${i}`] : []))
    expect(winners).toHaveLength(1)
    // the others are told the card is taken, or, past the card's attempt limit, to wait
    const losers = new Set(results.flatMap((r) => (r.ok ? [] : [r.error.code])))
    expect([...losers].every((c) => c === 'CARD_ALREADY_BOUND' || c === 'BIND_ATTEMPTS_EXCEEDED')).toBe(true)
    expect(
      (await world.cloud.db.collection('members').where({ cardNo: 'JY000006' }).get()).data.map((m) => m._id),
    ).toEqual(winners)
    expect((await world.cloud.db.collection('cards').doc('JY000006').get()).data.boundOpenid).toBe(winners[0])
  })

  test('attempts are limited per OPENID', async () => {
    for (let i = 0; i < BIND_MAX_PER_OPENID; i++) {
      expectError(
        await call({ action: 'bindCard', cardNo: `JY00010${i}`, phone: '13800000000' }, 'o_brute'),
        'CARD_BIND_FAILED',
      )
    }
    // even the right pair is refused now
    expectError(await call({ action: 'bindCard', ...demoCard(7) }, 'o_brute'), 'BIND_ATTEMPTS_EXCEEDED')
  })

  test("a stranger's wrong phones never lock the owner out of their card (issue 8.4)", async () => {
    for (let i = 0; i < 10; i++)
      expectError(
        await call({ action: 'bindCard', cardNo: 'JY000500', phone: `1380000000${i}` }, 'o_stranger_500'),
        'CARD_BIND_FAILED',
      )
    // the real owner, with the right phone, binds at once
    const owner = await call({ action: 'bindCard', ...demoCard(500) }, 'o_owner_500')
    expect(owner).toMatchObject({ ok: true, data: { cardBound: true } })
  })

  test('a spread-out attack on one card is slowed: once the card drew 10 failures, each guesser gets no more tries', async () => {
    for (let i = 0; i < BIND_MAX_FAILURES_PER_CARD; i++)
      expectError(
        await call({ action: 'bindCard', cardNo: 'JY000008', phone: '13800000000' }, `o_spray_${i}`),
        'CARD_BIND_FAILED',
      )
    // a guesser who already failed on this card is refused, told until when and that the store can help
    const again = await call({ action: 'bindCard', cardNo: 'JY000008', phone: '13800000001' }, 'o_spray_0')
    expectError(again, 'BIND_ATTEMPTS_EXCEEDED')
    expect(!again.ok && again.error.message).toMatch(/请于 \d{2}:\d{2} 后再试.*门店/)
    // the owner, who never failed, still binds with the right phone
    expect(await call({ action: 'bindCard', ...demoCard(8) }, 'o_owner_8')).toMatchObject({ ok: true })
  })

  test("after the window ends the caller's own attempts count again", async () => {
    for (let i = 0; i < BIND_MAX_PER_OPENID; i++)
      await call({ action: 'bindCard', cardNo: `JY00090${i}`, phone: '13800000000' }, 'o_window')
    expectError(await call({ action: 'bindCard', ...demoCard(909) }, 'o_window'), 'BIND_ATTEMPTS_EXCEEDED')
    world.cloud.clock.advance(BIND_WINDOW_MS)
    expect(await call({ action: 'bindCard', ...demoCard(909) }, 'o_window')).toMatchObject({ ok: true })
  })
})

describe('member.prizes', () => {
  test('a member sees only their own prizes', async () => {
    await world.cloud.db.collection('prizes').add({
      data: {
        _id: 'p1',
        code: 'DJ7K2M9Q',
        openid: 'o_winner',
        roomId: world.room.roomId,
        roomName: world.room.name,
        lotteryName: '评论抽奖',
        prizeName: '乐高钥匙扣',
        state: 'unredeemed',
        wonAt: 1,
      },
    })
    const mine = await world.cloud.call<Result<{ prizes: Array<{ code: string }> }>>(
      'member',
      { action: 'prizes' },
      'o_winner',
    )
    const theirs = await world.cloud.call<Result<{ prizes: unknown[] }>>(
      'member',
      { action: 'prizes' },
      'o_test',
    )
    expect(mine).toMatchObject({ ok: true, data: { prizes: [{ code: 'DJ7K2M9Q', state: 'unredeemed' }] } })
    expect(theirs).toEqual({ ok: true, data: { prizes: [] } })
  })
})
