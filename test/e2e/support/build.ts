/** The back office page for the browser tests: the same builder as npm start (scripts/admin-page.ts). */
export { ensureBuilt, firstLoadSizes, PUBLIC, WEB } from '../../../scripts/admin-page'
