import { addDays, dayIn, monthStart, nextMonthStart } from '@jangkau/shared'
import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'
import { drainRollupQueue } from './drain-rollup-queue.ts'

/**
 * Raw views that one pass reads at most: about a month of the 10-million-view benchmark, which keeps
 * each statement well under the pool's query timeout on Postgres.
 */
const VIEWS_PER_PASS = 500_000

export interface RebuildOptions {
  /** First calendar day (report zone) to recompute; default: everything. */
  from?: string
  /** Last day, inclusive; default: everything. */
  to?: string
  /** "Now" for the recent tables (48 hours, 2 hours, the visitors seen today and yesterday). */
  now?: Date
  /** Called as the work goes on with the share done (0 to 1), for a bulk load's progress display. */
  onProgress?: (fraction: number) => void
  /** Raw views one pass reads at most (default VIEWS_PER_PASS); tests make it small to cut many passes. */
  viewsPerPass?: number
}

/**
 * Recomputes the rollups from raw page_views: the day rows of [from, to] (everything when neither is
 * given), the month rows of the months those days touch (summed from day rows), the segment rows of
 * those days and months (article rows summed per segment), and the recent tables for their whole
 * window (hours: 48 h, minutes: 2 h, visitors seen: today and yesterday).
 *
 * For bulk loads (demo data, benchmark) and for checking that the incremental counts equal a
 * recount. It takes a SHARE lock on page_views, so live ingest waits until it commits rather than
 * being counted twice or lost. Views inserted later for a day before yesterday (which live ingest
 * never does) would count their visitors anew, since the seen-visitor table only keeps two days.
 */
export async function rebuildRollups(db: Db, options: RebuildOptions = {}): Promise<void> {
  if (db.isTransaction) return rebuild(db, options)
  return db.transaction().execute((trx) => rebuild(trx, options))
}

async function rebuild(trx: Db, options: RebuildOptions): Promise<void> {
  await sql`lock table page_views in share mode`.execute(trx)
  // Views acknowledged but not yet counted: counted now, under the rollups' lock (held to the end of
  // this transaction), so that the recount neither misses them nor has a later drain add them again.
  await drainRollupQueue(trx)
  // Counting distinct visitors over millions of rows sorts a lot: give this transaction room for it.
  await sql`set local work_mem = '256MB'`.execute(trx)
  const settings = await trx.selectFrom('rollup_settings').select('time_zone').executeTakeFirstOrThrow()
  const timeZone = settings.time_zone
  if (!timeZone) throw new Error('rollup_settings.time_zone is not set: call prepareRollups first')
  const now = options.now ?? new Date()
  const whole = options.from === undefined && options.to === undefined

  let from = options.from
  let to = options.to
  if (whole) {
    // Everything: empty the tables, then recount the days that have views.
    await sql`truncate rollup_views, rollup_referrers, rollup_devices,
      rollup_segment_views, rollup_segment_referrers, rollup_segment_devices`.execute(trx)
    const bounds = await sql<{ first: Date | null; last: Date | null }>`
      select min(occurred_at) as first, max(occurred_at) as last from page_views
    `.execute(trx)
    const { first, last } = bounds.rows[0] ?? { first: null, last: null }
    if (first && last) {
      from = dayIn(new Date(first), timeZone)
      to = dayIn(new Date(last), timeZone)
    }
  }

  const viewsPerPass = options.viewsPerPass ?? VIEWS_PER_PASS
  const days = from !== undefined || to !== undefined ? await passes(trx, timeZone, from ?? to!, to ?? from!, viewsPerPass) : []
  // Three tables per pass (views, referrers, devices), then the recent tables.
  const steps = days.length * 3 + 1
  let done = 0
  const stepDone = () => options.onProgress?.(++done / steps)
  for (const [passFrom, passTo] of days) await rebuildDays(trx, timeZone, passFrom, passTo, stepDone)

  // The recent tables, recomputed for their whole window.
  const since48h = new Date(now.getTime() - 48 * 3600_000)
  await sql`delete from rollup_hours`.execute(trx)
  await sql`
    insert into rollup_hours (hour, article_id, views)
    select date_trunc('hour', occurred_at, 'UTC'), article_id, count(*) from page_views
    where occurred_at >= date_trunc('hour', ${since48h.toISOString()}::timestamptz, 'UTC')
    group by 1, 2
  `.execute(trx)
  const since2h = new Date(now.getTime() - 2 * 3600_000)
  await sql`delete from rollup_minutes`.execute(trx)
  await sql`
    insert into rollup_minutes (minute, article_id, views)
    select date_trunc('minute', occurred_at, 'UTC'), article_id, count(*) from page_views
    where occurred_at >= date_trunc('minute', ${since2h.toISOString()}::timestamptz, 'UTC')
    group by 1, 2
  `.execute(trx)
  const yesterday = addDays(dayIn(now, timeZone), -1)
  await sql`delete from rollup_visitors_seen`.execute(trx)
  await sql`
    insert into rollup_visitors_seen (day, article_id, facet, visitor_hash)
    select distinct (v.occurred_at at time zone ${timeZone})::date, v.article_id, f.facet, v.visitor_hash
    from page_views v
    cross join lateral (values (''), ('r:' || coalesce(v.referrer_host, '')), ('d:' || v.device)) as f(facet)
    where v.occurred_at >= (${yesterday}::date)::timestamp at time zone ${timeZone}
  `.execute(trx)
  stepDone()
}

/**
 * The days [from, to] cut into passes of whole months (the first and last may be partial) holding at
 * most `viewsPerPass` raw views each; a busier month is a pass of its own. A small database is
 * recounted in one pass: the demo's 160,000 views over 59 months took 1,100 statements a month at a
 * time and 5.6 s of CPU on PGlite, 2.4 s in one pass of about 20 (`pnpm bench demo`).
 */
async function passes(trx: Db, timeZone: string, from: string, to: string, viewsPerPass: number): Promise<[string, string][]> {
  if (from > to) return []
  const range = sql`occurred_at >= (${from}::date)::timestamp at time zone ${timeZone}
    and occurred_at < (${addDays(to, 1)}::date)::timestamp at time zone ${timeZone}`
  const total = await sql<{ views: string }>`select count(*) as views from page_views where ${range}`.execute(trx)
  if (Number(total.rows[0]!.views) <= viewsPerPass) return [[from, to]]

  const counts = await sql<{ month: string; views: string }>`
    select to_char(date_trunc('month', occurred_at at time zone ${timeZone}), 'YYYY-MM-DD') as month, count(*) as views
    from page_views where ${range} group by 1
  `.execute(trx)
  const viewsIn = new Map(counts.rows.map((r) => [r.month, Number(r.views)]))
  const result: [string, string][] = []
  let passFrom = from
  let passViews = 0
  for (let month = monthStart(from); month <= to; month = nextMonthStart(month)) {
    const views = viewsIn.get(month) ?? 0
    if (passViews > 0 && passViews + views > viewsPerPass) {
      result.push([passFrom, addDays(month, -1)])
      passFrom = month
      passViews = 0
    }
    passViews += views
  }
  result.push([passFrom, to])
  return result
}

/** Day, month and segment rows of the days [dayFrom, dayTo] and of the months they touch. */
async function rebuildDays(trx: Db, timeZone: string, dayFrom: string, dayTo: string, tableDone: () => void): Promise<void> {
  const start = sql`(${dayFrom}::date)::timestamp at time zone ${timeZone}`
  const end = sql`(${addDays(dayTo, 1)}::date)::timestamp at time zone ${timeZone}`
  const day = sql`(occurred_at at time zone ${timeZone})::date`
  const monthFrom = monthStart(dayFrom)
  const monthEnd = nextMonthStart(dayTo)
  for (const { table, segmentTable, facet, fromRaw } of [
    { table: 'rollup_views', segmentTable: 'rollup_segment_views', facet: null, fromRaw: null },
    {
      table: 'rollup_referrers',
      segmentTable: 'rollup_segment_referrers',
      facet: 'referrer_host',
      fromRaw: sql`coalesce(referrer_host, '')`,
    },
    { table: 'rollup_devices', segmentTable: 'rollup_segment_devices', facet: 'device', fromRaw: sql`device` },
  ] as const) {
    const t = sql.table(table)
    const segment = sql.table(segmentTable)
    const facetColumn = facet ? sql`, ${sql.ref(facet)}` : sql``
    const rFacet = facet ? sql`, ${sql.ref(`r.${facet}`)}` : sql``

    // Day rows: a recount of the raw views of each day.
    await sql`delete from ${t} where grain = 'day' and period between ${dayFrom} and ${dayTo}`.execute(trx)
    await sql`
      insert into ${t} (grain, period, article_id${facetColumn}, views, visitors)
      select 'day', ${day}, article_id${fromRaw ? sql`, ${fromRaw}` : sql``}, count(*), count(distinct visitor_hash)
      from page_views
      where occurred_at >= ${start} and occurred_at < ${end}
      group by 2, 3${facet ? sql`, 4` : sql``}
    `.execute(trx)

    // Month rows are the sum of their day rows; recount every month the range touches.
    await sql`delete from ${t} where grain = 'month' and period >= ${monthFrom} and period < ${monthEnd}`.execute(trx)
    await sql`
      insert into ${t} (grain, period, article_id${facetColumn}, views, visitors)
      select 'month', date_trunc('month', period::timestamp)::date, article_id${facetColumn}, sum(views), sum(visitors)
      from ${t}
      where grain = 'day' and period >= ${monthFrom} and period < ${monthEnd}
      group by 2, article_id${facetColumn}
    `.execute(trx)

    // Segment rows: the article rows of the same days and months, summed per article segment (as now).
    const inRange = sql`(r.grain = 'day' and r.period between ${dayFrom} and ${dayTo})
      or (r.grain = 'month' and r.period >= ${monthFrom} and r.period < ${monthEnd})`
    await sql`delete from ${segment} as r where ${inRange}`.execute(trx)
    await sql`
      insert into ${segment} (grain, period, site_id, region_code, category_id${facetColumn}, views, visitors)
      select r.grain, r.period, a.site_id, coalesce(left(a.region_code, 5), ''), coalesce(a.category_id, 0)${rFacet},
        sum(r.views), sum(r.visitors)
      from ${t} as r join articles a on a.id = r.article_id
      where ${inRange}
      group by 1, 2, 3, 4, 5${facet ? sql`, 6` : sql``}
    `.execute(trx)
    tableDone()
  }
}
