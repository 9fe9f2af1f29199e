import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'

/**
 * Page views of existing articles, column by column. The article and the three text columns are
 * dictionary-coded: `article[i]` is an index into `articleIds` and `articleSiteIds` (0-based),
 * `referrer[i]` into `referrerHosts`, likewise device and browser, so that a chunk of ten thousand
 * rows sends a few short lists instead of forty thousand ids and strings.
 */
export interface PageViewColumns {
  /** Whole milliseconds since 1970-01-01 UTC. */
  occurredAt: number[]
  article: number[]
  /** Whole numbers of at most 2^53 (exact as JS numbers), stored as bigint. */
  visitorHash: number[]
  referrer: number[]
  device: number[]
  browser: number[]
  articleIds: number[]
  /** The site of each article, in the order of articleIds. */
  articleSiteIds: number[]
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
  // Every parameter array is written out as text and parsed again, per element: on PGlite that is
  // most of this statement's cost. Hence one array fewer (the site comes with the article), bigint
  // rather than float8 (parsed twice as fast), and exact interval arithmetic instead of to_timestamp.
  await sql`
    insert into page_views (occurred_at, site_id, article_id, visitor_hash, referrer_host, device, browser)
    select timestamptz 'epoch' + v.at_ms * interval '1 millisecond',
           (${views.articleSiteIds}::int[])[v.article + 1],
           (${views.articleIds}::int[])[v.article + 1],
           v.visitor_hash,
           (${views.referrerHosts}::text[])[v.referrer + 1],
           (${views.devices}::text[])[v.device + 1],
           (${views.browsers}::text[])[v.browser + 1]
    from unnest(
      ${views.occurredAt}::bigint[],
      ${views.article}::int[],
      ${views.visitorHash}::bigint[],
      ${views.referrer}::int[],
      ${views.device}::int[],
      ${views.browser}::int[]
    ) as v(at_ms, article, visitor_hash, referrer, device, browser)
  `.execute(db)
}
