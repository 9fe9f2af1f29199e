import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'
import type { KimActivityValues } from './kim-activities.ts'

/** Rows per statement: 50,000 rows are ten statements. */
const CHUNK = 5000

/**
 * Stores many validated activities, one multi-row statement per chunk (arrays unnested into rows).
 * Run inside the import's transaction, so that a failure stores nothing. `onProgress` hears how
 * many rows are written so far. `at` (the app's clock) stamps created_at.
 */
export async function importKimActivities(
  db: Db,
  activities: KimActivityValues[],
  at: Date,
  onProgress: (written: number) => void = () => {},
): Promise<number> {
  for (let start = 0; start < activities.length; start += CHUNK) {
    const chunk = activities.slice(start, start + CHUNK)
    const column = <T>(pick: (a: KimActivityValues) => T) => chunk.map(pick)
    await sql`
      insert into kim_activities (group_id, type, title, date, participants, content_items, article_url, notes, created_at)
      select *, ${at.toISOString()}::timestamptz from unnest(
        ${column((a) => a.groupId)}::int[],
        ${column((a) => a.type)}::text[],
        ${column((a) => a.title)}::text[],
        ${column((a) => a.date)}::date[],
        ${column((a) => a.participants)}::int[],
        ${column((a) => a.contentItems)}::int[],
        ${column((a) => a.articleUrl)}::text[],
        ${column((a) => a.notes)}::text[]
      )
    `.execute(db)
    onProgress(start + chunk.length)
  }
  return activities.length
}
