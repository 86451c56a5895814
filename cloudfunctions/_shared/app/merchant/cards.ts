/** 解锁会员卡: staff clear the failed-binding lock of a card (the member called the store). */
import { BizError } from '../../domain/errors'
import { audit, type MerchantDeps } from './support'

/** The rate-limiter keys binding attempts are counted on, per card. */
export function bindLockKeys(cardNo: string): string[] {
  return [`bind-card:${cardNo}`, `bind:card:${cardNo}`]
}

export async function unlockCard(
  deps: MerchantDeps,
  actor: string,
  cardNo: string,
): Promise<Record<string, never>> {
  if (!(await deps.repos.members.card(cardNo))) throw new BizError('NOT_FOUND', '会员卡不存在')
  for (const key of bindLockKeys(cardNo)) await deps.repos.rateLimiter.clear(key)
  await audit(deps, actor, 'card.unlock', cardNo)
  return {}
}
