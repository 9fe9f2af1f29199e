import { buildRealtimeQueries } from '@jangkau/server/stats/realtime.ts'
import { buildKimActivityExportPage, buildPageViewExportPage } from '@jangkau/server/stats/raw-export.ts'
import { buildFamilyQuery, villagesPerRegencyQuery, type FamilyOptions } from '@jangkau/server/stats/sql/index.ts'
import { buildLabelQuery } from '@jangkau/server/stats/sql/label-query.ts'
import type { Db } from '@jangkau/server/db/kysely.ts'
import {
  FAMILY_SUPPORT,
  parseStatsQuery,
  type Dimension,
  type MetricFamily,
  type StatsEndpoint,
  type StatsQuery,
  type StatsQueryParams,
} from '@jangkau/shared'
import type { Compilable } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

/*
 * The SQL of the stats queries, pinned as Kysely's own where.test.ts does: each query is compiled and
 * its tables and parameters (and for a few, the whole SQL) are compared with what they must be. The
 * numbers themselves are tested in stats-views.test.ts and stats-property.test.ts; these tests catch a query
 * that answers the same numbers from the wrong table (a fall-back from the rollups to raw page_views
 * is correct but thousands of times slower). At the end every query compiled here is run on the real
 * database, so none is only well-formed on paper.
 */

const WITA = 'Asia/Makassar'
const MONTHS = { from: '2026-01-01', to: '2026-03-31' }
const PARTIAL = { from: '2026-01-15', to: '2026-04-10' }
/** planGrains of PARTIAL: the days of January's second half, February and March whole, April's first days. */
const PARTIAL_GRAINS = ['day', '2026-01-15', '2026-01-31', 'month', '2026-02-01', '2026-03-31', 'day', '2026-04-01', '2026-04-10']

const ROLLUPS = [
  'rollup_views',
  'rollup_referrers',
  'rollup_devices',
  'rollup_segment_views',
  'rollup_segment_referrers',
  'rollup_segment_devices',
  'page_views',
]

/** The parsed query of these parameters (endpoint by default from `by` and `split`), range MONTHS unless given. */
function query(params: StatsQueryParams, endpoint?: StatsEndpoint): StatsQuery {
  endpoint ??= params.split ? 'compare' : params.by ? 'breakdown' : 'summary'
  const parsed = parseStatsQuery({ ...MONTHS, ...params }, endpoint, { timeZone: WITA, today: '2026-06-01' })
  if (!parsed.ok) throw new Error(`${parsed.code}: ${parsed.message}`)
  return parsed.query
}

/** The tables (and CTEs) a statement reads, each once, sorted. */
function tablesRead(sqlText: string): string[] {
  return [...new Set([...sqlText.matchAll(/\b(?:from|join) "(\w+)"/g)].map((m) => m[1]!))].sort()
}

/** How many times a table is read (once per grain piece for the rollups). */
const readsOf = (sqlText: string, table: string) => sqlText.split(`from "${table}"`).length - 1

describe(`stats SQL on ${testDatabase}`, () => {
  let t: TestApp
  let db: Db
  /** Every statement compiled by a test, run on the real database at the end. */
  const compiled: { name: string; query: Compilable<unknown> }[] = []
  const compile = (name: string, q: Compilable<unknown>) => {
    compiled.push({ name, query: q })
    return q.compile()
  }
  const family = (f: MetricFamily, q: StatsQuery, options: FamilyOptions = {}, range = q.range) =>
    compile(`${f} ${JSON.stringify(q)}`, buildFamilyQuery(db, f, q, range, WITA, options))

  beforeAll(async () => {
    t = await createTestApp()
    db = t.app.readDb
  })
  afterAll(async () => {
    await t?.close()
  })

  describe('page views: the table decider', () => {
    it('answers a summary in the report zone from the segment rollups and the imported history, whole months from month rows', () => {
      const { sql, parameters } = family('page_views', query({}, 'summary'))
      expect(sql).toBe(
        'select sum("r"."views") as "views", sum("r"."visitors") as "visitors", sum("r"."imported") as "imported_views" from (' +
          'select "period", "site_id", "region_code", "category_id", "views", "visitors", 0 as "imported" from "rollup_segment_views" ' +
          'where "grain" = $1 and "period" >= $2 and "period" <= $3 union all ' +
          'select "d"."day" as "period", "ia"."site_id", coalesce(left("ia"."region_code", 5), \'\') as "region_code", ' +
          'coalesce("ia"."category_id", 0) as "category_id", "d"."views" as "views", 0 as "visitors", "d"."views" as "imported" ' +
          'from "imported_daily_views" as "d" inner join "articles" as "ia" on "ia"."id" = "d"."article_id" ' +
          'where "d"."day" >= $4 and "d"."day" <= $5) as "r"',
      )
      expect(parameters).toEqual(['month', '2026-01-01', '2026-03-31', '2026-01-01', '2026-03-31'])
    })

    // Every dimension and filter that the segments can answer stays on them, whatever the grain.
    const segmentCases: [string, StatsQueryParams, string][] = [
      ['by region', { by: 'region' }, 'rollup_segment_views'],
      ['by site', { by: 'site' }, 'rollup_segment_views'],
      ['by category', { by: 'category' }, 'rollup_segment_views'],
      ['by day', { by: 'day' }, 'rollup_segment_views'],
      ['by week, split by region', { by: 'week', split: 'region' }, 'rollup_segment_views'],
      [
        'by month, filtered by site, region and category',
        { by: 'month', site: ['1'], region: ['64.08'], category: ['pemerintahan'] },
        'rollup_segment_views',
      ],
      ['by referrer', { by: 'referrer' }, 'rollup_segment_referrers'],
      ['by device, filtered by region', { by: 'device', region: ['64.08'] }, 'rollup_segment_devices'],
      ['by region, split by referrer', { by: 'region', split: 'referrer' }, 'rollup_segment_referrers'],
    ]
    it.each(segmentCases)('reads the segment rollups only: %s', (_, params, table) => {
      for (const range of [MONTHS, PARTIAL]) {
        const { sql } = family('page_views', query({ ...params, ...range }))
        expect(ROLLUPS.filter((r) => readsOf(sql, r) > 0)).toEqual([table])
      }
    })

    const articleCases: [string, StatsQueryParams, string][] = [
      ['by author', { by: 'author' }, 'rollup_views'],
      ['by article', { by: 'article' }, 'rollup_views'],
      ['by region, filtered by author', { by: 'region', author: ['Budi'] }, 'rollup_views'],
      ['by day, filtered by article', { by: 'day', article: ['7'] }, 'rollup_views'],
      ['by referrer, filtered by article', { by: 'referrer', article: ['7'] }, 'rollup_referrers'],
      ['by author, split by device', { by: 'author', split: 'device' }, 'rollup_devices'],
    ]
    it.each(articleCases)('reads the article rollups when the query names an author or article: %s', (_, params, table) => {
      const { sql } = family('page_views', query(params))
      expect(ROLLUPS.filter((r) => readsOf(sql, r) > 0)).toEqual([table])
    })

    it('reads raw page_views only for another zone than the rollups, with and without a facet', () => {
      for (const params of [{}, { by: 'region' as const }, { by: 'referrer' as const }, { by: 'author' as const }]) {
        const { sql } = family('page_views', query({ ...params, tz: 'UTC' }))
        expect(ROLLUPS.filter((r) => readsOf(sql, r) > 0)).toEqual(['page_views'])
      }
      const { sql, parameters } = family('page_views', query({ tz: 'UTC', by: 'device' }))
      expect(sql).toContain('from "page_views" where "occurred_at" >= ($1::date)::timestamp at time zone \'UTC\'')
      expect(sql).toContain('group by "period", "article_id", "device"')
      expect(parameters).toEqual(['2026-01-01', '2026-04-01'])
    })

    it('never falls back to raw page_views or the article rollups in the report zone unless an author or article is named', () => {
      const support = FAMILY_SUPPORT.page_views
      const dimensions: (Dimension | undefined)[] = [undefined, ...support.dimensions]
      let checked = 0
      for (const by of dimensions) {
        for (const split of [undefined, 'region', 'category', 'site', 'referrer', 'device', 'author', 'article'] as const) {
          if (split === by || (split && !by)) continue
          const facets = [by, split].filter((d) => d === 'referrer' || d === 'device' || d === 'browser')
          if (facets.length === 2) continue
          // Browsers are asked per article only (browser_needs_article): the next test reads them.
          if (facets.includes('browser')) continue
          const q = query({ by, split })
          const { sql } = family('page_views', q)
          const named = [by, split].some((d) => d === 'author' || d === 'article')
          const facet = [by, split].includes('referrer') ? 'referrers' : [by, split].includes('device') ? 'devices' : 'views'
          expect(
            ROLLUPS.filter((r) => readsOf(sql, r) > 0),
            JSON.stringify({ by, split }),
          ).toEqual([named ? `rollup_${facet}` : `rollup_segment_${facet}`])
          checked++
        }
      }
      expect(checked).toBeGreaterThan(50)
    })

    it('counts browsers from the stored page views of the named articles only', () => {
      const { sql, parameters } = family('page_views', query({ by: 'browser', article: ['7'] }))
      expect(ROLLUPS.filter((r) => readsOf(sql, r) > 0)).toEqual(['page_views'])
      expect(sql).toContain('"article_id" in (')
      expect(parameters).toContain(7)
      const siteWide = parseStatsQuery({ ...MONTHS, by: 'browser' }, 'breakdown', { timeZone: WITA, today: '2026-06-01' })
      expect(siteWide).toMatchObject({ ok: false, code: 'browser_needs_article' })
    })
  })

  describe('page views: grains, facets, filters and the imported history', () => {
    it('covers a partial range with day rows at both ends and month rows between, on every level', () => {
      for (const params of [{ by: 'region' as const }, { by: 'author' as const }]) {
        const { sql, parameters } = family('page_views', query({ ...params, ...PARTIAL }))
        const table = params.by === 'region' ? 'rollup_segment_views' : 'rollup_views'
        expect(readsOf(sql, table)).toBe(3)
        // The three pieces, then the imported days of the whole range.
        expect(parameters).toEqual([...PARTIAL_GRAINS, PARTIAL.from, PARTIAL.to])
      }
    })

    it('reads day rows throughout for days and weeks, month rows only for whole months', () => {
      for (const by of ['day', 'week'] as const) {
        const { sql, parameters } = family('page_views', query({ by, ...PARTIAL }, 'timeseries'))
        expect(readsOf(sql, 'rollup_segment_views')).toBe(1)
        expect(parameters).toEqual(['day', PARTIAL.from, PARTIAL.to, PARTIAL.from, PARTIAL.to])
      }
      const month = family('page_views', query({ by: 'month', ...PARTIAL }, 'timeseries'))
      expect(month.parameters.slice(0, 9)).toEqual(PARTIAL_GRAINS)
      const short = family('page_views', query({ from: '2026-02-03', to: '2026-02-20' }, 'summary'))
      expect(short.parameters).toEqual(['day', '2026-02-03', '2026-02-20', '2026-02-03', '2026-02-20'])
    })

    it('adds the imported history to views, at the level asked, but not to referrers or devices', () => {
      const segment = family('page_views', query({ by: 'region' }))
      expect(tablesRead(segment.sql)).toEqual(['articles', 'imported_daily_views', 'rollup_segment_views'])
      expect(segment.sql).toContain('inner join "articles" as "ia" on "ia"."id" = "d"."article_id"')

      // By article: neither the imported rows nor the counted ones need their article.
      const article = family('page_views', query({ by: 'article' }))
      expect(tablesRead(article.sql)).toEqual(['imported_daily_views', 'rollup_views'])
      expect(article.sql).toContain('select "d"."day" as "period", "d"."article_id", "d"."views" as "views", 0 as "visitors"')

      const raw = family('page_views', query({ by: 'author', tz: 'UTC' }))
      expect(tablesRead(raw.sql)).toEqual(['articles', 'imported_daily_views', 'page_views'])

      for (const by of ['referrer', 'device'] as const) {
        for (const params of [{}, { tz: 'UTC' }, { author: ['Budi'] }]) {
          const { sql } = family('page_views', query({ by, ...params }))
          expect(readsOf(sql, 'imported_daily_views')).toBe(0)
        }
      }
    })

    it('filters segments by their own columns and articles by theirs, with the values as parameters', () => {
      const filters = { site: ['1', '2'], region: ['64.08'], category: ['pemerintahan'] }
      const segment = family('page_views', query({ by: 'category', ...filters }))
      expect(segment.sql).toContain('left join "categories" as "c" on "c"."id" = "r"."category_id"')
      expect(segment.sql).toContain(
        'where "r"."site_id" in ($6, $7) and "r"."region_code" in ($8) and ' +
          '"r"."category_id" in (select "id" from "categories" where "slug" in ($9))',
      )
      expect(segment.sql).toContain('group by coalesce("c"."slug", \'\')')
      expect(segment.parameters).toEqual(['month', '2026-01-01', '2026-03-31', '2026-01-01', '2026-03-31', 1, 2, '64.08', 'pemerintahan'])

      const article = family('page_views', query({ by: 'category', ...filters, author: ['Budi'], article: ['7'] }))
      expect(article.sql).toContain('inner join "articles" as "a" on "a"."id" = "r"."article_id"')
      expect(article.sql).toContain('left join "categories" as "c" on "c"."id" = "a"."category_id"')
      expect(article.sql).toContain(
        'where "a"."site_id" in ($6, $7) and left("a"."region_code", 5) in ($8) and ' +
          '"a"."category_id" in (select "id" from "categories" where "slug" in ($9)) and ' +
          '"a"."author" in ($10) and "r"."article_id" in ($11)',
      )
      expect(article.parameters.slice(5)).toEqual([1, 2, '64.08', 'pemerintahan', 'Budi', 7])
    })

    it('keys regions by regency: as stored on segments, from the article code otherwise', () => {
      expect(family('page_views', query({ by: 'region' })).sql).toContain('"r"."region_code" as "by_key"')
      expect(family('page_views', query({ by: 'region', author: ['Budi'] })).sql).toContain(
        'coalesce(left("a"."region_code", 5), \'\') as "by_key"',
      )
    })

    it('restricts the comparison period to the keys shown and keeps only the top rows of a breakdown', () => {
      const keys = family('page_views', query({ by: 'region' }), { byKeys: ['64.08', ''] })
      expect(keys.sql).toMatch(/ where "r"\."region_code" in \(\$6, \$7\) group by "r"\."region_code"$/)
      expect(keys.parameters.slice(5)).toEqual(['64.08', ''])
      expect(family('page_views', query({ by: 'region' }), { byKeys: [] }).sql).toContain(' where false ')
      const top = family('page_views', query({ by: 'article' }), { top: { metric: 'views', limit: 5 } })
      expect(top.sql).toMatch(/group by "r"\."article_id" order by "views" desc, "by_key" limit \$6$/)
      expect(top.sql).toContain('cast("r"."article_id" as text) as "by_key"')
      expect(top.parameters.at(-1)).toBe(5)
    })
  })

  describe('articles, KIM activities, KIM groups', () => {
    it('counts articles published in the range from articles, bucketed in the query zone', () => {
      const { sql, parameters } = family('articles', query({ metrics: ['articles'], by: 'month' }, 'timeseries'))
      const month = 'cast(date_trunc(\'month\', cast(("a"."published_at" at time zone \'Asia/Makassar\')::date as timestamp)) as date)'
      expect(sql).toBe(
        `select count(*) as "articles", to_char(${month}, 'YYYY-MM-DD') as "by_key" from "articles" as "a" ` +
          'where "a"."published_at" >= ($1::date)::timestamp at time zone \'Asia/Makassar\' ' +
          `and "a"."published_at" < ($2::date)::timestamp at time zone 'Asia/Makassar' group by ${month}`,
      )
      expect(parameters).toEqual(['2026-01-01', '2026-04-01'])
      const filtered = family('articles', query({ metrics: ['articles'], by: 'category', region: ['64.08'], author: ['Budi'] }))
      expect(tablesRead(filtered.sql)).toEqual(['articles', 'categories'])
      expect(filtered.parameters).toEqual(['2026-01-01', '2026-04-01', '64.08', 'Budi'])
    })

    it('counts KIM activities from kim_activities joined to their group', () => {
      const { sql, parameters } = family('kim_activities', query({ metrics: ['activities', 'participants'], by: 'activity_type' }))
      expect(sql).toBe(
        'select count(*) as "activities", coalesce(sum("k"."participants"), 0) as "participants", "k"."type" as "by_key" ' +
          'from "kim_activities" as "k" inner join "kim_groups" as "g" on "g"."id" = "k"."group_id" ' +
          'where "k"."date" >= $1 and "k"."date" <= $2 group by "k"."type"',
      )
      expect(parameters).toEqual(['2026-01-01', '2026-03-31'])
      const params = { metrics: ['activities'], by: 'kim_group' as const, region: ['64.08'], kim_group: ['3'], activity_type: ['bimtek'] }
      const filtered = family('kim_activities', query(params))
      expect(filtered.sql).toContain(
        'where "k"."date" >= $1 and "k"."date" <= $2 and "g"."region_code" in ($3) and "g"."id" in ($4) and "k"."type" in ($5)',
      )
      expect(filtered.parameters).toEqual(['2026-01-01', '2026-03-31', '64.08', 3, 'bimtek'])
    })

    it('counts KIM groups from their status history as of the last day of the range or of each bucket', () => {
      const spans =
        '"spans" as (select "group_id", "status", "changed_on", ' +
        'lead("changed_on") over(partition by "group_id" order by "changed_on", "id") as "next_change" from "kim_status_changes")'
      const counts =
        'count("s"."group_id") filter(where "s"."status" <> $3) as "kim_groups", ' +
        'count("s"."group_id") filter(where "s"."status" = $4) as "kim_active", ' +
        'count(distinct "g"."village_code") filter(where "s"."status" <> $5) as "covered_villages", ' +
        'count(distinct "g"."village_code") filter(where "s"."status" = $6) as "active_villages"'
      const week = family('kim_groups', query({ metrics: ['kim_groups', 'kim_active', 'coverage'], by: 'week' }, 'timeseries'))
      expect(week.sql).toBe(
        'with "asof" as (select cast(date_trunc(\'week\', cast(cast("d"."d" as date) as timestamp)) as date) as "bucket", ' +
          'cast(max("d"."d") as date) as "at" from generate_series($1::date, $2::date, interval \'1 day\') as "d" group by "bucket"), ' +
          `${spans} select ${counts}, to_char("asof"."bucket", 'YYYY-MM-DD') as "by_key" from "asof" ` +
          'inner join "spans" as "s" on "s"."changed_on" <= "asof"."at" ' +
          'and ("s"."next_change" is null or "s"."next_change" > "asof"."at") ' +
          'inner join "kim_groups" as "g" on "g"."id" = "s"."group_id" group by "asof"."bucket"',
      )
      expect(week.parameters).toEqual(['2026-01-01', '2026-03-31', 'bubar', 'aktif', 'bubar', 'aktif'])

      const region = family('kim_groups', query({ metrics: ['kim_groups'], by: 'region', kim_group: ['3'] }))
      expect(region.sql).toMatch(/^with "asof" as \(select cast\(\$1 as date\) as "at"\), "spans" as/)
      expect(region.sql).toContain('where "g"."id" in ($6) group by "g"."region_code"')
      expect(region.parameters).toEqual(['2026-03-31', 'bubar', 'aktif', 'bubar', 'aktif', 3])
      expect(tablesRead(region.sql)).toEqual(['asof', 'kim_groups', 'kim_status_changes', 'spans'])
    })

    it('counts villages per regency for coverage', () => {
      const { sql } = compile('villages', villagesPerRegencyQuery(db))
      expect(sql).toBe('select left("code", 5) as "region", count(*) as "villages" from "regions" where "level" = $1 group by "region"')
    })
  })

  describe('labels, realtime and raw exports', () => {
    it('names keys from the table of their dimension', () => {
      const cases: [Dimension, string][] = [
        ['site', 'select cast("id" as text) as "key", "name" as "label" from "sites" where "id" in ($1)'],
        ['region', 'select "code" as "key", "name" as "label" from "regions" where "code" in ($1, $2)'],
        ['category', 'select "slug" as "key", "name" as "label" from "categories" where "slug" in ($1, $2)'],
        ['article', 'select cast("id" as text) as "key", coalesce("title", "url") as "label", "url" from "articles" where "id" in ($1)'],
        ['kim_group', 'select cast("id" as text) as "key", "name" as "label" from "kim_groups" where "id" in ($1)'],
      ]
      for (const [dimension, expected] of cases) {
        const labels = buildLabelQuery(db, dimension, ['12', '64.08'])!
        expect(compile(`label ${dimension}`, labels).sql).toBe(expected)
      }
      expect(buildLabelQuery(db, 'site', ['64.08'])!.compile().parameters).toEqual([0])
      expect(buildLabelQuery(db, 'author', ['Budi'])).toBeNull()
    })

    it('reads the realtime numbers from rollup_minutes and rollup_hours under the article filters', () => {
      const filters = query({ region: ['64.08'] }).filters
      const since = new Date('2026-03-01T00:00:00Z')
      const queries = buildRealtimeQueries(db, filters, since, new Date('2026-02-27T01:00:00Z'), new Date('2026-03-01T00:30:00Z'), 8)
      const minutes = compile('realtime minutes', queries.minutes)
      expect(tablesRead(minutes.sql)).toEqual(['articles', 'rollup_minutes'])
      expect(minutes.sql).toContain('where "r"."minute" >= $1 and "r"."minute" < $2 and left("a"."region_code", 5) in ($3)')
      expect(minutes.parameters).toEqual([since, new Date('2026-03-01T00:30:00Z'), '64.08'])
      expect(tablesRead(compile('realtime hours', queries.hours).sql)).toEqual(['articles', 'rollup_hours'])
      const articles = compile('realtime articles', queries.articles)
      expect(articles.sql).toMatch(/group by "a"\."id" order by "views" desc, "a"\."id" limit \$4$/)
    })

    it('pages the raw exports by id, with article filters as a semi-join', () => {
      const filters = query({ category: ['pemerintahan'] }).filters
      const views = compile('export page views', buildPageViewExportPage(db, filters, PARTIAL, WITA, '41', { lastId: '99' }))
      expect(views.sql).toContain(
        'where "v"."id" > $1 and "v"."id" <= $2 and "v"."occurred_at" >= ($3::date)::timestamp at time zone \'Asia/Makassar\' ' +
          'and "v"."occurred_at" < ($4::date)::timestamp at time zone \'Asia/Makassar\' and "v"."article_id" in ' +
          '(select "a"."id" from "articles" as "a" where "a"."category_id" in (select "id" from "categories" where "slug" in ($5)))',
      )
      expect(views.sql).toMatch(/order by "v"\."id" limit \$6$/)
      expect(views.parameters).toEqual(['41', '99', PARTIAL.from, '2026-04-11', 'pemerintahan', 10_000])
      const unfiltered = compile('export all', buildPageViewExportPage(db, query({}).filters, PARTIAL, WITA, '0', { lastId: '9' }))
      expect(tablesRead(unfiltered.sql)).toEqual(['page_views'])

      const kimFilters = query({ metrics: ['activities'], region: ['64.08'], activity_type: ['bimtek'] }).filters
      const kim = compile('export KIM', buildKimActivityExportPage(db, kimFilters, PARTIAL, 12))
      expect(tablesRead(kim.sql)).toEqual(['kim_activities', 'kim_groups', 'regions'])
      expect(kim.parameters).toEqual([12, PARTIAL.from, PARTIAL.to, '64.08', 'bimtek', 10_000])
    })
  })

  it('runs every statement compiled above on the real database', async () => {
    expect(compiled.length).toBeGreaterThan(60)
    for (const { name, query: q } of compiled) {
      await expect(db.executeQuery(q.compile()), name).resolves.toHaveProperty('rows')
    }
  })
})
