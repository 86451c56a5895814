/**
 * One browser file's world: the page built, the local cloud in-process with SPEC's demo data, and
 * Debian's Chromium driven by playwright-core at 1440×900 in zh-CN. Helpers only drive the system from
 * outside (the page, HTTP, the simulators' controls) or read its state.
 */
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startWorld, type World } from '../../support/world'
import { ensureBuilt } from './build'

export const PASSWORD = 'e2e-demo-password'
const SCREENSHOTS = path.resolve(__dirname, '../../../docs/screenshots')

export interface E2E extends World {
  browser: Browser
  context: BrowserContext
  page: Page
  /** http://127.0.0.1:<port>/admin/ */
  adminUrl: string
}

export async function startE2E(): Promise<E2E> {
  await ensureBuilt()
  process.env.ADMIN_PASSWORD = PASSWORD
  const world = await startWorld()
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=zh-CN',
    ],
  })
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  })
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  return { ...world, browser, context, page, adminUrl: `${world.cloud.url}/admin/` }
}

export async function stopE2E(e: E2E | undefined): Promise<void> {
  if (!e) return
  await e.browser.close().catch(() => undefined)
  await e.cloud.close()
  delete process.env.ADMIN_PASSWORD
}

/** Signs in through the login page and waits for the layout. */
export async function signIn(e: E2E, username: string, page: Page = e.page): Promise<void> {
  await page.goto(`${e.adminUrl}#/login`)
  await page.getByPlaceholder('请输入账号').fill(username)
  await page.getByPlaceholder('请输入密码').fill(PASSWORD)
  await page.getByRole('button', { name: '登录' }).click()
  await page.locator('[data-test=user]').getByText(username).waitFor()
}

/** Opens a section by its hash route and waits for the page's own loading to settle. */
export async function open(e: E2E, hash: string, page: Page = e.page): Promise<void> {
  const url = `${e.adminUrl}#/${hash}`
  // the same hash again would not navigate: load the section afresh
  if (page.url() === url) await page.reload()
  else await page.goto(url)
  await page.locator('[data-test=help]').waitFor()
}

/** docs/screenshots/admin-<section>.png at the viewport's 1440×900. */
export async function screenshot(page: Page, section: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true })
  // let the toasts fade and the tables finish their spinners before the picture
  await page
    .locator('.t-loading--full, .t-table__loading')
    .first()
    .waitFor({ state: 'hidden' })
    .catch(() => undefined)
  await page.evaluate('window.scrollTo(0, 0)')
  await page.screenshot({ path: path.join(SCREENSHOTS, `admin-${section}.png`) })
}

/** Picks an option of a TDesign select (its popup is rendered at the end of <body>). */
export async function choose(page: Page, select: string, option: string): Promise<void> {
  await page.locator(select).click()
  await page.locator('.t-popup .t-select-option').filter({ hasText: option }).first().click()
}

/** Moves the local cloud's clock (payment timeouts, the 5 s freshness of a room's live state). */
export async function advanceClock(e: E2E, ms: number): Promise<void> {
  await postJson(e, '/sim/clock', { advanceMs: ms })
}

export async function postJson<T = unknown>(
  e: E2E,
  p: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(`${e.cloud.url}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  return (await res.json()) as T
}

/** A back-office API client with its own cookie jar, as a staff member's browser would be. */
export class AdminClient {
  private cookie = ''
  private csrf = ''
  constructor(private readonly base: string) {}

  static async signIn(e: E2E, username: string): Promise<AdminClient> {
    const c = new AdminClient(`${e.cloud.url}/admin/api/`)
    const res = await c.call('POST', 'login', { username, password: PASSWORD })
    if (res.status !== 200) throw new Error(`login ${username} → ${res.status} ${JSON.stringify(res.body)}`)
    c.csrf = (res.body as { data: { csrfToken: string } }).data.csrfToken
    return c
  }

  async call(
    method: string,
    route: string,
    input?: Record<string, unknown>,
  ): Promise<{ status: number; body: any; text: string }> {
    const url = new URL(route, this.base)
    const init: RequestInit = { method, headers: { cookie: this.cookie } }
    if (method === 'GET') for (const [k, v] of Object.entries(input ?? {})) url.searchParams.set(k, String(v))
    else {
      init.headers = { ...init.headers, 'content-type': 'application/json', 'x-csrf-token': this.csrf }
      init.body = JSON.stringify(input ?? {})
    }
    const res = await fetch(url, init)
    const set = res.headers.get('set-cookie')
    if (set) this.cookie = set.split(';')[0] ?? ''
    const text = await res.text()
    let body: unknown = undefined
    try {
      body = JSON.parse(text)
    } catch {
      // CSV
    }
    return { status: res.status, body, text }
  }
}
