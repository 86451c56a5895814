/** The member's own use cases: who am I, bind my card, my prizes. */
import type { MemberProfile } from '../../../typings/api'
import type { CardRecord } from '../model'
import type { Clock, Repos } from '../ports'
import { BizError } from '../domain/errors'
import { inShanghai } from '../domain/calendar'

/**
 * Binding attempts, per fixed window of an hour. A caller has 10 tries of their own; a card counts only
 * failures. Once a card has drawn 10 failures in the window, each caller who already failed on it is
 * refused until the window ends — a new caller still gets one try, so a stranger's guesses never lock
 * out the owner who knows the phone, while a spread-out attack needs a new WeChat account per guess.
 */
export const BIND_WINDOW_MS = 60 * 60 * 1000
export const BIND_MAX_PER_OPENID = 10
export const BIND_MAX_FAILURES_PER_CARD = 10

/** The rate-limiter keys of a card's failed binding attempts (staff clear them: 解锁). */
export const bindCardKey = (cardNo: string, openid?: string) =>
  openid === undefined ? `bind-card:${cardNo}` : `bind-card:${cardNo}:${openid}`

type Deps = { repos: Repos; clock: Clock }

/** The caller's membership: bound card or not. */
export async function profile({ repos }: Deps, openid: string): Promise<MemberProfile> {
  const member = await repos.members.member(openid)
  const card = member ? await repos.members.card(member.cardNo) : null
  if (!member || !card) return { openid, cardBound: false }
  return { openid, cardBound: true, card: cardView(card, member.boundAt) }
}

/**
 * Binds a physical card: it must exist, be active and carry that phone; one card ↔ one OPENID.
 * A wrong pair gets one generic answer that does not say which half was wrong.
 */
export async function bindCard(
  deps: Deps,
  openid: string,
  input: { cardNo: string; phone: string },
): Promise<MemberProfile> {
  const { repos, clock } = deps
  const now = clock.now()
  const limiter = repos.rateLimiter
  if (await repos.members.member(openid)) throw new BizError('ALREADY_BOUND')
  // count the attempt before looking at the card, so guessing costs attempts whatever the answer
  if (!(await limiter.hit(`bind:openid:${openid}`, BIND_WINDOW_MS, BIND_MAX_PER_OPENID, now)))
    throw attemptsExceeded(now)
  const [cardFailures, mine] = await Promise.all([
    limiter.count(bindCardKey(input.cardNo), BIND_WINDOW_MS, now),
    limiter.count(bindCardKey(input.cardNo, openid), BIND_WINDOW_MS, now),
  ])
  if (cardFailures >= BIND_MAX_FAILURES_PER_CARD && mine > 0) throw attemptsExceeded(now)

  const card = await repos.members.card(input.cardNo)
  if (!card || card.status !== 'active' || card.phone !== input.phone) {
    await Promise.all([
      limiter.hit(bindCardKey(input.cardNo), BIND_WINDOW_MS, Number.MAX_SAFE_INTEGER, now),
      limiter.hit(bindCardKey(input.cardNo, openid), BIND_WINDOW_MS, Number.MAX_SAFE_INTEGER, now),
    ])
    throw new BizError('CARD_BIND_FAILED')
  }
  if (card.boundOpenid && card.boundOpenid !== openid) throw new BizError('CARD_ALREADY_BOUND')

  const outcome = await repos.members.bind(card._id, openid, now)
  if (outcome === 'member_bound') throw new BizError('ALREADY_BOUND')
  if (outcome === 'card_taken') throw new BizError('CARD_ALREADY_BOUND')
  return { openid, cardBound: true, card: cardView(card, now) }
}

/** Too many tries: says until when (the window's end, Beijing time) and that the store can help. */
function attemptsExceeded(now: number): BizError {
  const until = (Math.floor(now / BIND_WINDOW_MS) + 1) * BIND_WINDOW_MS
  return new BizError(
    'BIND_ATTEMPTS_EXCEEDED',
    `绑定尝试次数过多，请于 ${inShanghai(until).format('HH:mm')} 后再试；如需帮助，请携带会员卡到开卡门店处理`,
  )
}

function cardView(card: CardRecord, boundAt: number) {
  return { cardNo: card._id, level: card.level, phoneMasked: maskPhone(card.phone), boundAt }
}

/** 13900000001 → 139****0001. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****'
}
