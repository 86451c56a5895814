import { callable } from '../_shared/runtime/callable'
import { implement } from '../_shared/runtime/actions'
import { syncContract } from '../_shared/contract/sync'
import { runSync } from '../_shared/app/sync'

// the timer of config.json sends CloudBase's `{ Type: 'Timer', TriggerName, Time }`: it runs `run`
export const main = callable('sync', implement(syncContract, { run: (_, { c }) => runSync(c) }), {
  timer: 'run',
})
