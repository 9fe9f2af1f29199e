import { sql } from 'kysely'
import type { Db } from '../plugins/db.ts'

/**
 * Page views of existing articles, column by column. The three text columns are dictionary-coded:
 * `referrer[i]` is an index into `referrerHosts` (0-based), likewise device and browser, so that a
 * chunk of ten thousand rows sends a few short lists instead of thirty thousand strings.
 */
export interface PageViewColumns {
  /** Milliseconds since 1970-01-01 UTC. */
  occurredAt: number[]
  siteId: number[]
  articleId: number[]
  /** Whole numbers of at most 2^53 (exact as JS numbers), stored as bigint. */
  visitorHash: number[]
  referrer: number[]
  device: number[]
  browser: number[]
  referrerHosts: (string | null)[]
  devices: string[]
  browsers: string[]
}

/**
 * Appends page views with one multi-row statement (arrays unnested into rows). Unlike ingest's
 * insertPageViews it neither creates articles nor touches articles.views or the rollups: for bulk
 * loads (demo data) that recount both afterwards (recountArticleViews, rebuildRollups).
 */
export async function appendPageViews(db: Db, views: PageViewColumns): Promise<void> {
  if (views.occurredAt.length === 0) return
  await sql`
    insert into page_views (occurred_at, site_id, article_id, visitor_hash, referrer_host, device, browser)
    select to_timestamp(v.at_ms / 1000.0), v.site_id, v.article_id, v.visitor_hash::bigint,
           (${views.referrerHosts}::text[])[v.referrer + 1],
           (${views.devices}::text[])[v.device + 1],
           (${views.browsers}::text[])[v.browser + 1]
    from unnest(
      ${views.occurredAt}::float8[],
      ${views.siteId}::int[],
      ${views.articleId}::int[],
      ${views.visitorHash}::float8[],
      ${views.referrer}::int[],
      ${views.device}::int[],
      ${views.browser}::int[]
    ) as v(at_ms, site_id, article_id, visitor_hash, referrer, device, browser)
  `.execute(db)
}
