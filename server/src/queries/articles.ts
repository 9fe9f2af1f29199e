import { sql } from 'kysely'
import type { Article, ArticleList, ArticleQuery } from '@jangkau/shared'
import type { Db } from '../db/kysely.ts'
import { containsPattern } from './contains-pattern.ts'
import { paged } from './paging.ts'

// The article catalogue as the admin pages and the public counter read it, and an admin's edits of
// it. Bulk writes (ingest, the catalogue and daily-views imports, the portals' feeds) have files of
// their own: insert-page-views.ts, upsert-articles.ts, import-daily-views.ts, apply-feed-articles.ts.

/**
 * A page of the article catalogue with site, category and region names, filtered by site (id or
 * hostname), category (slug or id), regency (the article's region is the regency or a place in
 * it), author (case-insensitive), text in title or URL and unconfirmed title (`unverified`);
 * sorted by publication time or views (unknown publication times last), and how many match in all.
 */
export async function listArticles(db: Db, query: ArticleQuery): Promise<ArticleList> {
  let filtered = selectArticles(db)
  if (query.site) {
    const site = query.site.trim().toLowerCase()
    filtered = /^\d+$/.test(site)
      ? filtered.where('a.site_id', '=', Number(site))
      : filtered.where('s.hostname', '=', site.replace(/^www\./, ''))
  }
  if (query.category) {
    const category = query.category.trim()
    filtered = /^\d+$/.test(category)
      ? filtered.where('a.category_id', '=', Number(category))
      : filtered.where('c.slug', '=', category.toLowerCase())
  }
  if (query.region) {
    const region = query.region
    filtered = filtered.where((eb) => eb.or([eb('a.region_code', '=', region), eb('a.region_code', 'like', `${region}.%`)]))
  }
  if (query.author) filtered = filtered.where(sql<boolean>`lower(a.author) = lower(${query.author.trim()})`)
  const q = query.q?.trim()
  if (q) {
    const pattern = containsPattern(q)
    filtered = filtered.where((eb) => eb.or([eb('a.title', 'ilike', pattern), eb('a.url', 'ilike', pattern)]))
  }
  if (query.unverified) filtered = filtered.where('a.title_source', '=', 'view')

  const order = query.order === 'asc' ? 'asc' : 'desc'
  const sort = (q: typeof filtered) =>
    (query.sort === 'views'
      ? q.orderBy('a.views', order)
      : q.orderBy('a.published_at', (ob) => (order === 'asc' ? ob.asc() : ob.desc()).nullsLast())
    ).orderBy('a.id', order)
  return paged(db, filtered, sort, query, toArticle)
}

/** Articles with their site, category and region names: the base of listArticles and getArticle. */
export function selectArticles(db: Db) {
  return db
    .selectFrom('articles as a')
    .innerJoin('sites as s', 's.id', 'a.site_id')
    .leftJoin('categories as c', 'c.id', 'a.category_id')
    .leftJoin('regions as r', 'r.code', 'a.region_code')
    .select([
      'a.id',
      'a.url',
      'a.title',
      'a.title_source',
      'a.site_id',
      's.name as site_name',
      's.hostname as site_hostname',
      'a.category_id',
      'c.slug as category_slug',
      'c.name as category_name',
      'a.region_code',
      'r.name as region_name',
      'a.author',
      'a.author_source',
      'a.published_at',
      'a.views',
      'a.base_views',
      'a.imported_views',
    ])
}

type ArticleRow = Awaited<ReturnType<ReturnType<typeof selectArticles>['executeTakeFirstOrThrow']>>

/** A row of selectArticles as the API answers it (camelCase, ISO time, views as a number). */
export function toArticle(r: ArticleRow): Article {
  return {
    id: r.id,
    url: r.url,
    title: r.title,
    titleSource: r.title_source,
    siteId: r.site_id,
    siteName: r.site_name,
    siteHostname: r.site_hostname,
    categoryId: r.category_id,
    categorySlug: r.category_slug,
    categoryName: r.category_name,
    regionCode: r.region_code,
    regionName: r.region_name,
    author: r.author,
    authorSource: r.author_source,
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
    // bigint comes back as a string from Postgres; a counter never nears 2^53.
    views: Number(r.views),
    baseViews: Number(r.base_views),
    importedViews: Number(r.imported_views),
    counterViews: counterViews(r),
  }
}

/**
 * The public "N kali dilihat": what the portal counted before Jangkau plus what Jangkau counted. The
 * portal's total is its base count, or the sum of its imported days when that is larger (a CMS total
 * cannot be less than its daily counts); either way each historic view is counted once.
 */
export function counterViews(r: { views: string | number; base_views: string | number; imported_views: string | number }): number {
  return Math.max(Number(r.base_views), Number(r.imported_views)) + Number(r.views)
}

/**
 * One article of the catalogue with its site, category and region names and its public counter
 * (`views`, the "N kali dilihat" of the portal); undefined when there is no such article.
 * The same shape as a row of listArticles.
 */
export async function getArticle(db: Db, id: number): Promise<Article | undefined> {
  const row = await selectArticles(db).where('a.id', '=', id).executeTakeFirst()
  return row && toArticle(row)
}

/**
 * The public counter of one article (by normalised URL): one primary-key-sized index lookup. 0 if
 * unknown. It includes what the portal counted before Jangkau (see counterViews).
 */
export async function getArticleViews(db: Db, url: string): Promise<number> {
  const row = await db.selectFrom('articles').select(['views', 'base_views', 'imported_views']).where('url', '=', url).executeTakeFirst()
  return row ? counterViews(row) : 0
}

/** The id of each of these (normalised) article URLs that exists; unknown URLs are absent from the map. */
export async function getArticleIds(db: Db, urls: string[]): Promise<Map<string, number>> {
  if (urls.length === 0) return new Map()
  // One array parameter rather than a list of thousands of placeholders.
  const rows = await db.selectFrom('articles').select(['id', 'url']).where('url', '=', sql<string>`any(${urls}::text[])`).execute()
  return new Map(rows.map((r) => [r.url, r.id]))
}

/**
 * Sets an article's title and/or author as an admin's word: what is given becomes confirmed (source
 * 'admin'); null clears it and leaves it open again ('view'). Fields not given keep value and source.
 * False when there is no such article.
 */
export async function updateArticleText(db: Db, id: number, changes: { title?: string | null; author?: string | null }): Promise<boolean> {
  const source = (value: string | null) => (value === null ? ('view' as const) : ('admin' as const))
  const result = await db
    .updateTable('articles')
    .set({
      ...(changes.title !== undefined ? { title: changes.title, title_source: source(changes.title) } : {}),
      ...(changes.author !== undefined ? { author: changes.author, author_source: source(changes.author) } : {}),
    })
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
