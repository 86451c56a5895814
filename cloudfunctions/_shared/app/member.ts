/** The member's own use cases: who am I, bind my card, my prizes. */
import type { MemberProfile, PrizeView } from '../../../typings/api'
import type { CardRecord } from '../model'
import type { Clock, Repos } from '../ports'
import { BizError } from '../domain/errors'

/** Binding attempts allowed per OPENID and per card in one window. */
export const BIND_WINDOW_MS = 60 * 60 * 1000
export const BIND_MAX_PER_OPENID = 10
export const BIND_MAX_PER_CARD = 10

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
  if (await repos.members.member(openid)) throw new BizError('ALREADY_BOUND')
  // count the attempt before looking at the card, so guessing costs attempts whatever the answer
  const [byOpenid, byCard] = await Promise.all([
    repos.rateLimiter.hit(`bind:openid:${openid}`, BIND_WINDOW_MS, BIND_MAX_PER_OPENID, now),
    repos.rateLimiter.hit(`bind:card:${input.cardNo}`, BIND_WINDOW_MS, BIND_MAX_PER_CARD, now),
  ])
  if (!byOpenid || !byCard) throw new BizError('BIND_ATTEMPTS_EXCEEDED')

  const card = await repos.members.card(input.cardNo)
  if (!card || card.status !== 'active' || card.phone !== input.phone) throw new BizError('CARD_BIND_FAILED')
  if (card.boundOpenid && card.boundOpenid !== openid) throw new BizError('CARD_ALREADY_BOUND')

  const outcome = await repos.members.bind(card._id, openid, now)
  if (outcome === 'member_bound') throw new BizError('ALREADY_BOUND')
  if (outcome === 'card_taken') throw new BizError('CARD_ALREADY_BOUND')
  return { openid, cardBound: true, card: cardView(card, now) }
}

/** The caller's lottery prizes with their redemption codes. */
export async function prizes({ repos }: Deps, openid: string): Promise<{ prizes: PrizeView[] }> {
  const list = await repos.prizes.listByOpenid(openid)
  return {
    prizes: list.map((p) => ({
      code: p.code,
      roomId: p.roomId,
      roomName: p.roomName,
      lotteryName: p.lotteryName,
      prizeName: p.prizeName,
      state: p.state,
      wonAt: p.wonAt,
      ...(p.redeemedAt !== undefined && { redeemedAt: p.redeemedAt }),
      ...(p.storeId !== undefined && { storeId: p.storeId }),
      ...(p.trackingNo !== undefined && { trackingNo: p.trackingNo }),
    })),
  }
}

function cardView(card: CardRecord, boundAt: number) {
  return { cardNo: card._id, level: card.level, phoneMasked: maskPhone(card.phone), boundAt }
}

/** 13900000001 → 139****0001. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****'
}
