import type { Article } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'

/**
 * One article of the catalogue with its site, category and region names and its public counter
 * (`views`, the "N kali dilihat" of the portal); undefined when there is no such article.
 * The same shape as a row of listArticles.
 */
export async function getArticle(db: Db, id: number): Promise<Article | undefined> {
  const r = await db
    .selectFrom('articles as a')
    .innerJoin('sites as s', 's.id', 'a.site_id')
    .leftJoin('categories as c', 'c.id', 'a.category_id')
    .leftJoin('regions as r', 'r.code', 'a.region_code')
    .select([
      'a.id',
      'a.url',
      'a.title',
      'a.site_id',
      's.name as site_name',
      's.hostname as site_hostname',
      'a.category_id',
      'c.slug as category_slug',
      'c.name as category_name',
      'a.region_code',
      'r.name as region_name',
      'a.author',
      'a.published_at',
      'a.views',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst()
  if (!r) return undefined
  return {
    id: r.id,
    url: r.url,
    title: r.title,
    siteId: r.site_id,
    siteName: r.site_name,
    siteHostname: r.site_hostname,
    categoryId: r.category_id,
    categorySlug: r.category_slug,
    categoryName: r.category_name,
    regionCode: r.region_code,
    regionName: r.region_name,
    author: r.author,
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
    // bigint comes back as a string from Postgres; a counter never nears 2^53.
    views: Number(r.views),
  }
}
