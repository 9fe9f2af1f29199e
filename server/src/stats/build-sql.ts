import {
  addDays,
  isTimeDimension,
  monthStart,
  nextMonthStart,
  type DayRange,
  type Dimension,
  type Metric,
  type MetricFamily,
  type StatsFilters,
  type StatsQuery,
} from '@jangkau/shared'
import { sql, type AliasableExpression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely'
import type { Db } from '../plugins/db.ts'

/*
 * The one place where SQL is built from a stats query. Each metric family has its own source:
 *
 *   page_views      the segment rollups (per site, regency, category: rollup_segment_*) when the query
 *                   needs nothing finer; else the article rollups (rollup_views / _referrers / _devices)
 *                   joined to articles for the author and article. Day and month rows (planGrains).
 *                   Both levels reflect each article's site, region and category as they are *now*.
 *                   Plus the days imported from the portal's own counter (imported_daily_views), which
 *                   add to views and are counted apart as imported_views.
 *   articles        the articles table (published_at in the query's zone)
 *   kim_activities  kim_activities joined to kim_groups
 *   kim_groups      kim_status_changes: the status each group had on the last day of the range/bucket
 *
 * Every family query answers rows of (by_key, split_key, <metric columns>) for one day range; run.ts
 * runs them for the range and the comparison range and merges them. Keys are text: "" stands for an
 * unknown value (an article without region, a direct visit).
 *
 * Dimensions are composed with the Kysely builder; `sql` appears only for time zones, generate_series
 * and one planner setting, which the builder cannot say. The time zone is inlined as a literal (validated as an
 * IANA zone by the parser) so that the same expression can be selected and grouped by.
 */

// The builder is used dynamically here (tables, aliases and dimensions chosen at run time), which
// its static row types cannot follow; the result rows are typed by CountRow instead.
type AnyDb = Kysely<any>
type AnyQuery = SelectQueryBuilder<any, any, any>
type Eb = ExpressionBuilder<any, any>

/** One row of a family query. Counts come back as strings (bigint) from pg; run.ts converts them. */
export interface CountRow {
  by_key?: string
  split_key?: string
  [column: string]: string | number | null | undefined
}

const PAGE_VIEW_DIMENSIONS_NEEDING_ARTICLES: readonly Dimension[] = ['site', 'region', 'category', 'author']
const DATE_FORMAT = sql.lit('YYYY-MM-DD')
/**
 * A dimension's value: grouped by as it is (a date, an id) and turned into the text key only once per
 * group, after the aggregation: formatting every rollup row first cost more than the sums.
 */
interface Key {
  value: AliasableExpression<unknown>
  as: 'text' | 'day' | 'id'
}
const textKey = (value: AliasableExpression<unknown>): Key => ({ value, as: 'text' })

/** The key as text: days "YYYY-MM-DD", ids in digits. */
function asText(eb: Eb, key: Key): AliasableExpression<string> {
  if (key.as === 'day') return eb.fn<string>('to_char', [key.value, DATE_FORMAT])
  if (key.as === 'id') return eb.cast<string>(key.value, 'text')
  return key.value as AliasableExpression<string>
}

/** The calendar day (a `date` expression) an instant falls on in `timeZone`. */
const dayOf = (ref: string, timeZone: string) => sql<string>`(${sql.ref(ref)} at time zone ${sql.lit(timeZone)})::date`
/** The instant a calendar day begins in `timeZone`. */
const startOfDay = (day: string, timeZone: string) => sql<Date>`(${day}::date)::timestamp at time zone ${sql.lit(timeZone)}`

/** The bucket a `date` expression falls in: the day, its week's Monday, its month's 1st. */
function bucketKey(eb: Eb, day: AliasableExpression<unknown>, bucket: 'day' | 'week' | 'month'): Key {
  const start = bucket === 'day' ? day : eb.cast(eb.fn('date_trunc', [sql.lit(bucket), eb.cast(day, 'timestamp')]), 'date')
  return { value: start, as: 'day' }
}

// ---------------------------------------------------------------------------------------------
// Page views (rollups)

/**
 * Where page-view counts come from. `segment`: the segment rollups, enough unless the query names an
 * author or article; `article`: the article rollups; `raw`: page_views itself, for days in another
 * zone than the rollups' (their day boundaries differ, so no rollup can answer exactly).
 */
type Level = 'segment' | 'article' | 'raw'

function levelOf(q: StatsQuery, rollupTimeZone: string): Level {
  if (q.timeZone !== rollupTimeZone) return 'raw'
  const articleDimension = [q.by, q.split].some((d) => d === 'author' || d === 'article')
  return articleDimension || q.filters.author.length > 0 || q.filters.article.length > 0 ? 'article' : 'segment'
}

/** The referrer or device column the query needs, if any. */
function facetOf(q: StatsQuery): 'referrer_host' | 'device' | null {
  if (q.by === 'referrer' || q.split === 'referrer') return 'referrer_host'
  if (q.by === 'device' || q.split === 'device') return 'device'
  return null
}

const ROLLUP_TABLES = {
  article: { null: 'rollup_views', referrer_host: 'rollup_referrers', device: 'rollup_devices' },
  segment: { null: 'rollup_segment_views', referrer_host: 'rollup_segment_referrers', device: 'rollup_segment_devices' },
} as const

export interface GrainPiece {
  grain: 'day' | 'month'
  /** First and last period, inclusive (for months: the 1st of the first and of the last month). */
  from: string
  to: string
}

/**
 * The fewest rollup rows that cover a range: whole months from month rows, the days before and after
 * them from day rows. Day and week buckets need day rows throughout. Pure, for unit tests.
 */
export function planGrains(range: DayRange, bucket: Dimension | null): GrainPiece[] {
  if (bucket === 'day' || bucket === 'week') return [{ grain: 'day', ...range }]
  const firstWholeMonth = range.from === monthStart(range.from) ? range.from : nextMonthStart(range.from)
  const endOfWholeMonths = addDays(range.to, 1) === nextMonthStart(range.to) ? nextMonthStart(range.to) : monthStart(range.to)
  if (firstWholeMonth >= endOfWholeMonths) return [{ grain: 'day', ...range }]
  const pieces: GrainPiece[] = []
  if (range.from < firstWholeMonth) pieces.push({ grain: 'day', from: range.from, to: addDays(firstWholeMonth, -1) })
  pieces.push({ grain: 'month', from: firstWholeMonth, to: addDays(endOfWholeMonths, -1) })
  if (endOfWholeMonths <= range.to) pieces.push({ grain: 'day', from: endOfWholeMonths, to: range.to })
  return pieces
}

/**
 * Rows of (period, <level keys>, [referrer_host | device], views, visitors, imported) for a range:
 * level keys are site_id, region_code, category_id for segments and article_id otherwise. The raw
 * level computes the article rows from page_views (slower; only for another time zone).
 */
function pageViewSource(db: AnyDb, q: StatsQuery, range: DayRange, level: Level): AnyQuery {
  const column = facetOf(q)
  let counted: AnyQuery
  if (level !== 'raw') {
    const table = ROLLUP_TABLES[level][column ?? 'null']
    const keys = level === 'segment' ? ['site_id', 'region_code', 'category_id'] : ['article_id']
    const columns = ['period', ...keys, ...(column ? [column] : []), 'views', 'visitors']
    const pieces = planGrains(range, q.by).map((piece) =>
      db
        .selectFrom(table)
        .select(columns)
        .select(sql.lit(0).as('imported'))
        .where('grain', '=', piece.grain)
        .where('period', '>=', piece.from)
        .where('period', '<=', piece.to),
    )
    counted = pieces.reduce((all, piece) => all.unionAll(piece))
  } else {
    counted = db
      .selectFrom('page_views')
      .select((eb) => [
        dayOf('occurred_at', q.timeZone).as('period'),
        'article_id',
        ...(column === 'referrer_host' ? [eb.fn.coalesce('referrer_host', sql.lit('')).as('referrer_host')] : column ? [column] : []),
        eb.fn.countAll().as('views'),
        eb.fn.count('visitor_hash').distinct().as('visitors'),
        sql.lit(0).as('imported'),
      ])
      .where('occurred_at', '>=', startOfDay(range.from, q.timeZone))
      .where('occurred_at', '<', startOfDay(addDays(range.to, 1), q.timeZone))
      .groupBy(['period', 'article_id', ...(column ? [column] : [])])
  }
  // Imported days have no referrer or device: a breakdown by either leaves them out.
  return column ? counted : counted.unionAll(importedSource(db, range, level))
}

/**
 * The portal's imported daily counts as source rows: views with no visitors, also counted as
 * `imported`. Their days are WITA days as the portal reported them; a query in another zone gets
 * them on the same calendar days (an imported day cannot be split into hours).
 */
function importedSource(db: AnyDb, range: DayRange, level: Level): AnyQuery {
  const qb = db.selectFrom('imported_daily_views as d').where('d.day', '>=', range.from).where('d.day', '<=', range.to)
  const counts = (eb: Eb) => [eb.ref('d.views').as('views'), sql.lit(0).as('visitors'), eb.ref('d.views').as('imported')]
  if (level !== 'segment') return qb.select((eb: Eb) => [eb.ref('d.day').as('period'), 'd.article_id', ...counts(eb)])
  return qb
    .innerJoin('articles as ia', 'ia.id', 'd.article_id')
    .select((eb: Eb) => [
      eb.ref('d.day').as('period'),
      'ia.site_id',
      eb.fn.coalesce(eb.fn<string>('left', [eb.ref('ia.region_code'), sql.lit(5)]), sql.lit('')).as('region_code'),
      eb.fn.coalesce('ia.category_id', sql.lit(0)).as('category_id'),
      ...counts(eb),
    ])
}

/** The text key of a page-view dimension, over source `r`, articles `a` (article level) and categories `c`. */
function pageViewKey(eb: Eb, dimension: Dimension, level: Level): Key {
  switch (dimension) {
    case 'day':
    case 'week':
    case 'month':
      return bucketKey(eb, eb.ref('r.period'), dimension)
    case 'site':
      return { value: eb.ref(level === 'segment' ? 'r.site_id' : 'a.site_id'), as: 'id' }
    case 'region':
      // Articles may be about a district or village ("64.08.12"): their regency is the first 5 characters
      // (segments store it so).
      if (level === 'segment') return textKey(eb.ref('r.region_code'))
      return textKey(eb.fn.coalesce(eb.fn<string>('left', [eb.ref('a.region_code'), sql.lit(5)]), sql.lit('')))
    case 'category':
      return textKey(eb.fn.coalesce(eb.ref('c.slug'), sql.lit('')))
    case 'author':
      return textKey(eb.fn.coalesce(eb.ref('a.author'), sql.lit('')))
    case 'article':
      return { value: eb.ref('r.article_id'), as: 'id' }
    case 'referrer':
      return textKey(eb.ref('r.referrer_host'))
    case 'device':
      return textKey(eb.ref('r.device'))
    default:
      throw new Error(`page views have no dimension ${dimension}`)
  }
}

/** The same filters over segment rows `r` (no author or article filter reaches the segment level). */
function whereSegment(query: AnyQuery, filters: StatsFilters): AnyQuery {
  let qb = query
  if (filters.site.length) qb = qb.where('r.site_id', 'in', filters.site)
  if (filters.region.length) qb = qb.where('r.region_code', 'in', filters.region)
  if (filters.category.length) {
    qb = qb.where('r.category_id', 'in', (eb: Eb) => eb.selectFrom('categories').select('id').where('slug', 'in', filters.category))
  }
  return qb
}

/** Article filters shared by the stats, the realtime numbers and the raw export (article alias `a`, id column `articleId`). */
function whereArticle(query: AnyQuery, filters: StatsFilters, articleId: string): AnyQuery {
  let qb = query
  if (filters.site.length) qb = qb.where('a.site_id', 'in', filters.site)
  if (filters.region.length) qb = qb.where((eb: Eb) => eb(eb.fn('left', [eb.ref('a.region_code'), sql.lit(5)]), 'in', filters.region))
  if (filters.category.length) {
    qb = qb.where('a.category_id', 'in', (eb: Eb) => eb.selectFrom('categories').select('id').where('slug', 'in', filters.category))
  }
  if (filters.author.length) qb = qb.where('a.author', 'in', filters.author)
  if (filters.article.length) qb = qb.where(articleId, 'in', filters.article)
  return qb
}

const needsArticles = (q: StatsQuery) =>
  q.filters.site.length > 0 ||
  q.filters.region.length > 0 ||
  q.filters.category.length > 0 ||
  q.filters.author.length > 0 ||
  [q.by, q.split].some((d) => d !== null && PAGE_VIEW_DIMENSIONS_NEEDING_ARTICLES.includes(d))

export interface FamilyOptions {
  /** Only these values of `by` (the comparison period asks for the keys the current period shows). */
  byKeys?: string[]
  /** Return only the top rows by this metric (a breakdown with a single metric family). */
  top?: { metric: Metric; limit: number }
}

function pageViewsQuery(db: AnyDb, q: StatsQuery, range: DayRange, rollupTimeZone: string, options: FamilyOptions): AnyQuery {
  const level = levelOf(q, rollupTimeZone)
  let qb: AnyQuery = db.selectFrom(pageViewSource(db, q, range, level).as('r'))
  if (level !== 'segment' && needsArticles(q)) qb = qb.innerJoin('articles as a', 'a.id', 'r.article_id')
  if (q.by === 'category' || q.split === 'category') {
    qb = qb.leftJoin('categories as c', 'c.id', level === 'segment' ? 'r.category_id' : 'a.category_id')
  }
  qb = level === 'segment' ? whereSegment(qb, q.filters) : whereArticle(qb, q.filters, 'r.article_id')
  qb = qb.select((eb: Eb) => [eb.fn.sum('r.views').as('views'), eb.fn.sum('r.visitors').as('visitors'), eb.fn.sum('r.imported').as('imported_views')])
  return groupByDimensions(qb, q, (eb, d) => pageViewKey(eb, d, level), options)
}

/** Adds by_key / split_key, their grouping, the key restriction and the top-N limit. */
function groupByDimensions(query: AnyQuery, q: StatsQuery, keyOf: (eb: Eb, d: Dimension) => Key, options: FamilyOptions): AnyQuery {
  let qb = query
  for (const [dimension, alias] of [
    [q.by, 'by_key'],
    [q.split, 'split_key'],
  ] as const) {
    if (!dimension) continue
    qb = qb.select((eb: Eb) => asText(eb, keyOf(eb, dimension)).as(alias)).groupBy((eb: Eb) => keyOf(eb, dimension).value)
  }
  if (q.by && options.byKeys) {
    const [by, keys] = [q.by, options.byKeys]
    qb = keys.length ? qb.where((eb: Eb) => eb(asText(eb, keyOf(eb, by)), 'in', keys)) : qb.where(sql.lit(false))
  }
  if (options.top) qb = qb.orderBy(options.top.metric, 'desc').orderBy('by_key').limit(options.top.limit)
  return qb
}

// ---------------------------------------------------------------------------------------------
// Articles published

function articlesQuery(db: AnyDb, q: StatsQuery, range: DayRange, options: FamilyOptions): AnyQuery {
  let qb: AnyQuery = db.selectFrom('articles as a')
  if (q.by === 'category' || q.split === 'category') qb = qb.leftJoin('categories as c', 'c.id', 'a.category_id')
  qb = qb
    .where('a.published_at', '>=', startOfDay(range.from, q.timeZone))
    .where('a.published_at', '<', startOfDay(addDays(range.to, 1), q.timeZone))
  qb = whereArticle(qb, q.filters, 'a.id')
  qb = qb.select((eb: Eb) => eb.fn.countAll().as('articles'))
  return groupByDimensions(
    qb,
    q,
    (eb, d) => (isTimeDimension(d) ? bucketKey(eb, dayOf('a.published_at', q.timeZone), d) : pageViewKey(eb, d, 'article')),
    options,
  )
}

// ---------------------------------------------------------------------------------------------
// KIM

function kimKey(eb: Eb, dimension: Dimension, day: AliasableExpression<unknown>): Key {
  if (isTimeDimension(dimension)) return bucketKey(eb, day, dimension)
  if (dimension === 'region') return textKey(eb.ref('g.region_code'))
  if (dimension === 'kim_group') return { value: eb.ref('g.id'), as: 'id' }
  if (dimension === 'activity_type') return textKey(eb.ref('k.type'))
  throw new Error(`KIM metrics have no dimension ${dimension}`)
}

function whereKimGroup(query: AnyQuery, filters: StatsFilters): AnyQuery {
  let qb = query
  if (filters.region.length) qb = qb.where('g.region_code', 'in', filters.region)
  if (filters.kim_group.length) qb = qb.where('g.id', 'in', filters.kim_group)
  return qb
}

function kimActivitiesQuery(db: AnyDb, q: StatsQuery, range: DayRange, options: FamilyOptions): AnyQuery {
  let qb: AnyQuery = db
    .selectFrom('kim_activities as k')
    .innerJoin('kim_groups as g', 'g.id', 'k.group_id')
    .where('k.date', '>=', range.from)
    .where('k.date', '<=', range.to)
  qb = whereKimGroup(qb, q.filters)
  if (q.filters.activity_type.length) qb = qb.where('k.type', 'in', q.filters.activity_type)
  qb = qb.select((eb: Eb) => [eb.fn.countAll().as('activities'), eb.fn.coalesce(eb.fn.sum('k.participants'), sql.lit(0)).as('participants')])
  return groupByDimensions(qb, q, (eb, d) => kimKey(eb, d, eb.ref('k.date')), options)
}

/**
 * Stock metrics of KIM groups, as of a day: the last day of the range, or of each time bucket (the
 * range's last day for the last, partial bucket). A group's status on a day is the latest change on
 * or before it (status history `kim_status_changes`); a group with no change yet did not exist.
 * covered_villages is turned into coverage (percent of villages) by run.ts.
 */
function kimGroupsQuery(db: AnyDb, q: StatsQuery, range: DayRange, options: FamilyOptions): AnyQuery {
  const bucket = isTimeDimension(q.by) ? q.by : null
  const withAsOf = bucket
    ? db.with('asof', (w) =>
        w
          .selectFrom(sql`generate_series(${range.from}::date, ${range.to}::date, interval '1 day')`.as('d'))
          .select((eb: Eb) => [bucketKey(eb, eb.cast<string>(eb.ref('d.d'), 'date'), bucket).value.as('bucket'), eb.cast(eb.fn.max('d.d'), 'date').as('at')])
          .groupBy('bucket'),
      )
    : db.with('asof', (w) => w.selectNoFrom((eb: Eb) => [eb.cast(eb.val(range.to), 'date').as('at')]))
  let qb: AnyQuery = withAsOf
    .with('spans', (w) =>
      w.selectFrom('kim_status_changes').select((eb: Eb) => [
        'group_id',
        'status',
        'changed_on',
        eb.fn.agg('lead', ['changed_on']).over((o) => o.partitionBy('group_id').orderBy('changed_on').orderBy('id')).as('next_change'),
      ]),
    )
    .selectFrom('asof')
    .innerJoin('spans as s', (join) =>
      join
        .onRef('s.changed_on', '<=', 'asof.at')
        .on((eb: Eb) => eb.or([eb('s.next_change', 'is', null), eb('s.next_change', '>', eb.ref('asof.at'))])),
    )
    .innerJoin('kim_groups as g', 'g.id', 's.group_id')
  qb = whereKimGroup(qb, q.filters)
  qb = qb.select((eb: Eb) => [
    eb.fn.count('s.group_id').filterWhere('s.status', '<>', 'bubar').as('kim_groups'),
    eb.fn.count('s.group_id').filterWhere('s.status', '=', 'aktif').as('kim_active'),
    eb.fn.count('g.village_code').distinct().filterWhere('s.status', '<>', 'bubar').as('covered_villages'),
  ])
  return groupByDimensions(qb, q, (eb, d) => (isTimeDimension(d) ? { value: eb.ref('asof.bucket'), as: 'day' } : kimKey(eb, d, eb.ref('asof.at'))), options)
}

/**
 * For a transaction that reads rollups: no parallel workers. The rollup queries read thousands of
 * rows, not millions; starting workers cost more than they saved (on a busy two-core server, ~100 ms
 * of waiting for a 4 ms query, see docs/BENCHMARKS.md). Raw-row queries keep them.
 */
export const serialPlansForRollups = sql`set local max_parallel_workers_per_gather = 0`

/** Villages (desa and kelurahan) per regency: the denominator of `coverage`. */
export function villagesPerRegencyQuery(db: Db) {
  return (db as unknown as AnyDb)
    .selectFrom('regions')
    .select((eb: Eb) => [eb.fn('left', ['code', sql.lit(5)]).as('region'), eb.fn.countAll().as('villages')])
    .where('level', '=', 'desa')
    .groupBy('region')
}

/** The SQL of one metric family for one day range. */
export function buildFamilyQuery(
  db: Db,
  family: MetricFamily,
  q: StatsQuery,
  range: DayRange,
  rollupTimeZone: string,
  options: FamilyOptions = {},
): SelectQueryBuilder<any, any, CountRow> {
  const any = db as unknown as AnyDb
  switch (family) {
    case 'page_views':
      return pageViewsQuery(any, q, range, rollupTimeZone, options)
    case 'articles':
      return articlesQuery(any, q, range, options)
    case 'kim_activities':
      return kimActivitiesQuery(any, q, range, options)
    case 'kim_groups':
      return kimGroupsQuery(any, q, range, options)
  }
}

// ---------------------------------------------------------------------------------------------
// Labels

/** Names for the keys of a dimension that has them in a table; other dimensions are labelled in code. */
export function buildLabelQuery(db: Db, dimension: Dimension, keys: string[]): SelectQueryBuilder<any, any, any> | null {
  const any = db as unknown as AnyDb
  const ids = keys.filter((k) => /^\d+$/.test(k)).map(Number)
  switch (dimension) {
    case 'site':
      return any.selectFrom('sites').select((eb: Eb) => [eb.cast<string>(eb.ref('id'), 'text').as('key'), 'name as label']).where('id', 'in', ids.length ? ids : [0])
    case 'region':
      return any.selectFrom('regions').select(['code as key', 'name as label']).where('code', 'in', keys.length ? keys : [''])
    case 'category':
      return any.selectFrom('categories').select(['slug as key', 'name as label']).where('slug', 'in', keys.length ? keys : [''])
    case 'article':
      return any
        .selectFrom('articles')
        .select((eb: Eb) => [eb.cast<string>(eb.ref('id'), 'text').as('key'), eb.fn.coalesce('title', 'url').as('label'), 'url'])
        .where('id', 'in', ids.length ? ids : [0])
    case 'kim_group':
      return any.selectFrom('kim_groups').select((eb: Eb) => [eb.cast<string>(eb.ref('id'), 'text').as('key'), 'name as label']).where('id', 'in', ids.length ? ids : [0])
    default:
      return null
  }
}

// ---------------------------------------------------------------------------------------------
// Realtime (rollup_minutes, rollup_hours)

/**
 * Views per minute since `since` and per hour since `hoursSince` (both until `until`), and the top
 * articles of the minutes, under the article filters of the stats query.
 */
export function buildRealtimeQueries(db: Db, filters: StatsFilters, since: Date, hoursSince: Date, until: Date, limit: number) {
  const any = db as unknown as AnyDb
  const withArticles = (table: 'rollup_minutes' | 'rollup_hours', column: 'minute' | 'hour', from: Date): AnyQuery =>
    whereArticle(
      any
        .selectFrom(`${table} as r`)
        .innerJoin('articles as a', 'a.id', 'r.article_id')
        .where(`r.${column}`, '>=', from)
        .where(`r.${column}`, '<', until),
      filters,
      'r.article_id',
    )
  return {
    minutes: withArticles('rollup_minutes', 'minute', since)
      .select((eb: Eb) => ['r.minute as at', eb.fn.sum('r.views').as('views')])
      .groupBy('r.minute')
      .orderBy('r.minute'),
    hours: withArticles('rollup_hours', 'hour', hoursSince)
      .select((eb: Eb) => ['r.hour as at', eb.fn.sum('r.views').as('views')])
      .groupBy('r.hour')
      .orderBy('r.hour'),
    articles: withArticles('rollup_minutes', 'minute', since)
      .select((eb: Eb) => [eb.cast<string>(eb.ref('a.id'), 'text').as('key'), eb.fn.coalesce('a.title', 'a.url').as('label'), 'a.url', eb.fn.sum('r.views').as('views')])
      .groupBy('a.id')
      .orderBy('views', 'desc')
      .orderBy('a.id')
      .limit(limit),
  }
}

// ---------------------------------------------------------------------------------------------
// Raw exports: keyset pages of 10,000 rows by id, so memory stays flat and the connection is free
// between pages (PGlite has only one).

export const EXPORT_PAGE_SIZE = 10_000

/**
 * One page of page views after id `afterId`, in id order, without their articles: those are read
 * once per export (buildExportArticles), which halves the work per row. Article filters become a
 * semi-join on the matching article ids.
 */
export function buildPageViewExportPage(db: Db, filters: StatsFilters, range: DayRange, timeZone: string, afterId: string, bounds: { lastId: string }) {
  const any = db as unknown as AnyDb
  let qb: AnyQuery = any
    .selectFrom('page_views as v')
    .where('v.id', '>', afterId)
    .where('v.id', '<=', bounds.lastId)
    .where('v.occurred_at', '>=', startOfDay(range.from, timeZone))
    .where('v.occurred_at', '<', startOfDay(addDays(range.to, 1), timeZone))
  const { site, region, category, author, article } = filters
  if (site.length || region.length || category.length || author.length || article.length) {
    qb = qb.where('v.article_id', 'in', whereArticle(any.selectFrom('articles as a').select('a.id'), filters, 'a.id'))
  }
  return qb
    .select((eb: Eb) => [
      'v.id',
      eb.fn<string>('to_char', [sql`v.occurred_at at time zone ${sql.lit(timeZone)}`, sql.lit('YYYY-MM-DD HH24:MI:SS')]).as('occurred_at'),
      'v.article_id',
      'v.referrer_host',
      'v.device',
      'v.browser',
    ])
    .orderBy('v.id')
    .limit(EXPORT_PAGE_SIZE)
}

/** What the export writes about an article, for the given ids. */
export function buildExportArticles(db: Db, ids: number[]) {
  return (db as unknown as AnyDb)
    .selectFrom('articles as a')
    .leftJoin('sites as s', 's.id', 'a.site_id')
    .leftJoin('categories as c', 'c.id', 'a.category_id')
    .leftJoin('regions as rg', 'rg.code', 'a.region_code')
    .select(['a.id', 's.hostname as site', 'a.url', 'a.title', 'a.region_code', 'rg.name as region_name', 'c.name as category', 'a.author'])
    .where('a.id', 'in', ids.length ? ids : [0])
}

/**
 * The id range of the page views in a day range: pages then walk the primary key between the two
 * instead of scanning from the table's start (ids grow with time, so the range is tight).
 */
export function buildPageViewIdBounds(db: Db, range: DayRange, timeZone: string) {
  return (db as unknown as AnyDb)
    .selectFrom('page_views')
    .select((eb: Eb) => [eb.fn.min('id').as('first_id'), eb.fn.max('id').as('last_id')])
    .where('occurred_at', '>=', startOfDay(range.from, timeZone))
    .where('occurred_at', '<', startOfDay(addDays(range.to, 1), timeZone))
}

/** One page of KIM activities (with their group) after id `afterId`. */
export function buildKimActivityExportPage(db: Db, filters: StatsFilters, range: DayRange, afterId: number) {
  let qb: AnyQuery = (db as unknown as AnyDb)
    .selectFrom('kim_activities as k')
    .innerJoin('kim_groups as g', 'g.id', 'k.group_id')
    .leftJoin('regions as rg', 'rg.code', 'g.region_code')
    .leftJoin('regions as vl', 'vl.code', 'g.village_code')
    .where('k.id', '>', afterId)
    .where('k.date', '>=', range.from)
    .where('k.date', '<=', range.to)
  qb = whereKimGroup(qb, filters)
  if (filters.activity_type.length) qb = qb.where('k.type', 'in', filters.activity_type)
  return qb
    .select((eb: Eb) => [
      'k.id',
      eb.fn<string>('to_char', ['k.date', DATE_FORMAT]).as('date'),
      'g.id as group_id',
      'g.name as group_name',
      'g.region_code',
      'rg.name as region_name',
      'g.village_code',
      'vl.name as village_name',
      'k.type',
      'k.title',
      'k.participants',
      'k.content_items',
      'k.article_url',
      'k.notes',
    ])
    .orderBy('k.id')
    .limit(EXPORT_PAGE_SIZE)
}
