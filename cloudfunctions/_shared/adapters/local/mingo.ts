/**
 * mingo's sub-path entry points: they let us build small operator contexts (see engine.ts) instead of
 * the default one that registers every operator.
 */
import type * as ExpressionOperators from 'mingo/operators/expression'
import type * as QueryOperators from 'mingo/operators/query'
import type * as QueryModule from 'mingo/query'
import type * as UpdaterModule from 'mingo/updater'

/* eslint-disable @typescript-eslint/no-require-imports */
export const { Query } = require('mingo/query') as typeof QueryModule
export const { update } = require('mingo/updater') as typeof UpdaterModule
export const queryOperators = require('mingo/operators/query') as typeof QueryOperators
export const expressionOperators = require('mingo/operators/expression') as typeof ExpressionOperators
/* eslint-enable @typescript-eslint/no-require-imports */
