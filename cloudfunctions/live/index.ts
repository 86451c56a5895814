import { callable } from '../_shared/runtime/callable'
import { implement } from '../_shared/runtime/actions'
import { liveContract } from '../_shared/contract/live'
import { listRooms, roomDetail, shelfItemFor } from '../_shared/app/live'

// anyone may watch (FAQ 4): the list and the room need no bound card; `item` tells a guest why not
export const main = callable(
  'live',
  implement(liveContract, {
    rooms: (input, { c }) => listRooms(c, input),
    room: (input, { c }) => roomDetail(c, input.roomId),
    item: (input, { openid, c }) => shelfItemFor(c, openid, input.roomId, input.goodsId),
  }),
)
