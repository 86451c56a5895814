/**
 * Which back end the client talks to. `cloud` is production (wx.cloud.callFunction); `local` is the local
 * cloud of `npm start` (POST <baseUrl>/fn/<name>, caller given by the x-wx-openid header) for development
 * in the devtools with 不校验合法域名 on. Only services/transport.ts reads it.
 *
 * The defaults below are the production build. A build may override them without editing code through
 * ext.json's `ext.memberCenter` (read with wx.getExtConfigSync), e.g.
 * `{ "extEnable": true, "ext": { "memberCenter": { "transport": "local", "local": { … } } } }`.
 */
export interface ClientConfig {
  transport: 'cloud' | 'local'
  /** CloudBase environment id; undefined = the devtools' current environment. */
  cloudEnv?: string
  local: { baseUrl: string; openid: string }
}

export const CONFIG: ClientConfig = {
  transport: 'cloud',
  local: { baseUrl: 'http://127.0.0.1:8787', openid: 'o-dev-member-0001' },
}

/** CONFIG overlaid with ext.json's `ext.memberCenter`, when the build has one. */
export function clientConfig(): ClientConfig {
  let ext: Partial<ClientConfig> | undefined
  try {
    const all =
      typeof wx.getExtConfigSync === 'function' ? (wx.getExtConfigSync() as Record<string, unknown>) : {}
    ext = all.memberCenter as Partial<ClientConfig> | undefined
  } catch {
    ext = undefined
  }
  if (!ext) return CONFIG
  return { ...CONFIG, ...ext, local: { ...CONFIG.local, ...ext.local } }
}
