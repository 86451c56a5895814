/**
 * The one transport to the back end. Chosen once from configuration; services call `transport()` and never
 * know which it is. Both answer exactly what the function returned (`{ ok, data | error }`); a call that
 * did not reach the function becomes the same shape with a network message.
 */
import type { Result } from '../../typings/api'
import { clientConfig, type ClientConfig } from '../config'

export type Transport = (name: string, event: Record<string, unknown>) => Promise<Result<unknown>>

const NETWORK: Result<never> = {
  ok: false,
  error: { code: 'INTERNAL_ERROR', message: '网络不给力，请检查网络后重试', details: { network: true } },
}

/** Production: wx.cloud.callFunction, caller identified by WeChat. */
export function cloudTransport(env?: string): Transport {
  let initialised = false
  return async (name, event) => {
    if (!initialised) {
      wx.cloud.init(env ? { env, traceUser: true } : { traceUser: true })
      initialised = true
    }
    try {
      const res = await wx.cloud.callFunction({ name, data: event })
      return (res.result as Result<unknown> | undefined) ?? NETWORK
    } catch {
      return NETWORK
    }
  }
}

/** Development: the local cloud's `POST /fn/<name>`, the caller given by `x-wx-openid`. */
export function localTransport(baseUrl: string, openid: string): Transport {
  return (name, event) =>
    new Promise((resolve) => {
      wx.request({
        url: `${baseUrl}/fn/${name}`,
        method: 'POST',
        header: { 'content-type': 'application/json', 'x-wx-openid': openid },
        data: event,
        success: (res) => {
          const body = res.data as Result<unknown> | undefined
          resolve(body && typeof body === 'object' && 'ok' in body ? body : NETWORK)
        },
        fail: () => resolve(NETWORK),
      })
    })
}

let current: Transport | undefined

/** Picks the transport from configuration (config.ts, overridden by ext.json when the build has one). */
export function configure(config: ClientConfig = clientConfig()): void {
  current =
    config.transport === 'local'
      ? localTransport(config.local.baseUrl, config.local.openid)
      : cloudTransport(config.cloudEnv)
}

export function transport(): Transport {
  if (!current) configure()
  return current as Transport
}

/** True when the answer is a network failure (the request may or may not have reached the server). */
export function isNetworkError(res: Result<unknown>): boolean {
  return !res.ok && res.error.details?.network === true
}
