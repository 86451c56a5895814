import { z } from 'zod'
import { callable, userAction } from '../_shared/runtime/callable'
import { empty } from '../_shared/runtime/schemas'
import { bindCard, prizes, profile } from '../_shared/app/member'

export const main = callable('member', {
  profile: userAction(empty, (_, { openid, c }) => profile(c, openid)),
  bindCard: userAction(
    z.object({ cardNo: z.string().trim().min(1).max(32), phone: z.string().regex(/^1\d{10}$/) }).strict(),
    (input, { openid, c }) => bindCard(c, openid, input),
  ),
  prizes: userAction(empty, (_, { openid, c }) => prizes(c, openid)),
})
