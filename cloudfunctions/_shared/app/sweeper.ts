/**
 * Rule 9: unpaid orders close after the payment timeout and give back quota, stock and the member's limit
 * exactly once. Before closing, 扫呗 is asked whether the order was paid after all.
 */
import type { OrderRecord } from '../model'
import type { Clock, PaymentGateway, Repos, WechatLiveApi } from '../ports'
import { applyPayment, followRefund } from './payment'
import { closeAtGateway } from './order'
import { moveOrder, settle } from './order-support'

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
/** One run stops taking new pages after this long, well inside the sync function's 60 s timeout. */
const RUN_BUDGET_MS = 40_000

export interface SweepReport {
  closed: number
  paid: number
  failed: number
  settled: number
  refundsFollowed: number
}

/**
 * Closes every overdue unpaid order (page after page, not a hundred a run), fails abandoned reservations
 * and closes their prepay at 扫呗, finishes interrupted settlements, and follows unfinished refunds.
 */
export async function sweepOrders(deps: Deps): Promise<SweepReport> {
  const { repos, clock } = deps
  const out: SweepReport = { closed: 0, paid: 0, failed: 0, settled: 0, refundsFollowed: 0 }
  const started = Date.now()
  const inBudget = () => Date.now() - started < RUN_BUDGET_MS

  // each page is fetched again from the start: what was handled left the query
  await drain(
    inBudget,
    () => repos.orders.due('pending', 'expireAt', clock.now(), BATCH),
    async (order) => {
      if (await paidAfterAll(deps, order)) out.paid++
      else if (await closeOrder(deps, order)) out.closed++
    },
  )
  await drain(
    inBudget,
    () => repos.orders.due('reserving', 'createdAt', clock.now() - ABANDONED_RESERVING_MS, BATCH),
    async (order) => {
      const now = clock.now()
      const failed = { failedCode: 'ORDER_ABANDONED', updatedAt: now }
      if (await repos.orders.transition(order._id, 'reserving', 'failed', failed)) {
        await settle(repos, { ...order, status: 'failed' }, now)
        // it may have died after its prepay: close that at 扫呗 too
        await closeAtGateway(deps, order)
        out.failed++
      }
    },
  )
  await drain(
    inBudget,
    () => repos.orders.unsettled(clock.now() - UNSETTLED_AFTER_MS, BATCH),
    async (order) => {
      await settle(repos, order, clock.now())
      out.settled++
    },
  )
  // refunds: one page a run (each asks 扫呗), oldest first
  for (const order of await repos.orders.openRefunds(BATCH)) {
    await followRefund(deps, order)
    out.refundsFollowed++
  }
  return out
}

/** Handles pages until one comes back short (or the run's budget is spent); a page that moves nothing stops it. */
async function drain(
  inBudget: () => boolean,
  page: () => Promise<OrderRecord[]>,
  handle: (order: OrderRecord) => Promise<void>,
): Promise<void> {
  const seen = new Set<string>()
  while (inBudget()) {
    const all = await page()
    const orders = all.filter((o) => !seen.has(o._id))
    for (const order of orders) {
      seen.add(order._id)
      await handle(order)
    }
    if (all.length < BATCH || orders.length === 0) return
  }
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
  // rule 9: pending → closed once; the transition is what gives the holds back exactly once
  const closed = await moveOrder(deps.repos, order, 'close', { closedAt: now, updatedAt: now })
  if (!closed) return false
  await settle(deps.repos, closed, now)
  await closeAtGateway(deps, closed)
  return true
}
