import { sql, type RawBuilder } from 'kysely'
import type { Db } from '../db/kysely.ts'

/**
 * Takes up to `limit` page views off rollup_queue (the oldest ids first, only ids up to `upTo` when
 * given) and counts them into every rollup, in one statement; returns how many ids it took (an id
 * whose view no longer exists is taken and counts nothing). Call it under lockRollups, in a
 * transaction: if anything fails, the ids go back to the queue with the counts undone.
 *
 * Days are calendar days in rollup_settings.time_zone (the report zone, which is also the zone the
 * visitor salt rotates in). A visitor is new for (day, article) when its hash was not in
 * rollup_visitors_seen yet: `insert … on conflict do nothing returning` gives exactly the new ones,
 * and the same for each referrer and device (facets 'r:…' and 'd:…'). Each new visitor adds 1 to
 * its article's rows and to the rows of the article's segment (site, regency, category, as the
 * articles table says now). Every insert is ordered by its key so that writers take row locks in the
 * same order.
 */
export async function addViewsToRollups(db: Db, limit: number, upTo?: string): Promise<number> {
  const result = await sql<{ taken: string }>`
    with taken as (
      delete from rollup_queue
      where page_view_id in (
        select page_view_id from rollup_queue
        ${upTo === undefined ? sql`` : sql`where page_view_id <= ${upTo}::bigint`}
        order by page_view_id limit ${limit}
      )
      returning page_view_id
    ),
    batch as (
      select v.article_id, v.occurred_at, v.visitor_hash, coalesce(v.referrer_host, '') as referrer_host, v.device,
        (v.occurred_at at time zone (select time_zone from rollup_settings))::date as day,
        a.site_id, coalesce(left(a.region_code, 5), '') as region_code, coalesce(a.category_id, 0) as category_id
      from taken q
      join page_views v on v.id = q.page_view_id
      join articles a on a.id = v.article_id
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
    select count(*) as taken from taken
  `.execute(db)
  return Number(result.rows[0]!.taken)
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
