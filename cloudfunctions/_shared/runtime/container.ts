/**
 * The composition root: the one place that picks adapters. In a cloud function it uses CloudBase
 * (wx-server-sdk); inside the local cloud it uses what the local cloud bound (emulated database, clock).
 * The WeChat and 扫呗 clients are built from the merchant's settings, which say where each lives.
 */
import type { Clock, PaymentGateway, Repos, WechatLiveApi } from '../ports'
import type { CloudDb } from '../adapters/db/cloud-db'
import { createRepos } from '../adapters/db'
import { createTokenCache } from '../adapters/db/token-cache'
import { createWechatLiveApi } from '../adapters/wechat/client'
import { createSaobeiGateway } from '../adapters/saobei/client'
import { cloudbase } from '../adapters/cloudbase/sdk'
import { localBinding } from './binding'
import { logInfo } from './log'

export interface Container {
  db: CloudDb
  clock: Clock
  repos: Repos
  wechat(): Promise<WechatLiveApi>
  payment(): Promise<PaymentGateway>
  /** The caller's OPENID from the WeChat context (never from the request: rule 1). */
  openidOf(context: unknown): string | undefined
}

const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

let current: Container | undefined

/** The container of this function instance, built once. */
export function container(): Container {
  current ??= build()
  return current
}

/** Forget the built container (the local cloud rebinds between test runs). */
export function resetContainer(): void {
  current = undefined
}

function build(): Container {
  const local = localBinding()
  const db = local ? local.db : cloudbase().database()
  const clock = local ? local.clock : systemClock
  const repos = createRepos(db)
  const tokenCache = createTokenCache(db)
  return {
    db,
    clock,
    repos,
    async wechat() {
      const { wechat } = await repos.settings.get()
      return createWechatLiveApi({
        log: (line) => logInfo({ event: 'wechat', line }),
        baseUrl: wechat.baseUrl,
        appid: wechat.appid,
        secret: wechat.secret,
        tokenCache,
        clock,
      })
    },
    async payment() {
      const { saobei, wechat, paymentTimeoutMin } = await repos.settings.get()
      return createSaobeiGateway({
        baseUrl: saobei.baseUrl,
        merchantNo: saobei.merchantNo,
        terminalId: saobei.terminalId,
        token: saobei.token,
        subAppid: wechat.appid,
        signScheme: saobei.signScheme,
        timeoutMinutes: paymentTimeoutMin,
      })
    },
    openidOf: local ? (context) => local.openidOf(context) : () => cloudbase().getWXContext().OPENID,
  }
}
