/**
 * wx-server-sdk, initialised once for the current environment. Required lazily so that the local
 * cloud, which binds its own database, never loads it.
 */
import type * as WxServerSdk from 'wx-server-sdk'
import type { CloudDb } from '../db/cloud-db'

export interface CloudBase {
  database(): CloudDb
  getWXContext(): { OPENID?: string; APPID?: string; CLIENTIP?: string }
}

let sdk: typeof WxServerSdk | undefined

/** The CloudBase SDK bound to the function's own environment. */
export function cloudbase(): CloudBase {
  if (!sdk) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sdk = require('wx-server-sdk') as typeof WxServerSdk
    sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV as unknown as string })
  }
  const s = sdk
  return {
    // wx-server-sdk's typings describe callback-or-promise results; at run time every call returns a promise
    database: () => s.database() as unknown as CloudDb,
    getWXContext: () => s.getWXContext(),
  }
}
