/**
 * Errors shaped like wx-server-sdk's: an Error whose message starts with `<api>:fail`, with `errCode`
 * (and `code` for the transaction conflict, which is what the SDK's own retry loop looks at).
 */
export interface DbError extends Error {
  errCode: number
  errMsg: string
  code?: string
}

function dbError(api: string, errCode: number, detail: string, code?: string): DbError {
  const errMsg = `${api}:fail ${detail}`
  const error = new Error(errMsg) as DbError
  error.errCode = errCode
  error.errMsg = errMsg
  if (code !== undefined) error.code = code
  return error
}

export function invalidParam(detail: string): DbError {
  return dbError('database', -501001, `INVALID_PARAM ${detail}`, 'INVALID_PARAM')
}

export function notFound(id: string): DbError {
  return dbError('document.get', -1, `document with _id ${id} does not exist`)
}

export function duplicateId(collection: string, id: string): DbError {
  return dbError(
    'collection.add',
    -502001,
    `database request fail. E11000 duplicate key error collection: ${collection} index: _id_ dup key: { _id: "${id}" }`,
    'DATABASE_REQUEST_FAILED',
  )
}

export const TRANSACTION_CONFLICT = 'DATABASE_TRANSACTION_CONFLICT'

export function transactionConflict(attempts: number): DbError {
  return dbError(
    'database.runTransaction',
    -502002,
    `${TRANSACTION_CONFLICT} database transaction conflict (gave up after ${attempts} attempts)`,
    TRANSACTION_CONFLICT,
  )
}

export function isTransactionConflict(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as DbError).code === TRANSACTION_CONFLICT
}

export function closedError(): DbError {
  return dbError('database', -1, 'the local database is closed')
}
