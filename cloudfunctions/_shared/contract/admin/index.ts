/**
 * The back office's routes (ADMIN_API.md), declared once: `'METHOD path'` under /admin/api/ → input
 * schema, who may call it, and the type of its answer. Pure (zod and typings/ only): the page compiles
 * against it through `typings/admin.d.ts`; `runtime/admin-routes.ts` attaches the handlers, checked
 * against these declarations, and `runtime/admin.ts` mounts them.
 */
import type {
  AuditRow,
  CsvDownload,
  EnablementEvaluation,
  EnablementRecordView,
  ErpKeyView,
  FeedReport,
  GoodsRow,
  LotteryImportResult,
  LotteryMapping,
  LotteryRow,
  MeView,
  MonitorItem,
  MonitorSnapshot,
  OrderRow,
  Page,
  PrizeRow,
  RoomDetailView,
  RoomList,
  RoomRow,
  SettingsView,
  ShelfImportResult,
  StaffRow,
  StoreRow,
} from '../../../../typings/admin'
import type { SyncReport } from '../../../../typings/views'
import { declare, erp, guest, staff, type StaffRole } from '../define'
import { adminInputs } from './schemas'

/** Every staff member (an assistant read-only, or on the rooms assigned to them). */
const ALL: readonly StaffRole[] = ['owner', 'operator', 'assistant']
/** 店主 and 运营: goods, rooms, orders, lottery, feeds. */
const MANAGERS: readonly StaffRole[] = ['owner', 'operator']
/** 店主 only: staff, settings, the ERP key, the audit log, enabling live. */
const OWNER: readonly StaffRole[] = ['owner']
/** The room an assistant must be assigned to. */
const roomOf = (input: { roomId: number }): number => input.roomId

type Empty = Record<string, never>

export const adminContract = {
  'POST login': declare<MeView>()({ input: adminInputs['POST login'], caller: guest }),
  'POST logout': declare<Empty>()({ input: adminInputs['POST logout'], caller: staff(ALL) }),
  'GET me': declare<MeView>()({ input: adminInputs['GET me'], caller: staff(ALL) }),
  'GET stores': declare<{ items: StoreRow[] }>()({ input: adminInputs['GET stores'], caller: staff(ALL) }),
  'GET enablement': declare<{ record?: EnablementRecordView }>()({
    input: adminInputs['GET enablement'],
    caller: staff(MANAGERS),
  }),
  'POST enablement/check': declare<EnablementEvaluation>()({
    input: adminInputs['POST enablement/check'],
    caller: staff(MANAGERS),
  }),
  'POST enablement': declare<EnablementRecordView>()({
    input: adminInputs['POST enablement'],
    caller: staff(OWNER),
  }),
  'GET goods': declare<Page<GoodsRow>>()({ input: adminInputs['GET goods'], caller: staff(ALL) }),
  'POST goods': declare<GoodsRow>()({ input: adminInputs['POST goods'], caller: staff(MANAGERS) }),
  'PUT goods/:goodsId': declare<GoodsRow>()({
    input: adminInputs['PUT goods/:goodsId'],
    caller: staff(MANAGERS),
  }),
  'POST goods/:goodsId/withdraw': declare<GoodsRow>()({
    input: adminInputs['POST goods/:goodsId/withdraw'],
    caller: staff(MANAGERS),
  }),
  'POST goods/:goodsId/resubmit': declare<GoodsRow>()({
    input: adminInputs['POST goods/:goodsId/resubmit'],
    caller: staff(MANAGERS),
  }),
  'DELETE goods/:goodsId': declare<Empty>()({
    input: adminInputs['DELETE goods/:goodsId'],
    caller: staff(MANAGERS),
  }),
  'GET rooms': declare<RoomList>()({ input: adminInputs['GET rooms'], caller: staff(ALL) }),
  /** 同步: rooms, shelves and audit states from WeChat now; presses close together share one run. */
  'POST sync': declare<SyncReport>()({ input: adminInputs['POST sync'], caller: staff(MANAGERS) }),
  'GET rooms/:roomId': declare<RoomDetailView>()({
    input: adminInputs['GET rooms/:roomId'],
    caller: staff(ALL, roomOf),
  }),
  'POST rooms': declare<RoomRow>()({ input: adminInputs['POST rooms'], caller: staff(MANAGERS) }),
  'POST rooms/:roomId/sync': declare<RoomRow>()({
    input: adminInputs['POST rooms/:roomId/sync'],
    caller: staff(MANAGERS),
  }),
  'GET rooms/:roomId/share-code': declare<{ cdnUrl: string; pagePath: string; posterUrl: string }>()({
    input: adminInputs['GET rooms/:roomId/share-code'],
    caller: staff(MANAGERS),
  }),
  'GET rooms/:roomId/push-url': declare<{ pushAddr: string }>()({
    input: adminInputs['GET rooms/:roomId/push-url'],
    caller: staff(MANAGERS),
  }),
  'DELETE rooms/:roomId': declare<Empty>()({
    input: adminInputs['DELETE rooms/:roomId'],
    caller: staff(MANAGERS),
  }),
  'POST rooms/:roomId/goods': declare<ShelfImportResult>()({
    input: adminInputs['POST rooms/:roomId/goods'],
    caller: staff(ALL, roomOf),
  }),
  'DELETE rooms/:roomId/goods/:goodsId': declare<Empty>()({
    input: adminInputs['DELETE rooms/:roomId/goods/:goodsId'],
    caller: staff(MANAGERS),
  }),
  'GET rooms/:roomId/monitor': declare<MonitorSnapshot>()({
    input: adminInputs['GET rooms/:roomId/monitor'],
    caller: staff(ALL, roomOf),
  }),
  'POST rooms/:roomId/goods/:goodsId/grab': declare<MonitorItem>()({
    input: adminInputs['POST rooms/:roomId/goods/:goodsId/grab'],
    caller: staff(ALL, roomOf),
  }),
  'POST rooms/:roomId/goods/:goodsId/push': declare<Empty>()({
    input: adminInputs['POST rooms/:roomId/goods/:goodsId/push'],
    caller: staff(ALL, roomOf),
  }),
  'GET orders': declare<Page<OrderRow>>()({ input: adminInputs['GET orders'], caller: staff(MANAGERS) }),
  'GET orders/export': declare<CsvDownload>()({
    input: adminInputs['GET orders/export'],
    caller: staff(MANAGERS),
  }),
  'GET orders/:orderId': declare<OrderRow>()({
    input: adminInputs['GET orders/:orderId'],
    caller: staff(MANAGERS),
  }),
  'POST orders/:orderId/refund': declare<OrderRow>()({
    input: adminInputs['POST orders/:orderId/refund'],
    caller: staff(MANAGERS),
  }),
  'GET lottery/mapping': declare<{ mapping?: LotteryMapping }>()({
    input: adminInputs['GET lottery/mapping'],
    caller: staff(MANAGERS),
  }),
  'POST lottery/import': declare<LotteryImportResult>()({
    input: adminInputs['POST lottery/import'],
    caller: staff(MANAGERS),
  }),
  'GET lottery/lotteries': declare<{ items: LotteryRow[] }>()({
    input: adminInputs['GET lottery/lotteries'],
    caller: staff(MANAGERS),
  }),
  'PUT lottery/lotteries/:lotteryId': declare<LotteryRow>()({
    input: adminInputs['PUT lottery/lotteries/:lotteryId'],
    caller: staff(MANAGERS),
  }),
  'GET prizes': declare<Page<PrizeRow>>()({ input: adminInputs['GET prizes'], caller: staff(ALL) }),
  'GET prizes/export': declare<CsvDownload>()({
    input: adminInputs['GET prizes/export'],
    caller: staff(MANAGERS),
  }),
  'POST prizes/:code/redeem': declare<PrizeRow>()({
    input: adminInputs['POST prizes/:code/redeem'],
    caller: staff(MANAGERS),
  }),
  'POST prizes/:code/ship': declare<PrizeRow>()({
    input: adminInputs['POST prizes/:code/ship'],
    caller: staff(MANAGERS),
  }),
  'POST feeds/stores': declare<FeedReport>()({
    input: adminInputs['POST feeds/stores'],
    caller: staff(MANAGERS),
  }),
  'POST feeds/cards': declare<FeedReport>()({
    input: adminInputs['POST feeds/cards'],
    caller: staff(MANAGERS),
  }),
  'POST feeds/stock': declare<FeedReport>()({
    input: adminInputs['POST feeds/stock'],
    caller: staff(MANAGERS),
  }),
  'GET erp-key': declare<ErpKeyView>()({ input: adminInputs['GET erp-key'], caller: staff(OWNER) }),
  'POST erp-key': declare<{ key: string; createdAt: number; hint: string }>()({
    input: adminInputs['POST erp-key'],
    caller: staff(OWNER),
  }),
  'POST cards/:cardNo/unlock': declare<Empty>()({
    input: adminInputs['POST cards/:cardNo/unlock'],
    caller: staff(MANAGERS),
  }),
  'POST erp/stores': declare<FeedReport>()({ input: adminInputs['POST erp/stores'], caller: erp }),
  'POST erp/cards': declare<FeedReport>()({ input: adminInputs['POST erp/cards'], caller: erp }),
  'POST erp/stock': declare<FeedReport>()({ input: adminInputs['POST erp/stock'], caller: erp }),
  'GET settings': declare<SettingsView>()({ input: adminInputs['GET settings'], caller: staff(OWNER) }),
  'PUT settings': declare<SettingsView>()({ input: adminInputs['PUT settings'], caller: staff(OWNER) }),
  'GET staff': declare<{ items: StaffRow[] }>()({ input: adminInputs['GET staff'], caller: staff(OWNER) }),
  'POST staff': declare<StaffRow>()({ input: adminInputs['POST staff'], caller: staff(OWNER) }),
  'PUT staff/:username': declare<StaffRow>()({
    input: adminInputs['PUT staff/:username'],
    caller: staff(OWNER),
  }),
  'DELETE staff/:username': declare<Empty>()({
    input: adminInputs['DELETE staff/:username'],
    caller: staff(OWNER),
  }),
  'GET audit-log': declare<Page<AuditRow>>()({ input: adminInputs['GET audit-log'], caller: staff(OWNER) }),
}

export type AdminContract = typeof adminContract
export { adminInputs }
