/** The payment gateway (扫呗) as the use cases need it. */

export interface PrepayInput {
  /** Our trade number (terminal_trace). */
  outTradeNo: string
  amountFen: number
  openid: string
  /** Order body shown to the payer. */
  body: string
  /** Payment attempt creation time, epoch ms (→ terminal_time in Asia/Shanghai). */
  createdAt: number
  notifyUrl: string
}

export interface PrepayResult {
  /** 扫呗's own order number (out_trade_no in its replies). */
  gatewayTradeNo: string
  timeStamp: string
  nonceStr: string
  package: string
  signType: string
  paySign: string
}

export type GatewayTradeState =
  'SUCCESS' | 'NOTPAY' | 'CLOSED' | 'REFUND' | 'USERPAYING' | 'REVOKED' | 'PAYERROR'

export interface TradeQueryResult {
  state: GatewayTradeState
  amountFen?: number
  gatewayTradeNo?: string
  paidAt?: number
}

export interface RefundResult {
  refundNo: string
  state: 'SUCCESS' | 'REFUNDING' | 'FAIL'
}

/** A verified payment notification, reduced to what we check and record. */
export interface PaymentNotice {
  outTradeNo: string
  gatewayTradeNo: string
  amountFen: number
  merchantNo: string
  terminalId: string
  paidAt: number
  success: boolean
  raw: Record<string, unknown>
}

/**
 * 扫呗 (lcsw) payment gateway. Every call throws BizError (PAYMENT_ERROR / PAYMENT_UNAVAILABLE) on failure.
 * The terminal token never leaves the adapter.
 */
export interface PaymentGateway {
  /** /pay/open/minipay: the parameters for wx.requestPayment. */
  prepay(input: PrepayInput): Promise<PrepayResult>
  /** /pay/open/query. */
  query(outTradeNo: string, createdAt: number): Promise<TradeQueryResult>
  /**
   * /pay/open/refund with repeated_trace=1, so a retry with the same refund number is safe (a refused
   * duplicate answers the earlier refund's state). `createdAt` is the refund's own time (its terminal_time;
   * pass the same value to queryRefund). The paid order is found by `gatewayTradeNo` (扫呗's out_trade_no,
   * exact even when one outTradeNo has two 扫呗 orders) or else by outTradeNo + `payCreatedAt`
   * (the payment attempt's createdAt; defaults to `createdAt`).
   */
  refund(input: {
    outTradeNo: string
    refundNo: string
    amountFen: number
    createdAt: number
    gatewayTradeNo?: string
    payCreatedAt?: number
  }): Promise<RefundResult>
  /** /pay/open/queryrefund; `createdAt` as given to refund. */
  queryRefund(input: { refundNo: string; createdAt: number }): Promise<RefundResult>
  /** /pay/open/close. */
  close(outTradeNo: string, createdAt: number): Promise<void>
  /**
   * Verifies a notification body (signature by the terminal's token, constant-time) and parses it;
   * returns null when the signature or the merchant/terminal does not match.
   */
  verifyNotice(body: Record<string, unknown>): PaymentNotice | null
  /** The JSON body 扫呗 expects in reply to a notification. */
  noticeReply(ok: boolean): Record<string, unknown>
}
