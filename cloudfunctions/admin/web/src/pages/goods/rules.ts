/** The goods form's inline rules: WeChat's goods/add limits and ours (SPEC 2), checked before sending. */
import type { FormRule } from 'tdesign-vue-next'
import { parseYuan, wechatUnits } from '../../utils/format'

const err = (message: string) => ({ result: false, message, type: 'error' as const })

export const NAME_RULE_TEXT = '3至14个汉字（1个汉字算2个字符，共6至28个字符）'
export const PRICE_RULE_TEXT = '单位元，最多两位小数，0.01 至 999999.99'

export function goodsRules(form: { quota: number | undefined }): Record<string, FormRule[]> {
  return {
    storeId: [{ required: true, message: '请选择出库门店', type: 'error' }],
    productCode: [
      { required: true, message: '请填写商品编码', type: 'error' },
      { max: 64, message: '商品编码最多64个字符', type: 'error' },
    ],
    unit: [
      { required: true, message: '请填写单位', type: 'error' },
      { max: 8, message: '单位最多8个字符', type: 'error' },
    ],
    packUnit: [
      { required: true, message: '请填写包装单位', type: 'error' },
      { max: 8, message: '包装单位最多8个字符', type: 'error' },
    ],
    name: [
      { required: true, message: '请填写直播展示品名', type: 'error' },
      {
        validator: (v: string) => {
          const n = wechatUnits(String(v ?? '').trim())
          return n >= 6 && n <= 28 ? true : err(`直播展示品名需为${NAME_RULE_TEXT}，当前${n}个字符`)
        },
      },
    ],
    quota: [
      { required: true, message: '请填写单场直播可抢数量', type: 'error' },
      {
        validator: (v: number) =>
          Number.isInteger(v) && v >= 1 ? true : err('单场直播可抢数量为不小于1的整数'),
      },
    ],
    perOrderLimit: [
      { required: true, message: '请填写每单限购数量', type: 'error' },
      {
        validator: (v: number) => {
          if (!Number.isInteger(v) || v < 1) return err('每单限购数量为不小于1的整数')
          if (form.quota !== undefined && v > form.quota) return err('每单限购数量不能大于单场直播可抢数量')
          return true
        },
      },
    ],
    price: [
      { required: true, message: '请填写直播优惠价', type: 'error' },
      {
        validator: (v: string) => {
          const fen = parseYuan(String(v ?? ''))
          return fen !== null && fen >= 1 && fen <= 99_999_999 ? true : err(`直播优惠价${PRICE_RULE_TEXT}`)
        },
      },
    ],
    grabTiming: [{ required: true, message: '请选择抢购时机', type: 'error' }],
  }
}
