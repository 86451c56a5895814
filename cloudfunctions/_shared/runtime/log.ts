/** One JSON line per event, as CloudBase's log search reads them. */
export function logError(fields: Record<string, unknown>): void {
  console.error(JSON.stringify({ level: 'error', at: new Date().toISOString(), ...fields }))
}

export function logInfo(fields: Record<string, unknown>): void {
  if (process.env.QUIET_LOGS) return
  console.log(JSON.stringify({ level: 'info', at: new Date().toISOString(), ...fields }))
}
