import { addDays, dayIn } from '@jangkau/shared'
import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'

/**
 * Deletes what the recent rollups no longer need at `now`: hours older than 48 hours, minutes older
 * than 2 hours, and the visitors seen before yesterday (the daily salt means no view of such a day can
 * arrive any more: ingest stamps views with the current time). Day and month rollups are kept forever.
 */
export async function pruneRollups(db: Db, now: Date, timeZone: string): Promise<void> {
  const hourLimit = new Date(now.getTime() - 48 * 3600_000).toISOString()
  const minuteLimit = new Date(now.getTime() - 2 * 3600_000).toISOString()
  await db.deleteFrom('rollup_hours').where('hour', '<', sql<Date>`date_trunc('hour', ${hourLimit}::timestamptz, 'UTC')`).execute()
  await db.deleteFrom('rollup_minutes').where('minute', '<', sql<Date>`date_trunc('minute', ${minuteLimit}::timestamptz, 'UTC')`).execute()
  const yesterday = addDays(dayIn(now, timeZone), -1)
  await db.deleteFrom('rollup_visitors_seen').where('day', '<', sql<Date>`${yesterday}::date`).execute()
}
