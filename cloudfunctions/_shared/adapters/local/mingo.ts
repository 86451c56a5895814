/**
 * mingo's sub-path entry points. Our tsconfig resolves modules the classic `node` way, which ignores the
 * package's `exports` map, so the types come from mingo's `types/` folder and the code is required by its
 * exported sub-path. The sub-paths let us build small operator contexts (see engine.ts) instead of the
 * default one that registers every operator.
 */
import type * as ExpressionOperators from 'mingo/types/operators/expression'
import type * as QueryOperators from 'mingo/types/operators/query'
import type * as QueryModule from 'mingo/types/query'
import type * as UpdaterModule from 'mingo/types/updater'

/* eslint-disable @typescript-eslint/no-require-imports */
export const { Query } = require('mingo/query') as typeof QueryModule
export const { update } = require('mingo/updater') as typeof UpdaterModule
export const queryOperators = require('mingo/operators/query') as typeof QueryOperators
export const expressionOperators = require('mingo/operators/expression') as typeof ExpressionOperators
/* eslint-enable @typescript-eslint/no-require-imports */
