/**
 * Which back end the client talks to. `cloud` is production (wx.cloud.callFunction); `local` is the local
 * cloud of `npm start` (POST <baseUrl>/fn/<name>, caller given by the x-wx-openid header) for development
 * in the devtools with 不校验合法域名 on. Only services/transport.ts reads it.
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
