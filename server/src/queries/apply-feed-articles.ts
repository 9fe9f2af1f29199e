import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'

/** One article as the portal's own feed lists it; null = the feed does not say. */
export interface FeedArticleRow {
  /** Normalised (normaliseArticleUrl), on the site's host; unique within one call. */
  url: string
  title: string | null
  categoryId: number | null
  author: string | null
  publishedAt: Date | null
}

const CHUNK = 2000

/**
 * Stores what the portal's feed says about its articles: creates the new ones (with the site's
 * region, as ingest would) and, for known ones, takes the feed's title, author, category and
 * publication time where the feed gives them. A title or author from the feed counts as confirmed
 * ('feed'); one an admin set stays as the admin set it. Run inside a transaction (all or nothing).
 */
export async function applyFeedArticles(
  db: Db,
  site: { id: number; regionCode: string | null },
  rows: FeedArticleRow[],
): Promise<{ created: number; updated: number }> {
  let created = 0
  let updated = 0
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK)
    const result = await sql<{ inserted: boolean }>`
      insert into articles (site_id, url, title, category_id, region_code, author, published_at, title_source, author_source)
      select ${site.id}, v.url, v.title, v.category_id, ${site.regionCode}::text, v.author, v.published_at,
        case when v.title is null then 'view' else 'feed' end,
        case when v.author is null then 'view' else 'feed' end
      from unnest(
        ${chunk.map((r) => r.url)}::text[],
        ${chunk.map((r) => r.title)}::text[],
        ${chunk.map((r) => r.categoryId)}::int[],
        ${chunk.map((r) => r.author)}::text[],
        ${chunk.map((r) => r.publishedAt?.toISOString() ?? null)}::timestamptz[]
      ) as v(url, title, category_id, author, published_at)
      on conflict (url) do update set
        title = case when excluded.title is not null and articles.title_source <> 'admin' then excluded.title else articles.title end,
        title_source = case when excluded.title is not null and articles.title_source <> 'admin' then 'feed' else articles.title_source end,
        author = case when excluded.author is not null and articles.author_source <> 'admin' then excluded.author else articles.author end,
        author_source = case when excluded.author is not null and articles.author_source <> 'admin' then 'feed'
          else articles.author_source end,
        category_id = coalesce(excluded.category_id, articles.category_id),
        published_at = coalesce(excluded.published_at, articles.published_at)
      returning (xmax = 0) as inserted
    `.execute(db)
    const inserted = result.rows.filter((r) => r.inserted).length
    created += inserted
    updated += result.rows.length - inserted
  }
  return { created, updated }
}
