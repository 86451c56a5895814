import type { SyncReport } from '../../../typings/views'
import { declare, timer } from './define'
import { empty } from './schemas'

/** sync: started by its timer trigger (staff start it from the back office); a member never can. */
export const syncContract = {
  run: declare<SyncReport>()({ input: empty, caller: timer }),
}
