import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'

/** One checked row of a daily-views import (catalog/daily-view-rows.ts checks the CSV). */
export interface DailyViewsRow {
  /** Normalised as ingest does, so imported days and counted views meet on one article. */
  url: string
  siteId: number
  /** YYYY-MM-DD, a calendar day in the report time zone. */
  day: string
  views: number
}

const CHUNK = 5000

/**
 * Stores the portal's historic daily counts. Run inside a transaction: the whole file applies or
 * none of it. Articles not yet known are created (as ingest would on their first view). A day already
 * imported takes the file's count (a re-import replaces, never adds), and each touched article's
 * imported_views is recomputed from its days, so the counter stays one row read.
 */
export async function importDailyViews(
  db: Db,
  rows: DailyViewsRow[],
): Promise<{ articlesCreated: number; daysAdded: number; daysChanged: number }> {
  let articlesCreated = 0
  let daysAdded = 0
  let daysChanged = 0
  const touched = new Set<number>()
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK)
    const urls = [...new Map(chunk.map((r) => [r.url, r.siteId])).entries()]
    // A new article takes its site's default region, as ingest gives it to a first view.
    const created = await sql<{ id: number }>`
      insert into articles (site_id, url, region_code)
      select v.site_id, v.url, s.region_code
      from unnest(${urls.map(([, siteId]) => siteId)}::int[], ${urls.map(([url]) => url)}::text[]) as v(site_id, url)
      join sites s on s.id = v.site_id
      on conflict (url) do nothing
      returning id
    `.execute(db)
    articlesCreated += created.rows.length

    // Rows whose count is new or different come back; xmax = 0 tells an insert from an update.
    const written = await sql<{ article_id: number; inserted: boolean }>`
      insert into imported_daily_views (article_id, day, views)
      select a.id, v.day, v.views
      from unnest(${chunk.map((r) => r.url)}::text[], ${chunk.map((r) => r.day)}::date[],
        ${chunk.map((r) => r.views)}::int[]) as v(url, day, views)
      join articles a on a.url = v.url
      on conflict (article_id, day) do update set views = excluded.views
        where imported_daily_views.views is distinct from excluded.views
      returning article_id, (xmax = 0) as inserted
    `.execute(db)
    for (const row of written.rows) {
      touched.add(row.article_id)
      if (row.inserted) daysAdded++
      else daysChanged++
    }
  }
  if (touched.size > 0) {
    await sql`
      update articles a set imported_views = coalesce((select sum(d.views) from imported_daily_views d where d.article_id = a.id), 0)
      where a.id = any(${[...touched]}::int[])
    `.execute(db)
  }
  return { articlesCreated, daysAdded, daysChanged }
}
