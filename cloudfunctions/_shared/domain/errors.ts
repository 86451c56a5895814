import type { ApiError, ErrorCode } from '../../../typings/api'

/** The Chinese message people read for each error code; one place, exhaustive by type. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  INVALID_INPUT: '请求参数不正确',
  UNKNOWN_ACTION: '不支持的操作',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限执行此操作',
  NOT_FOUND: '记录不存在',
  CONFLICT: '数据已被修改，请刷新后重试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL_ERROR: '系统繁忙，请稍后再试',
  PAYLOAD_TOO_LARGE: '请求内容过大，请分批提交',
  SERVICE_STARTING: '服务正在启动，请稍后重试',

  CARD_BIND_FAILED: '卡号或手机号不正确，请核对后重试',
  CARD_ALREADY_BOUND: '该会员卡已被其他微信绑定，请到门店处理',
  ALREADY_BOUND: '您已绑定会员卡',
  BIND_ATTEMPTS_EXCEEDED: '绑定尝试次数过多，请稍后再试；如需帮助请联系开卡门店',

  NOT_MEMBER: '请先绑定实体会员卡后再下单',
  ROOM_NOT_FOUND: '直播间不存在',
  NOT_LIVE: '直播还没有开始，开播后才能下单',
  PAUSED: '直播暂停中，主播恢复直播后可继续下单',
  ENDED: '直播已结束，不能再以直播价下单',
  NOT_ON_SHELF: '该商品不在本直播间货架上',
  GRAB_CLOSED: '该商品暂未开放抢购，请等待主播上链接',
  OVER_LIMIT: '超出每单限购数量',
  SOLD_OUT: '本场直播该商品已抢完',
  OUT_OF_STOCK: '门店库存不足',
  ORDER_NOT_FOUND: '订单不存在',
  ORDER_NOT_PENDING: '订单当前状态不能执行此操作',
  ORDER_ABANDONED: '上一次下单没有完成，请重新下单',
  LIVE_STATE_UNAVAILABLE: '暂时无法确认直播状态，请稍后再试',

  ROOM_TITLE_LENGTH: '直播标题需为3至17个汉字（一个汉字按两个字符计）',
  ANCHOR_NAME_LENGTH: '主播昵称需为2至15个汉字（一个汉字按两个字符计）',
  ROOM_START_TOO_SOON: '开播时间需晚于当前时间10分钟',
  ROOM_START_TOO_LATE: '开播时间不能晚于6个月后',
  ROOM_DURATION: '直播时长需在30分钟至24小时之间',
  ROOM_DAILY_LIMIT: '每个商户每天最多创建50场直播',
  STORE_MISMATCH: '只能导入出库门店为开播门店的商品',
  STORE_NOT_FOUND: '门店不存在',
  GOODS_NAME_LENGTH: '直播展示品名需为3至14个汉字（一个汉字按两个字符计）',
  GOODS_PRICE: '直播优惠价需为大于0的整数分',
  GOODS_QUOTA: '单场直播可抢数量至少为1',
  GOODS_LIMIT: '每单限购数量需在1至单场直播可抢数量之间',
  GOODS_NOT_APPROVED: '商品尚未通过微信审核，不能导入直播间',
  GOODS_AUDIT_STATE: '商品当前审核状态不允许此操作',
  STALE_FEED: '数据比已有数据旧，已忽略',

  WECHAT_ERROR: '微信接口返回错误',
  WECHAT_RATE_LIMITED: '微信接口调用太频繁，请稍后再试',
  WECHAT_QUOTA_EXCEEDED: '今日微信接口调用次数已达上限，请明天再试',
  WECHAT_UNAVAILABLE: '暂时无法连接微信，请稍后再试',
  PAYMENT_ERROR: '支付服务返回错误',
  PAYMENT_UNAVAILABLE: '暂时无法连接支付服务，请稍后再试',
}

/** True when `code` is one of the catalogue's codes (own keys only: never a prototype's name). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code)
}

/**
 * What a member reads instead, where the catalogue's line is the merchant's (an outside service's
 * trouble is the merchant's task, not the member's): the member is told to wait, never what to reset.
 */
export const MEMBER_MESSAGES: Partial<Record<ErrorCode, string>> = {
  WECHAT_ERROR: '直播服务暂时不可用，请稍后再试',
  WECHAT_RATE_LIMITED: '当前下单人数较多，请稍后再试',
  WECHAT_QUOTA_EXCEEDED: '直播服务繁忙，请稍后再试',
  WECHAT_UNAVAILABLE: '暂时无法确认直播状态，请稍后再试',
  PAYMENT_ERROR: '支付服务暂时不可用，请稍后再试',
  PAYMENT_UNAVAILABLE: '支付服务暂时不可用，请稍后再试',
}

/** An error as a member sees it: the member's wording, and no raw details of an outside service. */
export function forMember(error: ApiError): ApiError {
  const message = MEMBER_MESSAGES[error.code] ?? error.message
  return error.code === 'INVALID_INPUT' && error.details
    ? { code: error.code, message, details: error.details }
    : { code: error.code, message }
}

/** A business rule said no: carries a stable code and a message for people; never a stack to callers. */
export class BizError extends Error {
  readonly code: ErrorCode
  readonly details: Record<string, unknown> | undefined

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    // a refusal is an answer, not a fault: its stack is never shown, so do not pay for capturing it
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(message ?? ERROR_MESSAGES[code])
    Error.stackTraceLimit = limit
    this.name = 'BizError'
    this.code = code
    this.details = details
  }

  /** The error as callers see it. */
  toApiError(): ApiError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }
}

/** True when `e` is a BizError carrying `code` (or any BizError when no code is given). */
export function isBizError(e: unknown, code?: ErrorCode): e is BizError {
  return e instanceof BizError && (code === undefined || e.code === code)
}
