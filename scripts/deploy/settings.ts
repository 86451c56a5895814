/**
 * The deploy settings, from the environment only (nothing secret lives in the tree). A missing setting
 * is named together with every other missing one, in Chinese and English, with where to get it.
 */

export interface SettingSpec {
  name: string
  /** What it is and where it comes from, in the merchant developer's words. */
  help: string
}

export const SETTINGS = {
  TCB_ENV: { name: 'TCB_ENV', help: '云开发环境 ID（云开发控制台 → 环境 ID）/ the CloudBase environment id' },
  TENCENTCLOUD_SECRETID: {
    name: 'TENCENTCLOUD_SECRETID',
    help: '腾讯云 API 密钥 SecretId（访问管理 → API 密钥）/ Tencent Cloud API SecretId',
  },
  TENCENTCLOUD_SECRETKEY: {
    name: 'TENCENTCLOUD_SECRETKEY',
    help: '腾讯云 API 密钥 SecretKey / Tencent Cloud API SecretKey',
  },
  WX_APPID: {
    name: 'WX_APPID',
    help: '小程序 AppID（微信公众平台 → 开发管理 → 开发设置）/ the mini-program AppID',
  },
  WX_UPLOAD_KEY_PATH: {
    name: 'WX_UPLOAD_KEY_PATH',
    help: '小程序代码上传密钥文件的路径（开发设置 → 小程序代码上传，下载的 private.<appid>.key，放在仓库之外）/ path to the code-upload private key, kept outside the repository',
  },
} as const satisfies Record<string, SettingSpec>

export class MissingSettings extends Error {
  constructor(readonly missing: SettingSpec[]) {
    super(
      [
        `缺少设置 / missing settings (${missing.length}):`,
        ...missing.map((s) => `  - ${s.name}: ${s.help}`),
        '请在环境变量中设置后重试 / set them in the environment and run again (see README, 部署).',
      ].join('\n'),
    )
  }
}

/** Reads every named setting, or throws one error naming each one that is missing. */
export function readSettings<K extends keyof typeof SETTINGS>(
  names: readonly K[],
  env: NodeJS.ProcessEnv = process.env,
): Record<K, string> {
  const missing = names.filter((n) => !env[n] || env[n]?.trim() === '').map((n) => SETTINGS[n])
  if (missing.length > 0) throw new MissingSettings(missing)
  return Object.fromEntries(names.map((n) => [n, (env[n] as string).trim()])) as Record<K, string>
}

/** Replaces every occurrence of the given secrets in a text (error messages may echo a request). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***')
  return out
}
