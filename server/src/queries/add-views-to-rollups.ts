import { sql, type RawBuilder } from 'kysely'
import type { Db } from '../plugins/db.ts'

/** A page view as stored: what the rollups need of it. */
export interface StoredPageView {
  articleId: number
  occurredAt: Date
  /** bigint as a string */
  visitorHash: string
  referrerHost: string | null
  device: string
}

/**
 * Counts freshly stored page views into every rollup, in one statement. Call it in the transaction
 * that inserted the views (insertPageViews does): if anything fails, views and counts roll back
 * together.
 *
 * Days are calendar days in rollup_settings.time_zone (the report zone, which is also the zone the
 * visitor salt rotates in). A visitor is new for (day, article) when its hash was not in
 * rollup_visitors_seen yet: `insert … on conflict do nothing returning` gives exactly the new ones,
 * and the same for each referrer and device (facets 'r:…' and 'd:…'). Each new visitor adds 1 to
 * its article's rows and to the rows of the article's segment (site, regency, category, as the
 * articles table says now). Every insert is ordered by its key so that concurrent writers take row
 * locks in the same order.
 */
export async function addViewsToRollups(db: Db, views: StoredPageView[]): Promise<void> {
  if (views.length === 0) return
  await sql`
    with batch as (
      select v.article_id, v.occurred_at, v.visitor_hash, coalesce(v.referrer_host, '') as referrer_host, v.device,
        (v.occurred_at at time zone s.time_zone)::date as day,
        a.site_id, coalesce(left(a.region_code, 5), '') as region_code, coalesce(a.category_id, 0) as category_id
      from unnest(
        ${views.map((v) => v.articleId)}::int[],
        ${views.map((v) => v.occurredAt.toISOString())}::timestamptz[],
        ${views.map((v) => v.visitorHash)}::bigint[],
        ${views.map((v) => v.referrerHost)}::text[],
        ${views.map((v) => v.device)}::text[]
      ) as v(article_id, occurred_at, visitor_hash, referrer_host, device)
      join articles a on a.id = v.article_id
      cross join rollup_settings s
    ),
    first_seen as (
      insert into rollup_visitors_seen (day, article_id, facet, visitor_hash)
      select distinct b.day, b.article_id, f.facet, b.visitor_hash
      from batch b cross join lateral (values (''), ('r:' || b.referrer_host), ('d:' || b.device)) as f(facet)
      order by 1, 2, 3, 4
      on conflict do nothing
      returning day, article_id, facet
    ),
    -- The new visitors with their article's segment and facet value.
    new_visitors as (
      select f.day, f.article_id, s.site_id, s.region_code, s.category_id, f.facet,
        substr(f.facet, 3) as referrer_host, substr(f.facet, 3) as device
      from first_seen f
      join (select distinct article_id, site_id, region_code, category_id from batch) as s on s.article_id = f.article_id
    ),
    ${upsert('rollup_views', ARTICLE, null)},
    ${upsert('rollup_referrers', ARTICLE, 'referrer_host')},
    ${upsert('rollup_devices', ARTICLE, 'device')},
    ${upsert('rollup_segment_views', SEGMENT, null)},
    ${upsert('rollup_segment_referrers', SEGMENT, 'referrer_host')},
    ${upsert('rollup_segment_devices', SEGMENT, 'device')},
    hours as (
      insert into rollup_hours (hour, article_id, views)
      select date_trunc('hour', occurred_at, 'UTC'), article_id, count(*)::int from batch group by 1, 2 order by 1, 2
      on conflict (hour, article_id) do update set views = rollup_hours.views + excluded.views
    ),
    minutes as (
      insert into rollup_minutes (minute, article_id, views)
      select date_trunc('minute', occurred_at, 'UTC'), article_id, count(*)::int from batch group by 1, 2 order by 1, 2
      on conflict (minute, article_id) do update set views = rollup_minutes.views + excluded.views
    )
    select 1
  `.execute(db)
}

/** The key columns of the two rollup levels. */
const ARTICLE = ['article_id']
const SEGMENT = ['site_id', 'region_code', 'category_id']

/**
 * The CTE that adds the batch to one day-and-month rollup table: views from the batch, visitors from
 * new_visitors, each added to the day row and to the month row. `facet` is the table's facet column
 * (referrer_host, device) or null for the plain tables.
 */
function upsert(table: string, level: string[], facet: 'referrer_host' | 'device' | null): RawBuilder<unknown> {
  const columns = [...level, ...(facet ? [facet] : [])]
  const list = sql.join(columns.map((c) => sql.ref(c)))
  const fromX = sql.join(columns.map((c) => sql.ref(`x.${c}`)))
  const key = sql`grain, period, ${list}`
  const t = sql.table(table)
  const seen = facet === 'referrer_host' ? sql`facet like 'r:%'` : facet === 'device' ? sql`facet like 'd:%'` : sql`facet = ''`
  return sql`${sql.raw(`${table}_upsert`)} as (
      insert into ${t} (grain, period, ${list}, views, visitors)
      select g.grain, g.period, ${fromX}, sum(x.views)::int, sum(x.visitors)::int
      from (
        select day, ${list}, count(*) as views, 0 as visitors from batch group by day, ${list}
        union all
        select day, ${list}, 0, count(*) from new_visitors where ${seen} group by day, ${list}
      ) as x
      cross join lateral (values ('day', x.day), ('month', date_trunc('month', x.day::timestamp)::date)) as g(grain, period)
      group by ${key}
      order by ${key}
      on conflict (${key}) do update
        set views = ${t}.views + excluded.views, visitors = ${t}.visitors + excluded.visitors
    )`
}
