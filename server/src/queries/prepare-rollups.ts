import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'
import { rebuildRollups } from './rebuild-rollups.ts'

/**
 * Makes the rollups count days in `timeZone` (the report zone). Called at start: on a new database it
 * records the zone (nothing to count yet); after an upgrade that added the rollups, or when
 * REPORT_TIME_ZONE changed, it recomputes them all from page_views, once. Returns true when it rebuilt.
 */
export async function prepareRollups(db: Db, timeZone: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    // The row lock makes a second server starting at the same time wait, then find the work done.
    const current = await sql<{ time_zone: string | null }>`select time_zone from rollup_settings where id = 1 for update`.execute(trx)
    if (current.rows[0]?.time_zone === timeZone) return false
    await trx.updateTable('rollup_settings').set({ time_zone: timeZone }).where('id', '=', 1).execute()
    await rebuildRollups(trx)
    return true
  })
}
