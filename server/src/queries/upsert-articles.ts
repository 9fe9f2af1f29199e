import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'

/**
 * One article of a catalogue upsert. `undefined` keeps the stored value of an existing article;
 * `null` clears it. `views` is not here on purpose: only ingest counts views (`baseViews` is the
 * portal's count from before Jangkau, which the counter adds).
 */
export interface ArticleUpsertRow {
  /** Normalised (normaliseArticleUrl); unique within one call. */
  url: string
  siteId: number
  title?: string | null
  categoryId?: number | null
  /** The category text as uploaded; given (or null) together with categoryId. */
  categoryText?: string | null
  regionCode?: string | null
  author?: string | null
  publishedAt?: Date | null
  /** The portal's own count before Jangkau; null sets it to 0. */
  baseViews?: number | null
}

const CHUNK = 2000

/**
 * Creates the articles whose URL is new and updates the given fields of the others, in chunks of
 * multi-row statements. Run inside a transaction so that the whole upload applies or none of it.
 * A title or author given here is the admin's word: confirmed (source 'admin'), so the monthly
 * report shows it and neither a page view nor the portal's feed replaces it.
 * Page views arriving meanwhile only add to `views` and fill empty fields, so they never conflict.
 */
export async function upsertArticles(db: Db, rows: ArticleUpsertRow[]): Promise<{ created: number; updated: number }> {
  let created = 0
  let updated = 0
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK)
    const inserted = await sql<{ url: string }>`
      insert into articles (site_id, url, title, category_id, region_code, author, published_at,
        base_views, category_text, title_source, author_source)
      select *,
        -- What an admin sets is confirmed; an empty title or author is left for the feed to fill.
        case when title is null then 'view' else 'admin' end,
        case when author is null then 'view' else 'admin' end
      from unnest(
        ${chunk.map((r) => r.siteId)}::int[],
        ${chunk.map((r) => r.url)}::text[],
        ${chunk.map((r) => r.title ?? null)}::text[],
        ${chunk.map((r) => r.categoryId ?? null)}::int[],
        ${chunk.map((r) => r.regionCode ?? null)}::text[],
        ${chunk.map((r) => r.author ?? null)}::text[],
        ${chunk.map((r) => r.publishedAt?.toISOString() ?? null)}::timestamptz[],
        ${chunk.map((r) => String(r.baseViews ?? 0))}::bigint[],
        ${chunk.map((r) => r.categoryText ?? null)}::text[]
      ) as v(site_id, url, title, category_id, region_code, author, published_at, base_views, category_text)
      on conflict (url) do nothing
      returning url
    `.execute(db)
    created += inserted.rows.length
    const isNew = new Set(inserted.rows.map((r) => r.url))
    const existing = chunk.filter((r) => !isNew.has(r.url))
    if (existing.length === 0) continue
    // For each field: a flag "given" and the value, so that absent fields keep their value.
    const given = (pick: (r: ArticleUpsertRow) => unknown) => existing.map((r) => pick(r) !== undefined)
    const changed = await sql<{ id: number }>`
      update articles a set
        title        = case when v.set_title     then v.title        else a.title        end,
        title_source = case when not v.set_title then a.title_source when v.title is null then 'view' else 'admin' end,
        category_id  = case when v.set_category  then v.category_id  else a.category_id  end,
        category_text = case when v.set_category then v.category_text else a.category_text end,
        region_code  = case when v.set_region    then v.region_code  else a.region_code  end,
        author       = case when v.set_author    then v.author       else a.author       end,
        author_source = case when not v.set_author then a.author_source when v.author is null then 'view' else 'admin' end,
        published_at = case when v.set_published then v.published_at else a.published_at end,
        base_views   = case when v.set_base      then v.base_views   else a.base_views   end
      from unnest(
        ${existing.map((r) => r.url)}::text[],
        ${given((r) => r.title)}::boolean[],
        ${existing.map((r) => r.title ?? null)}::text[],
        ${given((r) => r.categoryId)}::boolean[],
        ${existing.map((r) => r.categoryId ?? null)}::int[],
        ${given((r) => r.regionCode)}::boolean[],
        ${existing.map((r) => r.regionCode ?? null)}::text[],
        ${given((r) => r.author)}::boolean[],
        ${existing.map((r) => r.author ?? null)}::text[],
        ${given((r) => r.publishedAt)}::boolean[],
        ${existing.map((r) => r.publishedAt?.toISOString() ?? null)}::timestamptz[],
        ${given((r) => r.baseViews)}::boolean[],
        ${existing.map((r) => String(r.baseViews ?? 0))}::bigint[],
        ${existing.map((r) => r.categoryText ?? null)}::text[]
      ) as v(url, set_title, title, set_category, category_id, set_region, region_code,
             set_author, author, set_published, published_at, set_base, base_views, category_text)
      where a.url = v.url
      returning a.id
    `.execute(db)
    updated += changed.rows.length
  }
  return { created, updated }
}
