/**
 * The live monitor's polling (issue 10: ~1 s while the tab is visible, slower when hidden, each request
 * waiting for the previous answer, 「更新于 n 秒前」 and a warning when stale). The waits here are the
 * page's own timers, observed through Playwright's request events; the server is slowed or cut off by
 * routing the page's requests, never by changing the system under test.
 */
import type { Request } from 'playwright-core'
import { open, signIn, startE2E, stopE2E, type E2E } from './support/harness'

let e: E2E
const starts: number[] = []
let inFlight = 0
let maxInFlight = 0

const isMonitor = (r: Request): boolean => /\/admin\/api\/rooms\/\d+\/monitor/.test(r.url())

beforeAll(async () => {
  e = await startE2E()
  e.page.on('request', (r) => {
    if (!isMonitor(r)) return
    starts.push(Date.now())
    maxInFlight = Math.max(maxInFlight, ++inFlight)
  })
  const done = (r: Request): void => {
    if (isMonitor(r)) inFlight--
  }
  e.page.on('requestfinished', done)
  e.page.on('requestfailed', done)
  await signIn(e, 'owner')
  await open(e, `monitor/${e.room.roomId}`)
  await e.page.locator('[data-test=monitor-items]').getByText('雷霆之翼').waitFor()
}, 120_000)
afterEach(() => e?.page.unrouteAll({ behavior: 'ignoreErrors' }))
afterAll(() => stopE2E(e))

const MONITOR = '**/admin/api/rooms/*/monitor'

test('a slow answer is waited for: one request at a time, the next about a second after the last answer', async () => {
  // the server takes 1.5 s to answer
  await e.page.route(MONITOR, async (route) => {
    await new Promise((r) => setTimeout(r, 1500))
    await route.continue()
  })
  const from = starts.length
  maxInFlight = inFlight
  await waitFor(() => starts.length >= from + 4, 15_000)
  expect(maxInFlight).toBe(1)
  const mine = starts.slice(from + 1)
  const gaps = mine.slice(1).map((t, i) => t - (mine[i] ?? 0))
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(2300)
})

test('while the tab is hidden it asks about every 5 s, and at once when it is shown again', async () => {
  const from = starts.length
  await waitFor(() => starts.length >= from + 2, 5000)
  expect((starts[from + 1] ?? 0) - (starts[from] ?? 0)).toBeLessThan(3000)
  await setHidden(true)
  const hiddenFrom = starts.length
  await waitFor(() => starts.length >= hiddenFrom + 2, 15_000)
  expect((starts[hiddenFrom + 1] ?? 0) - (starts[hiddenFrom] ?? 0)).toBeGreaterThanOrEqual(4500)
  await waitFor(() => inFlight === 0, 2000)
  const before = starts.length
  const shownAt = Date.now()
  await setHidden(false)
  await waitFor(() => starts.length > before, 2000)
  // the hidden pause (5 s) was already running: without the visibility listener it would run out first
  expect((starts[before] ?? 0) - shownAt).toBeLessThan(2000)
})

test('when answers stop coming, 「更新于 n 秒前」 counts on and a warning says the data is stale', async () => {
  await e.page.route(MONITOR, (route) => route.abort('connectionfailed'))
  const stale = e.page.locator('[data-test=stale]')
  await stale.waitFor({ timeout: 10_000 })
  expect(await stale.textContent()).toMatch(/数据已 \d+ 秒未更新：网络异常/)
  expect(await e.page.locator('[data-test=updated-ago]').textContent()).toMatch(/更新于 ([5-9]|\d\d) 秒前/)
  // the network comes back: the warning goes by itself
  await e.page.unrouteAll({ behavior: 'ignoreErrors' })
  await stale.waitFor({ state: 'hidden', timeout: 5000 })
})

async function setHidden(hidden: boolean): Promise<void> {
  await e.page.evaluate(`(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${hidden ? 'hidden' : 'visible'}' })
    document.dispatchEvent(new Event('visibilitychange'))
  })()`)
}

/** Waits for a condition on the requests seen (Playwright's own waits look at the page, not at these). */
async function waitFor(ok: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out waiting for the page to poll')
    await e.page.waitForTimeout(100)
  }
}
