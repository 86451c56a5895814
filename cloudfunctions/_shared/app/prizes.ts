/**
 * 我的奖品, the member's side of the lottery ledger: the prizes linked to the caller, and claiming a
 * 兑奖码 WeChat showed them (the code is the proof; a code is claimed once, by one member).
 */
import type { PrizeView } from '../../../typings/views'
import type { PrizeRecord } from '../model'
import type { Clock, Repos } from '../ports'
import { BizError } from '../domain/errors'

type Deps = { repos: Repos; clock: Clock }

/** Claims tried per member per hour: a code is a secret, guessing one must cost. */
export const CLAIM_WINDOW_MS = 60 * 60 * 1000
export const CLAIM_MAX = 20

/** The caller's prizes, newest first. */
export async function memberPrizes(deps: Deps, openid: string): Promise<{ prizes: PrizeView[] }> {
  const [list, stores] = await Promise.all([deps.repos.prizes.listByOpenid(openid), deps.repos.stores.list()])
  const names = new Map(stores.map((s) => [s._id, s.name]))
  return { prizes: list.map((p) => prizeView(p, names)) }
}

/** Links the code to the caller; the same member claiming again gets the prize back, anyone else CONFLICT. */
export async function claimPrize(deps: Deps, openid: string, code: string): Promise<PrizeView> {
  const { repos, clock } = deps
  const now = clock.now()
  if (!(await repos.rateLimiter.hit(`claim-prize:${openid}`, CLAIM_WINDOW_MS, CLAIM_MAX, now)))
    throw new BizError('RATE_LIMITED', '尝试次数过多，请一小时后再试')
  const prize = await repos.prizes.get(code.trim())
  if (!prize) throw new BizError('NOT_FOUND', '兑奖码不存在，请核对后重试')
  if (prize.openid !== openid) {
    if (prize.openid || !(await repos.prizes.link(prize._id, openid, 'code', now))) {
      const again = await repos.prizes.get(prize._id)
      if (again?.openid !== openid)
        throw new BizError('CONFLICT', '该兑奖码已被其他会员领取，如有疑问请联系门店')
    }
  }
  const stores = await repos.stores.list()
  return prizeView({ ...prize, openid }, new Map(stores.map((s) => [s._id, s.name])))
}

export function prizeView(p: PrizeRecord, storeNames: Map<string, string>): PrizeView {
  const storeName = p.storeId ? storeNames.get(p.storeId) : undefined
  return {
    code: p.code,
    roomId: p.roomId,
    roomName: p.roomName,
    lotteryName: p.lotteryName,
    prizeName: p.prizeName,
    state: p.state,
    wonAt: p.wonAt,
    ...(p.redeemedAt !== undefined && { redeemedAt: p.redeemedAt }),
    ...(p.storeId !== undefined && { storeId: p.storeId }),
    ...(storeName !== undefined && { storeName }),
    ...(p.state === 'shipped' && {
      receiverName: p.receiverName,
      address: p.address,
      ...(p.carrier !== undefined && { carrier: p.carrier }),
      ...(p.trackingNo !== undefined && { trackingNo: p.trackingNo }),
      ...(p.shippedAt !== undefined && { shippedAt: p.shippedAt }),
    }),
  }
}
