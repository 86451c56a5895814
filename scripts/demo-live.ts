/**
 * npm run demo:live [-- --duration 150] [-- --members 300]: plays a broadcast against the RUNNING local
 * cloud (LOCAL_CLOUD_URL, default http://127.0.0.1:8787) so someone watching 直播间实时监控 sees it move.
 * The anchor starts the demo room (WeChat simulator); members arrive a few a second, bind their demo card
 * (JY000001…, phone 139 + 8 digits), look at the shelf and grab (/fn/order create); most pay through the
 * 扫呗 simulator, some abandon. Part-way through, staff (op1, ADMIN_PASSWORD) 上新链接 the fourth goods
 * 030112005 through the back-office API and open it for grabbing. One progress line; stops by itself.
 * Only outside interfaces are used: the function and simulator routes, the back-office API.
 */

const FOURTH_GOODS = '030112005'

export interface DemoLiveOptions {
  url: string
  durationMs: number
  members: number
  /** Share of successful orders paid (the rest are abandoned and expire). */
  payShare: number
  /** Waits `ms` (tests pass an immediate one: no real sleeps there). */
  sleep: (ms: number) => Promise<void>
  /** Random in [0, 1): tests pass a seeded one. */
  random: () => number
  /** Progress output; called with the whole line each time it changes. */
  progress: (line: string, final: boolean) => void
  adminPassword: string | undefined
  /** Distinguishes this run's request ids and member ids from an earlier run's. */
  runId: string
}

export interface DemoLiveStats {
  arrived: number
  bound: number
  ordered: number
  paid: number
  abandoned: number
  refused: Record<string, number>
  staff: string
}

interface Answer<T> {
  ok: boolean
  data?: T
  error?: { code: string; message: string }
}

interface ShelfItem {
  goodsId: string
  productCode: string
  name: string
  remaining: number
  grabOpen: boolean
}

async function post<T>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Answer<T> | undefined; headers: Headers }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  const text = await res.text()
  let parsed: Answer<T> | undefined
  try {
    parsed = JSON.parse(text) as Answer<T>
  } catch {
    parsed = undefined
  }
  return { status: res.status, body: parsed, headers: res.headers }
}

/** Card number and phone of the demo's n-th card (SPEC's demo rules: JY000001 → 13900000001). */
export function demoCard(n: number): { cardNo: string; phone: string } {
  const digits = String(n).padStart(8, '0')
  return { cardNo: `JY${digits.slice(2)}`, phone: `139${digits}` }
}

export function formatProgress(s: DemoLiveStats, elapsedMs: number, durationMs: number): string {
  const refused = Object.entries(s.refused)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(', ')
  const total = Object.values(s.refused).reduce((a, b) => a + b, 0)
  return (
    `${Math.round(elapsedMs / 1000)}s/${Math.round(durationMs / 1000)}s  到场 ${s.arrived} · 绑卡 bound ${s.bound} · 下单 ordered ${s.ordered} · ` +
    `支付 paid ${s.paid} · 放弃 abandoned ${s.abandoned} · 拒绝 refused ${total}${refused ? ` (${refused})` : ''}`
  )
}

export async function runDemoLive(o: DemoLiveOptions): Promise<DemoLiveStats> {
  const stats: DemoLiveStats = {
    arrived: 0,
    bound: 0,
    ordered: 0,
    paid: 0,
    abandoned: 0,
    refused: {},
    staff: '',
  }
  const refuse = (code: string) => (stats.refused[code] = (stats.refused[code] ?? 0) + 1)
  const fn = <T>(name: string, event: Record<string, unknown>, openid?: string) =>
    post<T>(`${o.url}/fn/${name}`, event, openid ? { 'x-wx-openid': openid } : {})
  const jitter = (mean: number) => mean * (0.5 + o.random())
  const started = Date.now()
  // the arrival loop's waits make the broadcast's timeline (members wait alongside it, not after it):
  // with an immediate `sleep` (tests) the run still covers its whole duration in order
  let virtualMs = 0
  const wait = (ms: number) => o.sleep(ms)
  const advance = async (ms: number) => {
    virtualMs += ms
    await o.sleep(ms)
  }
  const elapsed = () => Math.max(Date.now() - started, virtualMs)
  const show = (final = false) => o.progress(formatProgress(stats, elapsed(), o.durationMs), final)

  // the demo room: the first of the rooms the member client lists
  const rooms = await fn<{ rooms: Array<{ roomId: number; name: string; liveStatus: number }> }>('live', {
    action: 'rooms',
  })
  const room = rooms.body?.data?.rooms?.[0]
  if (!room)
    throw new Error(
      `本地云没有直播间（先运行 npm run demo）/ the local cloud has no room (run npm run demo first): ${rooms.body?.error?.message ?? rooms.status}`,
    )

  // the anchor starts the broadcast; our stored room state refreshes from WeChat after 30 s, so the
  // local clock moves past that window for the members' first orders to see the room live
  await post(`${o.url}/sim/wechat/rooms/${room.roomId}/status`, { live_status: 101 })
  await post(`${o.url}/sim/clock`, { advanceMs: 31_000 })

  const inFlight = new Set<Promise<void>>()
  const track = (p: Promise<void>) => {
    inFlight.add(p)
    void p.finally(() => inFlight.delete(p))
  }

  async function member(n: number): Promise<void> {
    // one member per card across runs: a second run finds the member bound already and grabs again
    const openid = `o_demo_live_${n}`
    stats.arrived++
    const bind = await fn('member', { action: 'bindCard', ...demoCard(n) }, openid)
    if (bind.body?.ok || bind.body?.error?.code === 'ALREADY_BOUND') stats.bound++
    else {
      refuse(bind.body?.error?.code ?? `HTTP_${bind.status}`)
      show()
      return
    }
    show()
    await wait(jitter(2_000))
    const detail = await fn<{ shelf: ShelfItem[] }>('live', { action: 'room', roomId: room!.roomId }, openid)
    const open = (detail.body?.data?.shelf ?? []).filter((i) => i.grabOpen && i.remaining > 0)
    const pick = open[Math.floor(o.random() * open.length)] ?? detail.body?.data?.shelf?.[0]
    if (!pick) {
      refuse('NO_GOODS')
      return
    }
    const order = await fn<{ orderId: string; payment: { outTradeNo: string } }>(
      'order',
      {
        action: 'create',
        roomId: room!.roomId,
        goodsId: pick.goodsId,
        qty: 1,
        requestId: `dl-${o.runId}-${n}`,
      },
      openid,
    )
    if (!order.body?.ok || !order.body.data) {
      refuse(order.body?.error?.code ?? `HTTP_${order.status}`)
      show()
      return
    }
    stats.ordered++
    show()
    if (o.random() >= o.payShare) {
      // closes the page: the order expires at the payment timeout and gives its hold back
      stats.abandoned++
      show()
      return
    }
    await wait(jitter(4_000))
    const paid = await post(`${o.url}/sim/saobei/orders/${order.body.data.payment.outTradeNo}/pay`, {})
    if (paid.status < 300) stats.paid++
    else refuse(`PAY_${paid.status}`)
    show()
  }

  async function staff(): Promise<void> {
    const api = (path: string) => `${o.url}/admin/api/${path}`
    if (!o.adminPassword) {
      stats.staff = '跳过上新链接：未设置 ADMIN_PASSWORD / 上新链接 skipped: ADMIN_PASSWORD is not set'
      return
    }
    const login = await post<{ csrfToken: string }>(api('login'), {
      username: 'op1',
      password: o.adminPassword,
    })
    if (login.status === 404 || login.body === undefined) {
      stats.staff = '后台 API 尚不可用，跳过上新链接 / the back-office API is not there yet: 上新链接 skipped'
      return
    }
    if (!login.body.ok || !login.body.data) {
      stats.staff = `op1 登录失败 / op1 could not log in: ${login.body.error?.message ?? login.status}`
      return
    }
    const cookie = /sid=[^;]*/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? ''
    const headers = { cookie, 'x-csrf-token': login.body.data.csrfToken }
    const goodsRes = await fetch(`${api('goods')}?page=1&pageSize=100`, { headers: { cookie } })
    const goods = (
      (await goodsRes.json()) as Answer<{
        items: Array<{ goodsId?: string; _id?: string; id?: string; productCode: string }>
      }>
    ).data?.items?.find((g) => g.productCode === FOURTH_GOODS)
    const goodsId = goods?.goodsId ?? goods?._id ?? goods?.id
    if (!goodsId) {
      stats.staff = `商品库中没有 ${FOURTH_GOODS} / goods ${FOURTH_GOODS} is not in the library`
      return
    }
    const added = await post(api(`rooms/${room!.roomId}/goods`), { goodsIds: [goodsId] }, headers)
    if (!added.body?.ok && added.body?.error?.code !== 'ALREADY_ON_SHELF') {
      stats.staff = `上新链接失败 / 上新链接 failed: ${added.body?.error?.message ?? added.status}`
      return
    }
    stats.staff = `已上新链接 ${FOURTH_GOODS} / ${FOURTH_GOODS} added to the shelf (不可抢购)`
    show()
    await wait(10_000)
    const opened = await post(api(`rooms/${room!.roomId}/goods/${goodsId}/grab`), { open: true }, headers)
    stats.staff = opened.body?.ok
      ? `已上新链接并允许抢购 ${FOURTH_GOODS} / ${FOURTH_GOODS} added and opened for grabbing`
      : `允许抢购失败 / opening ${FOURTH_GOODS} failed: ${opened.body?.error?.message ?? opened.status}`
  }

  // members arrive over the first 70 % of the broadcast, a few a second
  const arrivalMean = (o.durationMs * 0.7) / Math.max(1, o.members)
  let staffStarted = false
  for (let n = 1; n <= o.members && elapsed() < o.durationMs; n++) {
    track(member(n).catch((e: unknown) => void refuse(e instanceof Error ? e.name : 'ERROR')))
    if (!staffStarted && elapsed() >= o.durationMs * 0.4) {
      staffStarted = true
      track(staff().catch((e: unknown) => void (stats.staff = `上新链接出错 / error: ${String(e)}`)))
    }
    await advance(jitter(arrivalMean))
  }
  if (!staffStarted)
    track(staff().catch((e: unknown) => void (stats.staff = `上新链接出错 / error: ${String(e)}`)))
  while (inFlight.size > 0 && elapsed() < o.durationMs + 30_000) await Promise.race([...inFlight])
  await Promise.allSettled([...inFlight])
  show(true)
  return stats
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main(): Promise<void> {
  const tty = process.stdout.isTTY
  let lastPrinted = 0
  const stats = await runDemoLive({
    url: (process.env.LOCAL_CLOUD_URL ?? 'http://127.0.0.1:8787').replace(/\/$/, ''),
    durationMs: Number(argValue('--duration') ?? 150) * 1000,
    members: Number(argValue('--members') ?? 300),
    payShare: 0.65,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    adminPassword: process.env.ADMIN_PASSWORD,
    runId: Date.now().toString(36),
    progress: (line, final) => {
      if (tty) process.stdout.write(`\r\x1b[2K${line}${final ? '\n' : ''}`)
      else if (final || Date.now() - lastPrinted > 5_000) {
        lastPrinted = Date.now()
        console.log(line)
      }
    },
  })
  console.log(stats.staff)
}

if (require.main === module) {
  main().catch((e: unknown) => {
    const refused = /fetch failed|ECONNREFUSED/.test(String((e as { cause?: unknown })?.cause ?? e))
    console.error(
      refused
        ? `本地云没有运行：请先在另一个终端运行 npm start / the local cloud is not running at ${process.env.LOCAL_CLOUD_URL ?? 'http://127.0.0.1:8787'}: run npm start first`
        : e instanceof Error
          ? e.message
          : String(e),
    )
    process.exit(1)
  })
}
