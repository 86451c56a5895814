import { z } from 'zod'
import { callable, openAction } from '../_shared/runtime/callable'
import { goodsId, roomId } from '../_shared/runtime/schemas'
import { listRooms, roomDetail, shelfItemFor } from '../_shared/app/live'

// anyone may watch (FAQ 4): the list and the room need no bound card; `item` tells a guest why not
export const main = callable('live', {
  rooms: openAction(
    z
      .object({
        storeId: z.string().min(1).max(32).optional(),
        state: z.enum(['upcoming', 'live', 'ended', 'replay']).optional(),
      })
      .strict(),
    (input, { c }) => listRooms(c, input),
  ),
  room: openAction(z.object({ roomId }).strict(), (input, { c }) => roomDetail(c, input.roomId)),
  item: openAction(z.object({ roomId, goodsId }).strict(), (input, { openid, c }) =>
    shelfItemFor(c, openid, input.roomId, input.goodsId),
  ),
})
