/**
 * The data a new environment needs before anyone can log in to the back office: the settings document
 * (production addresses of WeChat and 扫呗, the payNotify address, secrets left empty for the 设置 page)
 * and the first owner account (店主 `owner`, password from ADMIN_PASSWORD). Written through the
 * repositories over wx-server-sdk's database, which runs outside CloudBase with the Tencent Cloud keys.
 * Never overwrites: an environment with settings or staff keeps them.
 */
import { createRepos } from '../../cloudfunctions/_shared/adapters/db'
import type { CloudDb } from '../../cloudfunctions/_shared/adapters/db/cloud-db'
import { hashPassword } from '../../cloudfunctions/_shared/app/merchant/staff'
import type { SettingsRecord } from '../../cloudfunctions/_shared/model'

export const WECHAT_API = 'https://api.weixin.qq.com'
export const SAOBEI_API = 'https://pay.lcsw.cn/lcsw'
export const MIN_PASSWORD = 10

export function initialSettings(appid: string, notifyUrl: string, now: number): SettingsRecord {
  return {
    _id: 'main',
    wechat: { appid, secret: '', baseUrl: WECHAT_API },
    saobei: { baseUrl: SAOBEI_API, merchantNo: '', terminalId: '', token: '', signScheme: 'v2' },
    notifyUrl,
    paymentTimeoutMin: 15,
    goodsPagePath: 'pages/live-goods/index',
    liveEnabled: false,
    updatedAt: now,
  }
}

export interface BootstrapResult {
  settings: 'created' | 'unchanged'
  owner: 'created' | 'unchanged' | 'skipped'
  note?: string
}

export async function bootstrap(
  db: CloudDb,
  options: { appid: string; notifyUrl: string; ownerPassword: string | undefined },
): Promise<BootstrapResult> {
  const repos = createRepos(db)
  const now = Date.now()
  let settings: BootstrapResult['settings'] = 'unchanged'
  try {
    await repos.settings.get()
  } catch {
    await repos.settings.put(initialSettings(options.appid, options.notifyUrl, now))
    settings = 'created'
  }
  if ((await repos.staff.count()) > 0) return { settings, owner: 'unchanged' }
  const password = options.ownerPassword
  if (!password || password.length < MIN_PASSWORD)
    return {
      settings,
      owner: 'skipped',
      note: `设置 ADMIN_PASSWORD（至少 ${MIN_PASSWORD} 位）后重跑以创建店主账号 owner / set ADMIN_PASSWORD (${MIN_PASSWORD}+ characters) and run again to create the owner account`,
    }
  await repos.staff.add({
    _id: 'owner',
    name: '店主',
    role: 'owner',
    passwordHash: await hashPassword(password),
    roomIds: [],
    active: true,
    createdAt: now,
  })
  return { settings, owner: 'created' }
}

/** wx-server-sdk's database outside CloudBase: it signs with the Tencent Cloud keys. */
export function remoteDatabase(env: string, secretId: string, secretKey: string): CloudDb {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk') as {
    init(config: { env: string; secretId: string; secretKey: string }): void
    database(): CloudDb
  }
  cloud.init({ env, secretId, secretKey })
  return cloud.database()
}
