import { callable } from '../_shared/runtime/callable'
import { implement } from '../_shared/runtime/actions'
import { memberContract } from '../_shared/contract/member'
import { bindCard, claimPrize, prizes, profile } from '../_shared/app/member'

export const main = callable(
  'member',
  implement(memberContract, {
    profile: (_, { openid, c }) => profile(c, openid),
    bindCard: (input, { openid, c }) => bindCard(c, openid, input),
    prizes: (_, { openid, c }) => prizes(c, openid),
    claimPrize: (input, { openid, c }) => claimPrize(c, openid, input.code),
  }),
)
