/** 设置 (SPEC back office §9): WeChat and 扫呗 accounts, payment timeout. Secrets are write-only. */
import type { SettingsView } from '../../../../typings/admin'
import type { SettingsRecord } from '../../model'
import { audit, type MerchantDeps } from './support'

/** `****abcd`: enough to tell which secret is set, never enough to use it. */
export function hintOf(secret: string): string {
  return secret ? `****${secret.slice(-4)}` : ''
}

export function settingsView(s: SettingsRecord): SettingsView {
  return {
    wechat: {
      appid: s.wechat.appid,
      secretSet: Boolean(s.wechat.secret),
      secretHint: hintOf(s.wechat.secret),
    },
    saobei: {
      merchantNo: s.saobei.merchantNo,
      terminalId: s.saobei.terminalId,
      tokenSet: Boolean(s.saobei.token),
      tokenHint: hintOf(s.saobei.token),
    },
    paymentTimeoutMin: s.paymentTimeoutMin,
    notifyUrl: s.notifyUrl,
  }
}

export async function getSettings(deps: MerchantDeps): Promise<SettingsView> {
  return settingsView(await deps.repos.settings.get())
}

export interface SettingsChange {
  wechat?: { appid?: string; secret?: string }
  saobei?: { merchantNo?: string; terminalId?: string; token?: string }
  paymentTimeoutMin?: number
  notifyUrl?: string
}

/** Applies the fields given; the audit log names what changed, never a secret's value. */
export async function updateSettings(
  deps: MerchantDeps,
  actor: string,
  change: SettingsChange,
): Promise<SettingsView> {
  const current = await deps.repos.settings.get()
  const next: SettingsRecord = {
    ...current,
    wechat: { ...current.wechat, ...definedOf(change.wechat ?? {}) },
    saobei: { ...current.saobei, ...definedOf(change.saobei ?? {}) },
    ...(change.paymentTimeoutMin !== undefined && { paymentTimeoutMin: change.paymentTimeoutMin }),
    ...(change.notifyUrl !== undefined && { notifyUrl: change.notifyUrl }),
    updatedAt: deps.clock.now(),
  }
  await deps.repos.settings.put(next)
  const changed = [
    ...Object.keys(definedOf(change.wechat ?? {})).map((k) => `wechat.${k}`),
    ...Object.keys(definedOf(change.saobei ?? {})).map((k) => `saobei.${k}`),
    ...(change.paymentTimeoutMin !== undefined ? ['paymentTimeoutMin'] : []),
    ...(change.notifyUrl !== undefined ? ['notifyUrl'] : []),
  ]
  await audit(deps, actor, 'settings.update', 'settings', { changed })
  return settingsView(next)
}

function definedOf<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
