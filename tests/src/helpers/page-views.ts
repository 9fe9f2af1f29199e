import type { FastifyInstance } from 'fastify'
import { sql, type Kysely } from 'kysely'
import { drainRollupQueue } from '@jangkau/server/queries/drain-rollup-queue.ts'
import { insertPageViews, type PageViewRow } from '@jangkau/server/queries/insert-page-views.ts'

/*
 * Page views for stats tests: a small fixed catalogue, views stored through the real write path
 * (insertPageViews, as the batcher does, then drainRollupQueue, as the background drain does) with
 * controlled timestamps, and the independent recount the stats answers are checked against: a plain
 * GROUP BY over raw page_views.
 */

export const PORTAL = 'https://diskominfo.kaltimprov.go.id'
export const KUTIM = 'https://kutaitimurkab.go.id'

export interface TestArticle {
  url: string
  site: 'portal' | 'kutim'
  title: string | null
  category: 'pemerintahan' | 'kesehatan' | 'pendidikan' | null
  regionCode: string | null
  author: string | null
  publishedAt: string | null
}

/** Ten articles covering the awkward cases: no region, a district code, the province, no category, no author. */
export const ARTICLES: TestArticle[] = [
  {
    url: `${PORTAL}/berita/kim-kutim`,
    site: 'portal',
    title: 'KIM Kutim',
    category: 'pemerintahan',
    regionCode: '64.08',
    author: 'Ani',
    publishedAt: '2026-01-20T08:26:00+08:00',
  },
  {
    url: `${PORTAL}/berita/samarinda`,
    site: 'portal',
    title: 'Samarinda',
    category: 'kesehatan',
    regionCode: '64.72',
    author: 'Budi',
    publishedAt: '2026-01-31T23:30:00+08:00',
  },
  {
    url: `${PORTAL}/berita/kukar`,
    site: 'portal',
    title: 'Kukar',
    category: 'pendidikan',
    regionCode: '64.02',
    author: 'Ani',
    publishedAt: '2026-02-01T00:10:00+08:00',
  },
  {
    url: `${PORTAL}/berita/provinsi`,
    site: 'portal',
    title: 'Kaltim',
    category: 'pemerintahan',
    regionCode: '64',
    author: null,
    publishedAt: null,
  },
  {
    url: `${PORTAL}/berita/tanpa-wilayah`,
    site: 'portal',
    title: null,
    category: null,
    regionCode: null,
    author: 'Budi',
    publishedAt: '2025-02-10T10:00:00+08:00',
  },
  {
    url: `${KUTIM}/berita/sangatta`,
    site: 'kutim',
    title: 'Sangatta',
    category: 'pemerintahan',
    regionCode: '64.08.12',
    author: 'Citra',
    publishedAt: '2026-03-01T00:00:00+08:00',
  },
  {
    url: `${KUTIM}/berita/bimtek`,
    site: 'kutim',
    title: 'Bimtek Dunia Digital',
    category: 'kesehatan',
    regionCode: '64.08',
    author: 'Citra',
    publishedAt: '2025-01-25T12:00:00+08:00',
  },
  {
    url: `${KUTIM}/berita/teluk-singkama`,
    site: 'kutim',
    title: 'Teluk Singkama',
    category: null,
    regionCode: '64.08',
    author: null,
    publishedAt: null,
  },
  {
    url: `${KUTIM}/berita/=formula`,
    site: 'kutim',
    title: '=HYPERLINK("http://x")',
    category: 'pendidikan',
    regionCode: '64.72',
    author: '@Dedi',
    publishedAt: null,
  },
  {
    url: `${KUTIM}/berita/lain`,
    site: 'kutim',
    title: 'Lain',
    category: 'kesehatan',
    regionCode: '64.02',
    author: 'Ani',
    publishedAt: '2026-02-28T16:00:00Z',
  },
]

export const REFERRERS = [null, 'google.com', 'facebook.com'] as const
export const DEVICES = ['mobile', 'desktop', 'tablet'] as const

export interface Catalog {
  siteIds: { portal: number; kutim: number }
  categoryIds: Record<string, number>
}

/** Sites and categories of ARTICLES (articles themselves are created by their first view). */
export async function seedCatalog(app: FastifyInstance): Promise<Catalog> {
  const portal = await app.db
    .insertInto('sites')
    .values({ hostname: 'diskominfo.kaltimprov.go.id', name: 'Diskominfo Kaltim', region_code: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  const kutim = await app.db
    .insertInto('sites')
    .values({ hostname: 'kutaitimurkab.go.id', name: 'Pemkab Kutim', region_code: '64.08' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const categoryIds: Record<string, number> = {}
  for (const [slug, name] of [
    ['pemerintahan', 'Pemerintahan'],
    ['kesehatan', 'Kesehatan'],
    ['pendidikan', 'Pendidikan'],
  ] as const) {
    categoryIds[slug] = (await app.db.insertInto('categories').values({ slug, name }).returning('id').executeTakeFirstOrThrow()).id
  }
  app.ingest.catalog.invalidate()
  return { siteIds: { portal: portal.id, kutim: kutim.id }, categoryIds }
}

/** Empties every table a page view touches (raw, articles, rollups), keeping sites and categories. */
export async function clearPageViews(db: Kysely<any>): Promise<void> {
  await sql`
    truncate page_views, rollup_queue, imported_daily_views, articles, rollup_views, rollup_referrers, rollup_devices,
      rollup_segment_views, rollup_segment_referrers,
      rollup_segment_devices, rollup_hours, rollup_minutes, rollup_visitors_seen restart identity`.execute(db)
}

export interface ViewSpec {
  at: Date
  /** Index into ARTICLES. */
  article: number
  visitor: number
  referrer?: string | null
  device?: string
  browser?: string
}

export function pageViewRow(catalog: Catalog, view: ViewSpec): PageViewRow {
  const a = ARTICLES[view.article]!
  return {
    occurredAt: view.at,
    siteId: catalog.siteIds[a.site],
    url: a.url,
    visitorHash: String(view.visitor),
    referrerHost: view.referrer ?? null,
    device: view.device ?? 'mobile',
    browser: view.browser ?? 'Chrome',
    article: {
      title: a.title,
      categoryId: a.category ? catalog.categoryIds[a.category]! : null,
      regionCode: a.regionCode,
      author: a.author,
      publishedAt: a.publishedAt ? new Date(a.publishedAt) : null,
    },
  }
}

/**
 * Stores views through insertPageViews, `batchSizes` views per batch (cycled), like group commit, and
 * counts each batch into the rollups with drainRollupQueue (so that the rollups grow batch by batch,
 * and tests may read them directly afterwards).
 */
export async function storeViews(app: FastifyInstance, catalog: Catalog, views: ViewSpec[], batchSizes: number[] = [50]): Promise<void> {
  let start = 0
  for (let i = 0; start < views.length; i++) {
    const size = Math.max(1, batchSizes[i % batchSizes.length]!)
    const rows = views.slice(start, start + size).map((v) => pageViewRow(catalog, v))
    await insertPageViews(app.db, rows)
    await drainRollupQueue(app.db)
    start += size
  }
}

// ---------------------------------------------------------------------------------------------
// The independent recount.

export type RecountDimension = 'day' | 'week' | 'month' | 'site' | 'region' | 'category' | 'author' | 'article' | 'referrer' | 'device'

export interface RecountQuery {
  from: string
  to: string
  tz: string
  by?: RecountDimension | null
  split?: RecountDimension | null
  filters?: { site?: number[]; region?: string[]; category?: string[]; author?: string[]; article?: number[] }
}

export interface Recounted {
  views: number
  visitors: number
}

/** What each dimension is, over per_day `d` (one row per day, article, site and facet), articles `a`, categories `c`. */
const DIMENSION_SQL: Record<RecountDimension, string> = {
  day: `to_char(d.day, 'YYYY-MM-DD')`,
  week: `to_char(date_trunc('week', d.day), 'YYYY-MM-DD')`,
  month: `to_char(date_trunc('month', d.day), 'YYYY-MM-DD')`,
  site: `d.site_id::text`,
  region: `coalesce(substring(a.region_code from 1 for 5), '')`,
  category: `coalesce(c.slug, '')`,
  author: `coalesce(a.author, '')`,
  article: `d.article_id::text`,
  referrer: `d.facet`,
  device: `d.facet`,
}

/**
 * Views and visitors per (by, split) straight from page_views: visitors are distinct hashes per
 * (calendar day in tz, article[, referrer or device]), summed. Keys "by\0split" ("" when absent).
 */
export async function recountPageViews(db: Kysely<any>, q: RecountQuery): Promise<Map<string, Recounted>> {
  const facet =
    q.by === 'referrer' || q.split === 'referrer'
      ? `coalesce(v.referrer_host, '')`
      : q.by === 'device' || q.split === 'device'
        ? 'v.device'
        : `''`
  const f = q.filters ?? {}
  const where = [sql`true`]
  if (f.site?.length) where.push(sql`d.site_id = any(${f.site})`)
  if (f.region?.length) where.push(sql`substring(a.region_code from 1 for 5) = any(${f.region})`)
  if (f.category?.length) where.push(sql`c.slug = any(${f.category})`)
  if (f.author?.length) where.push(sql`a.author = any(${f.author})`)
  if (f.article?.length) where.push(sql`d.article_id = any(${f.article})`)
  const result = await sql<{ by_key: string; split_key: string; views: string; visitors: string }>`
    with per_day as (
      select (v.occurred_at at time zone ${q.tz})::date as day, v.article_id, v.site_id, ${sql.raw(facet)} as facet,
        count(*) as views, count(distinct v.visitor_hash) as visitors
      from page_views v
      where v.occurred_at >= (${q.from}::date)::timestamp at time zone ${q.tz}
        and v.occurred_at < (${q.to}::date + 1)::timestamp at time zone ${q.tz}
      group by 1, 2, 3, 4
    )
    select ${sql.raw(q.by ? DIMENSION_SQL[q.by] : `''`)} as by_key, ${sql.raw(q.split ? DIMENSION_SQL[q.split] : `''`)} as split_key,
      sum(d.views) as views, sum(d.visitors) as visitors
    from per_day d
    join articles a on a.id = d.article_id
    left join categories c on c.id = a.category_id
    where ${sql.join(where, sql` and `)}
    group by 1, 2
  `.execute(db)
  return new Map(result.rows.map((r) => [`${r.by_key}\u0000${r.split_key}`, { views: Number(r.views), visitors: Number(r.visitors) }]))
}

/** The rollup tables' day and month rows (both levels), sorted, for comparing incremental counts with a rebuild. */
export async function rollupSnapshot(db: Kysely<any>): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {}
  for (const [table, facet] of [
    ['rollup_views', `''`],
    ['rollup_referrers', 'referrer_host'],
    ['rollup_devices', 'device'],
  ] as const) {
    const rows = await sql<Record<string, unknown>>`
      select grain, to_char(period, 'YYYY-MM-DD') as period, article_id, ${sql.raw(facet)} as facet, views, visitors
      from ${sql.table(table)} order by 1, 2, 3, 4
    `.execute(db)
    snapshot[table] = rows.rows
  }
  for (const [table, facet] of [
    ['rollup_segment_views', `''`],
    ['rollup_segment_referrers', 'referrer_host'],
    ['rollup_segment_devices', 'device'],
  ] as const) {
    const rows = await sql<Record<string, unknown>>`
      select grain, to_char(period, 'YYYY-MM-DD') as period, site_id, region_code, category_id, ${sql.raw(facet)} as facet, views, visitors
      from ${sql.table(table)} order by 1, 2, 3, 4, 5, 6
    `.execute(db)
    snapshot[table] = rows.rows
  }
  return snapshot
}
