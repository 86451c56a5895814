import { update as upd2 } from 'mingo/updater'
import { Query as Q2 } from 'mingo/query'
import { Context } from 'mingo'
import * as queryOps from 'mingo/operators/query'
import { update, Query } from 'mingo'
const N = 20000
function t(label: string, f: () => void) { const s = process.hrtime.bigint(); for (let i = 0; i < N; i++) f(); console.log(label, (Number(process.hrtime.bigint() - s) / 1e3 / N).toFixed(2), 'µs') }
t('mingo update', () => { update({ _id: 'c', remaining: 5, reserved: 1 }, { $inc: { remaining: -1, reserved: 1 } }) })
t('updater update', () => { upd2({ _id: 'c', remaining: 5, reserved: 1 }, { $inc: { remaining: -1, reserved: 1 } }) })
console.log(upd2({ _id: 'c', a: [1], remaining: 5, reserved: 1 }, { $inc: { remaining: -1, reserved: 1 }, $push: { a: { $each: [2] } }, $set: { 'x.y': 1 } }))
t('mingo Query', () => { new Query({ _id: 'c', remaining: { $gte: 1 } }).test({ _id: 'c', remaining: 5 }) })
const ctx = Context.init({ query: queryOps as any })
t('query/Query ctx', () => { new Q2({ _id: 'c', remaining: { $gte: 1 } }, { context: ctx }).test({ _id: 'c', remaining: 5 }) })
console.log(new Q2({ $or: [{ a: { $in: [1] } }, { b: { $exists: true } }] }, { context: ctx }).test({ b: 1 }))
import * as exprOps from 'mingo/operators/expression'
const ctx2 = Context.init({ query: queryOps as any, expression: exprOps as any })
t('query/Query ctx+expr', () => { new Q2({ _id: 'c', remaining: { $gte: 1 } }, { context: ctx2 }).test({ _id: 'c', remaining: 5 }) })
console.log(new Q2({ $expr: { $gt: [{ $add: ['$a', 1] }, 2] } }, { context: ctx2 }).test({ a: 5 }))
try { console.log(new Q2({ $expr: { $gt: [{ $add: ['$a', 1] }, 2] } }, { context: ctx }).test({ a: 5 })) } catch (e) { console.log('ERR', String(e)) }
