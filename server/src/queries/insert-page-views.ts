import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'

/**
 * What the article catalogue learns from a page view; fills only fields that are still empty. Title
 * and author stay unverified (title_source / author_source 'view') until the feed or an admin confirms them.
 */
export interface ArticleHint {
  title: string | null
  categoryId: number | null
  /** The category text as the portal sent it (kept on the article when it has none yet). */
  categoryText?: string | null
  regionCode: string | null
  author: string | null
  publishedAt: Date | null
}

export interface PageViewRow {
  occurredAt: Date
  siteId: number
  /** Normalised article URL (see normaliseArticleUrl). */
  url: string
  visitorHash: string
  referrerHost: string | null
  device: string
  browser: string
  article: ArticleHint
}

/**
 * Stores a batch of page views in one statement: resolves or creates each article by URL (adding the
 * batch's views to its public counter), appends the raw views with one multi-row insert from arrays,
 * and puts their ids in rollup_queue. The rollups are counted later, off the answer's path, by
 * drainRollupQueue (in the background, and before every read of the rollups). A view is never
 * stored without its counter or without being queued: it is one statement.
 */
export async function insertPageViews(db: Db, rows: PageViewRow[]): Promise<void> {
  if (rows.length === 0) return
  // One entry per article, sorted by URL so concurrent writers lock article rows in the same order.
  const perArticle = new Map<string, { row: PageViewRow; views: number }>()
  for (const row of rows) {
    const seen = perArticle.get(row.url)
    if (seen) seen.views++
    else perArticle.set(row.url, { row, views: 1 })
  }
  const articles = [...perArticle.values()].sort((a, b) => (a.row.url < b.row.url ? -1 : 1))

  await sql`
    with touched as (
      insert into articles (site_id, url, title, category_id, category_text, region_code, author, published_at, views)
      -- A category an admin mapped onto another since the caller's cache was loaded stands for that other.
      select v.site_id, v.url, v.title, (select coalesce(c.merged_into, c.id) from categories c where c.id = v.category_id),
        v.category_text, v.region_code, v.author, v.published_at, v.views
      from unnest(
        ${articles.map((a) => a.row.siteId)}::int[],
        ${articles.map((a) => a.row.url)}::text[],
        ${articles.map((a) => a.row.article.title)}::text[],
        ${articles.map((a) => a.row.article.categoryId)}::int[],
        ${articles.map((a) => a.row.article.categoryText ?? null)}::text[],
        ${articles.map((a) => a.row.article.regionCode)}::text[],
        ${articles.map((a) => a.row.article.author)}::text[],
        ${articles.map((a) => a.row.article.publishedAt?.toISOString() ?? null)}::timestamptz[],
        ${articles.map((a) => a.views)}::bigint[]
      ) as v(site_id, url, title, category_id, category_text, region_code, author, published_at, views)
      on conflict (url) do update set
        views = articles.views + excluded.views,
        -- A title or author confirmed by the portal feed or an admin is never replaced by a view.
        title = case when articles.title_source = 'view' then coalesce(articles.title, excluded.title) else articles.title end,
        category_id = coalesce(articles.category_id, excluded.category_id),
        category_text = coalesce(articles.category_text, excluded.category_text),
        region_code = coalesce(articles.region_code, excluded.region_code),
        author = case when articles.author_source = 'view' then coalesce(articles.author, excluded.author) else articles.author end,
        published_at = coalesce(articles.published_at, excluded.published_at)
      returning id, url
    ),
    stored as (
      insert into page_views (occurred_at, site_id, article_id, visitor_hash, referrer_host, device, browser)
      select v.occurred_at, v.site_id, touched.id, v.visitor_hash, v.referrer_host, v.device, v.browser
      from unnest(
        ${rows.map((r) => r.occurredAt.toISOString())}::timestamptz[],
        ${rows.map((r) => r.siteId)}::int[],
        ${rows.map((r) => r.url)}::text[],
        ${rows.map((r) => r.visitorHash)}::bigint[],
        ${rows.map((r) => r.referrerHost)}::text[],
        ${rows.map((r) => r.device)}::text[],
        ${rows.map((r) => r.browser)}::text[]
      ) as v(occurred_at, site_id, url, visitor_hash, referrer_host, device, browser)
      join touched on touched.url = v.url
      returning id
    )
    insert into rollup_queue (page_view_id)
    select id from stored
  `.execute(db)
}
