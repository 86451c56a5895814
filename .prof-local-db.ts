import { Db } from '@cloudbase/database'
import { QuerySerializer } from '@cloudbase/database/dist/commonjs/serializer/query'
import { UpdateSerializer } from '@cloudbase/database/dist/commonjs/serializer/update'
import { Query, update } from 'mingo'
const db = new Db({}); const _ = db.command
const N = 20000
function t(label: string, f: () => void) { const s = process.hrtime.bigint(); for (let i = 0; i < N; i++) f(); console.log(label, (Number(process.hrtime.bigint() - s) / 1e3 / N).toFixed(2), 'µs') }
t('build cmds', () => { ({ _id: 'c', remaining: _.gte(1) }) })
t('encode query', () => { QuerySerializer.encode({ _id: 'c', remaining: _.gte(1) }) })
t('encode update', () => { UpdateSerializer.encode({ remaining: _.inc(-1), reserved: _.inc(1) }) })
t('mingo Query', () => { new Query({ _id: 'c', remaining: { $gte: 1 } }).test({ _id: 'c', remaining: 5 }) })
t('mingo update', () => { update({ _id: 'c', remaining: 5, reserved: 1 }, { $inc: { remaining: -1, reserved: 1 } }) })
let p = Promise.resolve()
const s = process.hrtime.bigint()
void (async () => { for (let i = 0; i < N; i++) await new Promise<void>((r) => setImmediate(r)); console.log('setImmediate', (Number(process.hrtime.bigint() - s) / 1e3 / N).toFixed(2), 'µs') })()
