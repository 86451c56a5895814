/**
 * Conversions between what callers hand to the database (objects built with the real `db.command`) and
 * what the emulator evaluates and stores. The real CloudBase serializers do the command → MongoDB work,
 * so the emulator sees exactly what CloudBase's server would see.
 */
import { QuerySerializer } from '@cloudbase/database/dist/commonjs/serializer/query'
import { UpdateSerializer } from '@cloudbase/database/dist/commonjs/serializer/update'
import { serialize } from '@cloudbase/database/dist/commonjs/serializer/datatype'
import { invalidParam } from './errors'

export type Plain = Record<string, unknown>

export function isPlainObject(value: unknown): value is Plain {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof RegExp)
  )
}

/** A `where` condition as MongoDB criteria for mingo. */
export function encodeQuery(condition: unknown, now: number): Plain {
  if (!isPlainObject(condition) && !isCommand(condition)) {
    throw invalidParam('where() expects an object condition')
  }
  if (isPlainObject(condition)) assertNotAllUndefined(condition)
  const encoded = QuerySerializer.encode(condition as Plain)
  return resolveMarkers(encoded, now) as Plain
}

/** `update({ data })` as MongoDB update operators (`$set` of dotted paths for plain objects, as CloudBase). */
export function encodeUpdate(data: unknown, now: number): Plain {
  assertDocumentData(data, 'update')
  return resolveMarkers(UpdateSerializer.encode(data), now) as Plain
}

/** `add`/`set` data as a stored document body; commands are refused, as the SDK's `set` does. */
export function encodeDocument(data: unknown, now: number, api: string): Plain {
  assertDocumentData(data, api)
  return resolveMarkers(serialize(data), now) as Plain
}

/** Aggregation stage arguments: `_.aggregate.*` operators are plain `{ $op: args }` holders already. */
export function encodeStage(stage: string, value: unknown, now: number): Plain {
  const arg = stage === '$match' ? QuerySerializer.encode(value as Plain) : serialize(value)
  return { [stage]: resolveMarkers(arg, now) }
}

/**
 * Replaces the SDK's wire markers with values mingo understands: `db.serverDate()` becomes the current
 * time as a JS Date (the emulator's stored representation), `$regularExpression` a RegExp. Also builds
 * fresh objects, so nothing stored is shared with the caller's input.
 */
export function resolveMarkers(value: unknown, now: number): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveMarkers(item, now))
  if (!isPlainObject(value)) return value
  if ('_internalType' in value) {
    throw invalidParam(
      'a db.command operator is not allowed here (e.g. update operators inside add/set data)',
    )
  }
  const serverDate = value['$tcb_server_date']
  if (isPlainObject(serverDate)) return new Date(now + Number(serverDate['offset'] ?? 0))
  const regex = value['$regularExpression']
  if (isPlainObject(regex)) return new RegExp(String(regex['pattern']), String(regex['options'] ?? ''))
  const out: Plain = {}
  for (const key of Object.keys(value)) out[key] = resolveMarkers(value[key], now)
  return out
}

/** Deep copy of stored data; documents handed out must never alias the cache. */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T
  if (value instanceof Date) return new Date(value.getTime()) as T
  if (!isPlainObject(value)) return value
  const out: Plain = {}
  for (const key of Object.keys(value)) out[key] = clone(value[key])
  return out as T
}

/** JSON for SQLite: Dates are kept as `{ "$date": ms }` so they come back as Dates. */
export function toJson(doc: Plain): string {
  return JSON.stringify(doc, function (this: Plain, key: string, value: unknown) {
    const raw = this[key]
    return raw instanceof Date ? { $date: raw.getTime() } : value
  })
}

export function fromJson(text: string): Plain {
  return JSON.parse(text, (_key, value: unknown) => {
    if (isPlainObject(value) && typeof value['$date'] === 'number' && Object.keys(value).length === 1) {
      return new Date(value['$date'])
    }
    return value
  }) as Plain
}

function isCommand(value: unknown): boolean {
  return typeof value === 'object' && value !== null && '_internalType' in value
}

function assertNotAllUndefined(condition: Plain): void {
  const keys = Object.keys(condition)
  if (keys.length > 0 && keys.every((key) => condition[key] === undefined)) {
    throw invalidParam('where() condition values must not all be undefined')
  }
}

function assertDocumentData(data: unknown, api: string): asserts data is Plain {
  if (!isPlainObject(data) || Object.keys(data).length === 0) {
    throw invalidParam(`${api}: options.data must be a non-empty object`)
  }
}
