/**
 * The back office API, as the server declares it (typings/admin.d.ts, derived from the route
 * declarations). The page imports its types only from here, and this file only from typings/.
 */
import type { AdminRequest, AdminRouteKey, AdminResponse } from '../../../../../typings/admin'

export type {
  AdminRoutes,
  AuditRow,
  EnablementEvaluation,
  EnablementRecordView as EnablementRecord,
  EnablementRuleView,
  ErpKeyView,
  FeedReport,
  GoodsRow,
  LotteryImportResult,
  LotteryImportRow,
  LotteryMapping,
  LotteryRow,
  MeView as Session,
  MonitorItem,
  MonitorSnapshot,
  OrderRow,
  Page as Paged,
  PrizeRow,
  RoomDetailView,
  RoomList,
  RoomRow,
  SalesMinute,
  SettingsView,
  ShelfImportResult,
  StaffRole as Role,
  StaffRow,
  StoreRow,
} from '../../../../../typings/admin'
export type {
  AuditStatus,
  GrabTiming,
  LiveStatus,
  OrderStatus,
  PrizeState,
  RefundView,
  RoomState,
} from '../../../../../typings/views'

export type RouteKey = AdminRouteKey
export type RequestOf<R extends RouteKey> = AdminRequest<R>
export type ResponseOf<R extends RouteKey> = AdminResponse<R>

export type GoodsInput = AdminRequest<'POST goods'>
export type ImageInput = GoodsInput['cover']
export type RoomInput = AdminRequest<'POST rooms'>
export type EnablementFigures = AdminRequest<'POST enablement/check'>['figures']
export type SettingsInput = AdminRequest<'PUT settings'>
