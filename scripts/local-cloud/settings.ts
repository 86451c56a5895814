import type { SettingsRecord } from '../../cloudfunctions/_shared/model'

/** The merchant account the simulators know: the local stand-in for the real appid, secret and 扫呗 terminal. */
export const LOCAL_MERCHANT = {
  appid: 'wx0000000000000000',
  secret: 'local-secret-0123456789abcdef0123',
  saobei: {
    merchantNo: '852100000000001',
    terminalId: '10000001',
    token: '0123456789abcdef0123456789abcdef',
  },
}

/** Settings pointing at this local cloud's simulators; what the merchant changed is kept. */
export function localSettings(url: string, current?: Partial<SettingsRecord>): SettingsRecord {
  return {
    _id: 'main',
    wechat: { appid: LOCAL_MERCHANT.appid, secret: LOCAL_MERCHANT.secret, baseUrl: `${url}/sim/wechat` },
    saobei: {
      baseUrl: `${url}/sim/saobei`,
      ...LOCAL_MERCHANT.saobei,
      signScheme: current?.saobei?.signScheme ?? 'v2',
    },
    notifyUrl: `${url}/http/payNotify`,
    paymentTimeoutMin: current?.paymentTimeoutMin ?? 15,
    goodsPagePath: current?.goodsPagePath ?? 'pages/live-goods/index',
    liveEnabled: current?.liveEnabled ?? true,
    updatedAt: Date.now(),
  }
}
