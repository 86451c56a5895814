import type { Repos } from '../../ports'
import type { CloudDb } from './cloud-db'
import { createCounterRepo } from './counters'
import { createMemberRepo, createRateLimiter } from './members'
import { createGoodsRepo, createStockRepo, createStoreRepo } from './catalog'
import { createRoomRepo, createShelfRepo } from './rooms'
import { createOrderRepo } from './orders'
import { createAuditLog, createLeaseRepo, createSettingsRepo, createSyncRepo } from './system'
import {
  createAuditQuery,
  createMetaRepo,
  createOrderQuery,
  createSessionRepo,
  createStaffRepo,
} from './back-office'
import { createLotteryRepo, createPrizeRepo } from './lottery'

/** Every repository over one database: `cloud.database()` in CloudBase, the emulator locally. */
export function createRepos(db: CloudDb): Repos {
  return {
    counters: createCounterRepo(db),
    members: createMemberRepo(db),
    rateLimiter: createRateLimiter(db),
    stores: createStoreRepo(db),
    stock: createStockRepo(db),
    goods: createGoodsRepo(db),
    rooms: createRoomRepo(db),
    shelf: createShelfRepo(db),
    orders: createOrderRepo(db),
    settings: createSettingsRepo(db),
    leases: createLeaseRepo(db),
    sync: createSyncRepo(db),
    audit: createAuditLog(db),
    prizes: createPrizeRepo(db),
    staff: createStaffRepo(db),
    lotteries: createLotteryRepo(db),
    sessions: createSessionRepo(db),
    meta: createMetaRepo(db),
    orderQuery: createOrderQuery(db),
    auditQuery: createAuditQuery(db),
  }
}
