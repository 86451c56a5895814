/**
 * The contract between the member client, the back office and the cloud functions, derived from the
 * declarations in `cloudfunctions/_shared/contract/` (requests by the zod schemas, responses by the
 * declared result types the handlers are checked against). Client and server compile against this file.
 *
 * Conventions: amounts are integer fen (`…Fen`), times epoch milliseconds (`…At`),
 * `roomId` is WeChat's numeric room id, `goodsId` our live-goods id (a string).
 */
import type { memberContract } from '../cloudfunctions/_shared/contract/member'
import type { liveContract } from '../cloudfunctions/_shared/contract/live'
import type { orderContract } from '../cloudfunctions/_shared/contract/order'
import type { syncContract } from '../cloudfunctions/_shared/contract/sync'
import type { EventOf, RequestOf, RequestsOf, ResponsesOf } from '../cloudfunctions/_shared/contract/define'

export type * from './views'

type Member = typeof memberContract
type Live = typeof liveContract
type Order = typeof orderContract
type Sync = typeof syncContract

export type MemberEvent = EventOf<Member>
export type MemberRequests = RequestsOf<Member>
export type MemberResponses = ResponsesOf<Member>
export type BindCardRequest = RequestOf<Member['bindCard']>
export type ClaimPrizeRequest = RequestOf<Member['claimPrize']>

export type LiveEvent = EventOf<Live>
export type LiveRequests = RequestsOf<Live>
export type LiveResponses = ResponsesOf<Live>
export type RoomsRequest = RequestOf<Live['rooms']>

export type OrderEvent = EventOf<Order>
export type OrderRequests = RequestsOf<Order>
export type OrderResponses = ResponsesOf<Order>
export type CreateOrderRequest = RequestOf<Order['create']>

/** sync runs on its timer: CloudBase's timer event, nothing a caller chooses. */
export type SyncEvent = { Type: 'Timer'; TriggerName: string; Time: string }
export type SyncResponses = ResponsesOf<Sync>

/** Maps each callable function to its event union and its per-action requests and responses. */
export interface CallableFunctions {
  member: { event: MemberEvent; requests: MemberRequests; responses: MemberResponses }
  live: { event: LiveEvent; requests: LiveRequests; responses: LiveResponses }
  order: { event: OrderEvent; requests: OrderRequests; responses: OrderResponses }
}

export type FunctionName = keyof CallableFunctions | 'sync' | 'admin' | 'payNotify'
