/** 会员: who the member is, binding a card, prizes. */
import { call } from './api'

/** The caller's membership: bound card or not. */
export const fetchProfile = () => call('member', 'profile', {})

/** Binds a physical card with the phone on file for it. */
export const bindCard = (cardNo: string, phone: string) => call('member', 'bindCard', { cardNo, phone })

/** The caller's lottery prizes. */
export const fetchPrizes = () => call('member', 'prizes', {})

/** Links a 兑奖码 WeChat showed in the live room to the caller. */
export const claimPrize = (code: string) => call('member', 'claimPrize', { code })
