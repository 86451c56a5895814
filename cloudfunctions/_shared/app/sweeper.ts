/**
 * Rule 9: unpaid orders close after the payment timeout and give back quota, stock and the member's limit
 * exactly once. Before closing, 扫呗 is asked whether the order was paid after all.
 */
import type { OrderRecord } from '../model'
import type { Clock, PaymentGateway, Repos, WechatLiveApi } from '../ports'
import { applyPayment } from './payment'
import { closeAtGateway } from './order'
import { settle } from './order-support'

type Deps = {
  repos: Repos
  clock: Clock
  wechat(): Promise<WechatLiveApi>
  payment(): Promise<PaymentGateway>
}

/** A request still reserving after this long died half way (a function timeout): its holds go back. */
const ABANDONED_RESERVING_MS = 2 * 60_000
/** An order whose holds were not settled this long after its last change is settled again. */
const UNSETTLED_AFTER_MS = 60_000
const BATCH = 100

/** Closes overdue unpaid orders, fails abandoned reservations and finishes interrupted settlements. */
export async function sweepOrders(
  deps: Deps,
): Promise<{ closed: number; paid: number; failed: number; settled: number }> {
  const { repos, clock } = deps
  const out = { closed: 0, paid: 0, failed: 0, settled: 0 }

  for (const order of await repos.orders.due('pending', 'expireAt', clock.now(), BATCH)) {
    if (await paidAfterAll(deps, order)) out.paid++
    else if (await closeOrder(deps, order)) out.closed++
  }
  for (const order of await repos.orders.due(
    'reserving',
    'createdAt',
    clock.now() - ABANDONED_RESERVING_MS,
    BATCH,
  )) {
    const now = clock.now()
    if (
      await repos.orders.transition(order._id, 'reserving', 'failed', {
        failedCode: 'ORDER_ABANDONED',
        updatedAt: now,
      })
    ) {
      await settle(repos, { ...order, status: 'failed' }, now)
      out.failed++
    }
  }
  for (const order of await repos.orders.unsettled(clock.now() - UNSETTLED_AFTER_MS, BATCH)) {
    await settle(repos, order, clock.now())
    out.settled++
  }
  return out
}

/** Asks 扫呗 about each attempt, newest first; applies a payment it reports. */
async function paidAfterAll(deps: Deps, order: OrderRecord): Promise<boolean> {
  let gateway: PaymentGateway
  try {
    gateway = await deps.payment()
  } catch {
    return false
  }
  for (const attempt of [...order.attempts].reverse()) {
    try {
      const res = await gateway.query(attempt.outTradeNo, attempt.createdAt)
      if (res.state === 'SUCCESS' && (res.amountFen === undefined || res.amountFen === order.amountFen)) {
        await applyPayment(
          deps,
          order,
          attempt.outTradeNo,
          res.gatewayTradeNo ?? attempt.gatewayTradeNo,
          res.paidAt ?? deps.clock.now(),
        )
        return true
      }
    } catch {
      // 扫呗 unreachable: close anyway; a payment that arrives later is refunded (rule 9)
    }
  }
  return false
}

async function closeOrder(deps: Deps, order: OrderRecord): Promise<boolean> {
  const now = deps.clock.now()
  if (
    !(await deps.repos.orders.transition(order._id, 'pending', 'closed', { closedAt: now, updatedAt: now }))
  )
    return false
  const closed: OrderRecord = { ...order, status: 'closed', closedAt: now, updatedAt: now }
  await settle(deps.repos, closed, now)
  await closeAtGateway(deps, closed)
  return true
}
