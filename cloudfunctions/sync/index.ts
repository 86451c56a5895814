import { callable, openAction } from '../_shared/runtime/callable'
import { empty } from '../_shared/runtime/schemas'
import { runSync } from '../_shared/app/sync'

export const main = callable(
  'sync',
  { run: openAction(empty, (_, { c }) => runSync(c)) },
  { timerAction: 'run' },
)
