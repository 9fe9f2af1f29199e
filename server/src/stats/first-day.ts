import { EARLIEST_DAY } from '@jangkau/shared'
import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'

/**
 * The first day with data, where "all time" begins: for the whole dashboard the first day with a
 * counted or imported view; for one article its publication day, or its first view when that came
 * earlier (or it has no date). Days in `timeZone`, the rollups' zone. Each part is one index lookup
 * (the rollups' primary key starts with grain and period; rollup_views has an article index).
 * Null when there is no data yet; never before EARLIEST_DAY, which the stats API refuses.
 */
export async function firstDayWithData(db: Db, timeZone: string, article?: number): Promise<string | null> {
  const parts =
    article === undefined
      ? sql`
          (select min(period) from rollup_segment_views where grain = 'day'),
          (select min(day) from imported_daily_views)`
      : sql`
          (select (published_at at time zone ${timeZone})::date from articles where id = ${article}),
          (select min(period) from rollup_views where grain = 'day' and article_id = ${article}),
          (select min(day) from imported_daily_views where article_id = ${article})`
  // least() skips nulls: a part without data does not count.
  const result = await sql<{ first_day: string | null }>`select to_char(least(${parts}), 'YYYY-MM-DD') as first_day`.execute(db)
  const first = result.rows[0]?.first_day ?? null
  return first !== null && first < EARLIEST_DAY ? EARLIEST_DAY : first
}
