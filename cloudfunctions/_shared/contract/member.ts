import { z } from 'zod'
import type { MemberProfile, PrizeView } from '../../../typings/views'
import { declare, member } from './define'
import { empty } from './schemas'

/** member: the caller's card and prizes. */
export const memberContract = {
  profile: declare<MemberProfile>()({ input: empty, caller: member }),
  bindCard: declare<MemberProfile>()({
    input: z
      .object({ cardNo: z.string().trim().min(1).max(32), phone: z.string().regex(/^1\d{10}$/) })
      .strict(),
    caller: member,
  }),
  prizes: declare<{ prizes: PrizeView[] }>()({ input: empty, caller: member }),
  /** Links a 兑奖码 WeChat showed the winner to the caller; a code is claimed once. */
  claimPrize: declare<PrizeView>()({
    input: z.object({ code: z.string().trim().min(4).max(32) }).strict(),
    caller: member,
  }),
}
