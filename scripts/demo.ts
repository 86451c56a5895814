/**
 * SPEC's demo data set, loaded through the merchant use cases (not by writing rows), so the demo data
 * goes through every rule and lands on the WeChat simulator as real data would.
 * `npm run demo` empties the data folder, loads the set and exits; `loadDemo` is also used by
 * `npm start` on a fresh folder and by the tests.
 */
import { randomBytes } from 'node:crypto'
import type { Result, SyncReport } from '../typings/api'
import type { GoodsRecord } from '../cloudfunctions/_shared/model'
import { container } from '../cloudfunctions/_shared/runtime/container'
import { importCards, importStock, importStores } from '../cloudfunctions/_shared/app/merchant/feeds'
import { addGoods } from '../cloudfunctions/_shared/app/merchant/goods'
import { createRoom } from '../cloudfunctions/_shared/app/merchant/rooms'
import { importGoods } from '../cloudfunctions/_shared/app/merchant/shelf'
import { hashPassword } from '../cloudfunctions/_shared/app/merchant/staff'
import fs from 'node:fs'
import path from 'node:path'
import { SERVER_FILE, startLocalCloud, type LocalCloud } from './local-cloud/server'
import { localSettings } from './local-cloud/settings'

const ACTOR = 'demo'
const MINUTE = 60_000

/** A 1×1 PNG: the simulator needs real uploads, not particular pictures. */
export const DEMO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

export const DEMO_STORES = [
  { storeId: 'S001', name: '天河总店' },
  { storeId: 'S002', name: '越秀店' },
  { storeId: 'S003', name: '番禺店' },
]

/** The manual's table (包装单位 = 单位): on the room's shelf, buyable as soon as the room is live. */
export const DEMO_GOODS = [
  { productCode: '030111001', name: 'LEGO 乐高创意百变组 雷霆之翼', unit: '件', quota: 100 },
  { productCode: '030113002', name: '帮帮龙发声变形系列-斯东', unit: '件', quota: 1 },
  { productCode: '030113001', name: '英国CollectA虎鲸', unit: '只', quota: 100 },
].map((g) => ({ ...g, perOrderLimit: 1, livePriceFen: 1, grabTiming: 'on_live' as const, stock: 50 }))

/** FAQ 12's 上链接: in the library, not on the shelf; staff add it during the broadcast and open it. */
export const DEMO_NEW_LINK = {
  productCode: '030112005',
  name: '乐高城市系列消防局',
  unit: '件',
  quota: 20,
  perOrderLimit: 2,
  livePriceFen: 99,
  grabTiming: 'manual' as const,
  stock: 20,
}

const LIBRARY = [...DEMO_GOODS, DEMO_NEW_LINK]

export const DEMO_CARDS = 1000
/** A WeChat account the simulator treats as real-name verified (it lists only the unverified ones). */
export const DEMO_ANCHOR = { name: '小晋', wechat: 'xiaojin_anchor' }

/** `JY000001` → `13900000001`: 139 and the card's number written with 8 digits. */
export function demoCardRow(n: number): { cardNo: string; phone: string; level: string; status: 'active' } {
  return {
    cardNo: `JY${String(n).padStart(6, '0')}`,
    phone: `139${String(n).padStart(8, '0')}`,
    level: '普通卡',
    status: 'active',
  }
}

export interface DemoOptions {
  onProgress?(line: string): void
  /** Empty the database and both simulators first (what `npm run demo` does). */
  replace?: boolean
}

/** Loads the demo data set into the local cloud; returns a summary for people. */
export async function loadDemo(cloud: LocalCloud, opts: DemoOptions = {}): Promise<string> {
  const say = opts.onProgress ?? (() => undefined)
  if (opts.replace) await emptyCloud(cloud)
  const deps = container()
  const now = deps.clock.now()

  await importStores(deps, ACTOR, DEMO_STORES, { onProgress: (d, t) => d === t && say(`门店 ${d}/${t}`) })
  const cards = Array.from({ length: DEMO_CARDS }, (_, i) => demoCardRow(i + 1))
  await importCards(deps, ACTOR, cards, { onProgress: (d, t) => say(`会员卡 ${d}/${t}`) })
  const stock = LIBRARY.map((g) => ({
    storeId: 'S001',
    productCode: g.productCode,
    unit: g.unit,
    quantity: g.stock,
    asOf: now,
  }))
  await importStock(deps, ACTOR, stock, { onProgress: (d, t) => d === t && say(`库存 ${d}/${t}`) })

  const goods = await addDemoGoods(cloud, say)
  const startAt = now + 15 * MINUTE
  const room = await createRoom(deps, ACTOR, {
    storeId: 'S001',
    type: 'phone',
    title: '天河总店周末直播',
    startAt,
    endAt: startAt + 180 * MINUTE,
    anchorName: DEMO_ANCHOR.name,
    anchorWechat: DEMO_ANCHOR.wechat,
    coverImage: { data: DEMO_PNG },
    shareImage: { data: DEMO_PNG },
    feedsImage: { data: DEMO_PNG },
  })
  const shelf = goods.filter((g) => g.productCode !== DEMO_NEW_LINK.productCode)
  await importGoods(deps, ACTOR, { roomId: room.roomId, goodsIds: shelf.map((g) => g._id) })
  say(`直播间 ${room.roomId} ${room.name}，货架 ${shelf.length} 件商品`)

  const password = await addDemoStaff(room.roomId)
  say(`后台账号 ${DEMO_STAFF.map((s) => s.username).join(' / ')}`)
  return [
    `演示数据已加载：门店 ${DEMO_STORES.length} 家，会员卡 ${DEMO_CARDS} 张，商品 ${goods.length} 个（已审核通过，${shelf.length} 个在直播间货架上），`,
    `直播间 ${room.roomId}「${room.name}」${new Date(startAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} 开播。`,
    password.generated
      ? `后台账号 owner（店主）、op1（运营）、as1（助理），密码 ${password.value}（只显示这一次，请妥善保存）`
      : '后台账号 owner（店主）、op1（运营）、as1（助理），密码取自 ADMIN_PASSWORD',
  ].join('\n')
}

/** The manual's table submitted to WeChat, approved by the simulator's auditor, then synced back (status 2). */
async function addDemoGoods(cloud: LocalCloud, say: (line: string) => void): Promise<GoodsRecord[]> {
  const deps = container()
  const added: GoodsRecord[] = []
  for (const g of LIBRARY) {
    added.push(
      await addGoods(deps, ACTOR, {
        storeId: 'S001',
        productCode: g.productCode,
        unit: g.unit,
        packUnit: g.unit,
        name: g.name,
        quota: g.quota,
        perOrderLimit: g.perOrderLimit,
        livePriceFen: g.livePriceFen,
        grabTiming: g.grabTiming,
        cover: { data: DEMO_PNG },
      }),
    )
    say(`商品 ${added.length}/${LIBRARY.length}`)
  }
  for (const g of added) await control(cloud, `/sim/wechat/goods/${g.wxGoodsId}/audit`, { audit_status: 2 })
  // the sync's own timer trigger, with the event CloudBase sends, brings the audit states back
  const sync = (await cloud.timers.fire('sync')) as Result<SyncReport>
  if (!sync.ok) throw new Error(`同步失败：${sync.error.code} ${sync.error.message}`)
  const approved = await deps.repos.goods.getMany(added.map((g) => g._id))
  if (approved.some((g) => g.auditStatus !== 2)) throw new Error('演示商品未能同步为审核通过')
  return added.map((g) => approved.find((a) => a._id === g._id) as GoodsRecord)
}

/** SPEC's demo staff: 店主, 运营 and 助理 (assigned to the demo room); stable ids (the usernames). */
export const DEMO_STAFF = [
  { username: 'owner', name: '店主', role: 'owner' as const },
  { username: 'op1', name: '运营', role: 'operator' as const },
  { username: 'as1', name: '助理', role: 'assistant' as const },
]

/** The demo staff accounts; one password from ADMIN_PASSWORD, or generated and shown once. */
async function addDemoStaff(roomId: number): Promise<{ value: string; generated: boolean }> {
  const given = process.env.ADMIN_PASSWORD
  const value = given || randomBytes(12).toString('base64url')
  const { repos, clock } = container()
  for (const s of DEMO_STAFF) {
    await repos.staff.add({
      _id: s.username,
      name: s.name,
      role: s.role,
      passwordHash: await hashPassword(value),
      roomIds: s.role === 'assistant' ? [roomId] : [],
      active: true,
      createdAt: clock.now(),
    })
  }
  return { value, generated: !given }
}

/** Empties the database and both simulators, and puts back the settings pointing at the simulators. */
export async function emptyCloud(cloud: LocalCloud): Promise<void> {
  cloud.db.dropAll()
  await control(cloud, '/sim/wechat/reset', {})
  await control(cloud, '/sim/saobei/reset', {})
  await container().repos.settings.put(localSettings(cloud.url))
}

async function control(cloud: LocalCloud, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${cloud.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${path} → HTTP ${res.status}: ${await res.text()}`)
}

/**
 * npm run demo: through the running local cloud when there is one (its data folder names it), so the
 * server and its files never disagree; else on the data folder directly.
 */
async function main(): Promise<void> {
  process.env.QUIET_LOGS ??= '1'
  const dir = process.env.LOCAL_CLOUD_DIR ?? path.resolve(__dirname, '../.local-cloud')
  const running = runningServer(dir)
  if (running) {
    console.log(`正在通过运行中的本地云 ${running} 重新加载演示数据…`)
    const res = await fetch(`${running}/sim/demo`, { method: 'POST' }).catch(() => null)
    if (res) {
      const body = (await res.json()) as Result<{ summary: string }>
      if (!body.ok) throw new Error(`${body.error.code} ${body.error.message}`)
      console.log(body.data.summary)
      return
    }
    console.log('运行中的本地云没有应答，改为直接写入数据目录')
  }
  const cloud = await startLocalCloud({ dir, port: 0, timers: false, handlers: 'source' })
  try {
    console.log(await loadDemo(cloud, { replace: true, onProgress: (line) => console.log(`  ${line}`) }))
  } finally {
    await cloud.close()
  }
}

/** The URL of the local cloud serving `dir`, when one is running. */
function runningServer(dir: string): string | null {
  try {
    const { url, pid } = JSON.parse(fs.readFileSync(path.join(dir, SERVER_FILE), 'utf8')) as {
      url: string
      pid: number
    }
    process.kill(pid, 0)
    return url
  } catch {
    return null
  }
}

// run as a script (read from argv: the mini-program tests' typings narrow `require` and `module`)
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === __filename) {
  main().catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
}
