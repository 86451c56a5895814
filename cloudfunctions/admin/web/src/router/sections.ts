/**
 * The back office's sections: path, title and the access code that opens each, in menu order. Kept apart
 * from the router so the layout and the login page can read them without importing the router.
 */
import { can, type AccessCode } from '../access'

export type SectionName =
  | 'enablement'
  | 'goods'
  | 'rooms'
  | 'shelf'
  | 'monitor'
  | 'orders'
  | 'lottery'
  | 'feeds'
  | 'settings'
  | 'staff'
  | 'audit-log'

export interface Section {
  name: SectionName
  /** The hash path; `:roomId?` where a room can be preselected. */
  path: string
  title: string
  code: AccessCode
}

export const SECTIONS: Section[] = [
  { name: 'enablement', path: 'enablement', title: '开通直播', code: 'enablement:view' },
  { name: 'goods', path: 'goods', title: '商品库管理', code: 'goods:view' },
  { name: 'rooms', path: 'rooms', title: '直播间管理', code: 'rooms:view' },
  { name: 'shelf', path: 'shelf/:roomId?', title: '直播间导入商品', code: 'shelf:write' },
  { name: 'monitor', path: 'monitor/:roomId?', title: '直播间实时监控', code: 'monitor:view' },
  { name: 'orders', path: 'orders', title: '订单', code: 'orders:view' },
  { name: 'lottery', path: 'lottery', title: '抽奖兑奖', code: 'lottery:view' },
  { name: 'feeds', path: 'feeds', title: '数据对接', code: 'feeds:write' },
  { name: 'settings', path: 'settings', title: '设置', code: 'settings' },
  { name: 'staff', path: 'staff', title: '员工', code: 'staff' },
  { name: 'audit-log', path: 'audit-log', title: '操作日志', code: 'audit-log' },
]

/** '/monitor' for 'monitor/:roomId?'. */
export const menuPath = (s: Section): string => `/${s.path.replace(/\/:.*$/, '')}`

/** The sections the signed-in role may open, in menu order. */
export function allowedSections(): Section[] {
  return SECTIONS.filter((s) => can(s.code))
}

/** The first section the signed-in role may open (the assistant's is the live monitor). */
export function homeRoute(): string {
  // an assistant works in the live monitor; the others start at the top of the menu
  if (can('monitor:view') && !can('goods:write')) return '/monitor'
  const first = allowedSections().find((s) => s.name !== 'shelf')
  return first ? menuPath(first) : '/login'
}
