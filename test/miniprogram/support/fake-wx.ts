/**
 * The phone around the mini-program, faked at its edges only: `wx.cloud.callFunction` answers canned server
 * results (the transport the services use in production), `wx.requestPayment` plays the member at the
 * payment sheet, navigation, toasts, modals and storage are recorded. Pages and services run unchanged.
 */
import type { Result } from '../../../typings/api'

export type Handler = (event: Record<string, unknown>) => Result<unknown> | Promise<Result<unknown>>

export interface FakeWx {
  /** Every callFunction: function name and event. */
  calls: Array<{ name: string; event: Record<string, unknown> }>
  /** Canned answers by `fn.action`. */
  answer(key: string, handler: Handler | Result<unknown>): void
  /** What the member does at the payment sheet. */
  payment: 'success' | 'cancel' | 'fail'
  paymentCalls: Array<Record<string, unknown>>
  navigations: Array<{ kind: string; url?: string; delta?: number }>
  toasts: string[]
  modals: Array<{ title?: string; content?: string }>
  /** The answer to the next showModal (true = confirm). */
  modalConfirm: boolean
  storage: Map<string, unknown>
  /** Pages stacked under the current one (getCurrentPages().length). */
  pageDepth: number
  pulledDown: number
  /** Makes callFunction fail as a lost network would. */
  offline: boolean
  callsTo(key: string): Array<Record<string, unknown>>
}

export const ok = <T>(data: T): Result<T> => ({ ok: true, data })
export const fail = (code: string, message: string, details?: Record<string, unknown>): Result<never> => ({
  ok: false,
  error: { code: code as never, message, ...(details && { details }) },
})

/** Installs the fake on the global `wx` (over simulate's own mock of the other APIs). */
export function installWx(): FakeWx {
  const handlers = new Map<string, Handler>()
  const fake: FakeWx = {
    calls: [],
    answer(key, handler) {
      handlers.set(key, typeof handler === 'function' ? handler : () => handler)
    },
    payment: 'success',
    paymentCalls: [],
    navigations: [],
    toasts: [],
    modals: [],
    modalConfirm: true,
    storage: new Map(),
    pageDepth: 1,
    pulledDown: 0,
    offline: false,
    callsTo(key) {
      const [name, action] = key.split('.')
      return fake.calls.filter((c) => c.name === name && c.event.action === action).map((c) => c.event)
    },
  }
  const g = globalThis as unknown as Record<string, unknown>
  const wx = (g.wx ?? {}) as Record<string, unknown>
  const nav = (kind: string) => (opts: { url?: string; delta?: number; success?: () => void }) => {
    fake.navigations.push({
      kind,
      ...(opts.url !== undefined && { url: opts.url }),
      ...(opts.delta !== undefined && { delta: opts.delta }),
    })
    opts.success?.()
    return Promise.resolve({ errMsg: `${kind}:ok` })
  }
  Object.assign(wx, {
    cloud: {
      init() {},
      async callFunction({ name, data }: { name: string; data: Record<string, unknown> }) {
        fake.calls.push({ name, event: data })
        if (fake.offline) throw new Error('cloud.callFunction:fail network')
        const handler = handlers.get(`${name}.${String(data.action)}`)
        if (!handler) throw new Error(`no canned answer for ${name}.${String(data.action)}`)
        return { result: await handler(data), errMsg: 'cloud.callFunction:ok', requestID: 'r' }
      },
    },
    requestPayment(
      opts: Record<string, unknown> & { success?: (r: unknown) => void; fail?: (e: unknown) => void },
    ) {
      fake.paymentCalls.push(opts)
      setTimeout(() => {
        if (fake.payment === 'success') opts.success?.({ errMsg: 'requestPayment:ok' })
        else if (fake.payment === 'cancel') opts.fail?.({ errMsg: 'requestPayment:fail cancel' })
        else opts.fail?.({ errMsg: 'requestPayment:fail 支付失败' })
      }, 0)
    },
    navigateTo: nav('navigateTo'),
    redirectTo: nav('redirectTo'),
    navigateBack: nav('navigateBack'),
    reLaunch: nav('reLaunch'),
    switchTab: nav('switchTab'),
    showToast(opts: { title: string }) {
      fake.toasts.push(opts.title)
    },
    showModal(opts: { title?: string; content?: string }) {
      fake.modals.push(opts)
      return Promise.resolve({ confirm: fake.modalConfirm, cancel: !fake.modalConfirm })
    },
    stopPullDownRefresh() {
      fake.pulledDown++
    },
    setEnableDebug() {},
    getStorageSync: (key: string) => (fake.storage.has(key) ? fake.storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) =>
      void fake.storage.set(key, JSON.parse(JSON.stringify(value))),
    removeStorageSync: (key: string) => void fake.storage.delete(key),
  })
  g.wx = wx
  g.getApp = () => ({ globalData: {} })
  g.getCurrentPages = () => Array.from({ length: fake.pageDepth }, () => ({}))
  g.requirePlugin = () => ({ getLiveStatus: () => Promise.resolve({ liveStatus: 101 }) })
  return fake
}
