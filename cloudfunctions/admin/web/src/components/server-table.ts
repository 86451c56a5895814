/** What a page may ask of its ServerTable (a template ref). */
export interface ServerTableApi {
  /** Reloads the current page; `quiet` keeps the rows on screen (polling). */
  load(quiet?: boolean): Promise<void>
  /** Back to page 1 with the current filters. */
  search(): Promise<void>
  /** Replaces one row in place with the fresh row a write answered. */
  patch<R extends object>(match: (row: R) => boolean, fresh: R): void
}
