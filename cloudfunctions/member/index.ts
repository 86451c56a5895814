import { callable } from '../_shared/runtime/callable'
import { implement } from '../_shared/runtime/actions'
import { memberContract } from '../_shared/contract/member'
import { bindCard, profile } from '../_shared/app/member'
import { claimPrize, memberPrizes } from '../_shared/app/prizes'

export const main = callable(
  'member',
  implement(memberContract, {
    profile: (_, { openid, c }) => profile(c, openid),
    bindCard: (input, { openid, c }) => bindCard(c, openid, input),
    prizes: (_, { openid, c }) => memberPrizes(c, openid),
    claimPrize: (input, { openid, c }) => claimPrize(c, openid, input.code),
  }),
)
