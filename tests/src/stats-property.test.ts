import fc from 'fast-check'
import { rebuildRollups } from '@jangkau/server/queries/rebuild-rollups.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn } from './helpers/auth.ts'
import {
  ARTICLES,
  clearPageViews,
  DEVICES,
  recountPageViews,
  REFERRERS,
  rollupSnapshot,
  seedCatalog,
  storeViews,
  type Catalog,
  type RecountDimension,
  type Recounted,
  type ViewSpec,
} from './helpers/page-views.ts'
import { createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

// Random page views, stored through insertPageViews in random batches and in random order, and random
// stats queries over them: every answer must equal an independent recount from the raw rows. The
// views fall around WITA midnight and across month ends, in two years (for compare=year).

const DAY_MS = 86_400_000
/** Midnight WITA of 20 January 2025 and 2026: the data spans ~75 days from each (three month ends). */
const SEGMENTS = [Date.parse('2025-01-20T00:00:00+08:00'), Date.parse('2026-01-20T00:00:00+08:00')]
const SPAN_DAYS = 75

/** Days are WITA days: shifting the WITA midnight of a segment by whole days stays on WITA midnights. */
const witaDay = (segment: number, offset: number) =>
  new Date(SEGMENTS[segment]! + offset * DAY_MS + 8 * 3600_000).toISOString().slice(0, 10)
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS)

/** Bucket starts of a range, computed here independently of the server's calendar helpers. */
function buckets(from: string, to: string, by: 'day' | 'week' | 'month'): string[] {
  const out: string[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const date = new Date(`${d}T00:00:00Z`)
    const start = by === 'day' ? d : by === 'week' ? addDays(d, -((date.getUTCDay() + 6) % 7)) : `${d.slice(0, 7)}-01`
    if (out[out.length - 1] !== start) out.push(start)
  }
  return out
}

const change = (current: number, previous: number) => (previous === 0 ? null : Math.round(((current - previous) / previous) * 1000) / 10)

const viewArb = fc.record({
  segment: fc.integer({ min: 0, max: 1 }),
  day: fc.integer({ min: 0, max: SPAN_DAYS - 1 }),
  // Minutes of the WITA day, often right at midnight.
  minute: fc.oneof(fc.constantFrom(0, 1, 1438, 1439), fc.integer({ min: 0, max: 1439 })),
  article: fc.integer({ min: 0, max: ARTICLES.length - 1 }),
  visitor: fc.integer({ min: 0, max: 4 }),
  referrer: fc.integer({ min: 0, max: REFERRERS.length - 1 }),
  device: fc.integer({ min: 0, max: DEVICES.length - 1 }),
})

const DIMENSIONS = [null, 'day', 'week', 'month', 'site', 'region', 'category', 'author', 'article', 'referrer', 'device'] as const

/** Null three times out of four: filters are combined, but most queries keep some data. */
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb })

const queryArb = fc.record({
  metrics: fc.constantFrom(['views'], ['visitors'], ['views', 'visitors'], ['visitors', 'views']),
  by: fc.constantFrom(...DIMENSIONS),
  segment: fc.integer({ min: 0, max: 1 }),
  start: fc.integer({ min: -3, max: SPAN_DAYS }),
  length: fc.integer({ min: 1, max: SPAN_DAYS }),
  compare: fc.constantFrom(null, 'previous', 'year'),
  // Asia/Jakarta (WIB) days do not match the rollups' WITA days: that path recounts from raw rows.
  tz: fc.constantFrom('Asia/Makassar', 'Asia/Makassar', 'Asia/Makassar', 'Asia/Jakarta'),
  region: rarely(fc.subarray(['64.08', '64.72', '64.02'], { minLength: 1 })),
  category: rarely(fc.subarray(['pemerintahan', 'kesehatan', 'pendidikan'], { minLength: 1 })),
  site: rarely(fc.subarray(['portal', 'kutim'] as const, { minLength: 1, maxLength: 1 })),
  author: rarely(fc.subarray(['Ani', 'Budi', 'Citra'], { minLength: 1 })),
})
type QuerySpec = typeof queryArb extends fc.Arbitrary<infer T> ? T : never

describe(`stats equal a recount from raw page views on ${testDatabase}`, () => {
  let t: TestApp
  let catalog: Catalog
  let headers: Record<string, string>
  beforeAll(async () => {
    t = await createTestApp({ clock: () => new Date('2026-06-01T04:00:00Z') })
    catalog = await seedCatalog(t.app)
    headers = (await signIn(t.app, { role: 'viewer' })).headers
  })
  afterAll(async () => t?.close())

  async function check(spec: QuerySpec): Promise<void> {
    const from = witaDay(spec.segment, spec.start)
    const to = addDays(from, spec.length - 1)
    const filters = {
      region: spec.region ?? undefined,
      category: spec.category ?? undefined,
      site: spec.site?.map((s) => catalog.siteIds[s]),
      author: spec.author ?? undefined,
    }
    const params = new URLSearchParams({ metrics: spec.metrics.join(','), from, to, tz: spec.tz })
    if (spec.compare) params.set('compare', spec.compare)
    if (filters.region) params.set('region', filters.region.join(','))
    if (filters.category) params.set('category', filters.category.join(','))
    if (filters.site) params.set('site', filters.site.join(','))
    for (const a of filters.author ?? []) params.append('author', a)
    const by = spec.by
    const endpoint = by === null ? 'summary' : by === 'day' || by === 'week' || by === 'month' ? 'timeseries' : 'breakdown'
    if (by) params.set('by', by)
    // Two or more values of the region (else category) filter split a time series by that dimension.
    const split: RecountDimension | null =
      endpoint !== 'timeseries'
        ? null
        : (filters.region?.length ?? 0) > 1
          ? 'region'
          : (filters.category?.length ?? 0) > 1
            ? 'category'
            : null

    const answer = await t.app.inject({ url: `/api/stats/${endpoint}?${params}`, headers })
    expect(answer.statusCode, answer.body).toBe(200)
    const body = answer.json()

    const previousRange =
      spec.compare === 'previous'
        ? { from: addDays(from, -spec.length), to: addDays(from, -1) }
        : spec.compare === 'year'
          ? { from: `${Number(from.slice(0, 4)) - 1}${from.slice(4)}`, to: `${Number(to.slice(0, 4)) - 1}${to.slice(4)}` }
          : null
    const recount = (range: { from: string; to: string }) => recountPageViews(t.app.db, { ...range, tz: spec.tz, by, split, filters })
    const current = await recount({ from, to })
    const previous = previousRange ? await recount(previousRange) : null
    const pick = (r: Recounted | undefined) => Object.fromEntries(spec.metrics.map((m) => [m, r?.[m as keyof Recounted] ?? 0]))
    const withComparison = (key: string, previousKey = key) => {
      const values = pick(current.get(key))
      if (!previous) return values
      const before = pick(previous.get(previousKey))
      return { ...values, previous: before, change: Object.fromEntries(spec.metrics.map((m) => [m, change(values[m]!, before[m]!)])) }
    }

    if (endpoint === 'summary') {
      const { range: _r, previousRange: _p, timeZone, visitorsDefinition, ...numbers } = body
      expect(numbers).toEqual(withComparison('\u0000'))
      expect(timeZone).toBe(spec.tz)
      expect(visitorsDefinition).toMatch(/per artikel per hari.*per article per day/)
    } else if (endpoint === 'breakdown') {
      const expectedKeys = new Set([...current.keys()].map((k) => k.split('\u0000')[0]!))
      // Values asked for in a filter of the same dimension are listed even with nothing counted.
      const sameDimensionFilter =
        by === 'region'
          ? filters.region
          : by === 'category'
            ? filters.category
            : by === 'author'
              ? filters.author
              : by === 'site'
                ? filters.site
                : undefined
      for (const v of sameDimensionFilter ?? []) expectedKeys.add(String(v))
      const rows = body.rows as { key: string; label: string; [m: string]: unknown }[]
      expect(rows.map((r) => r.key).sort()).toEqual([...expectedKeys].sort())
      for (const { key, label: _label, ...values } of rows) expect(values, `row ${key}`).toEqual(withComparison(`${key}\u0000`))
      const first = spec.metrics[0]!
      const ordered = [...rows].sort((a, b) => (b[first] as number) - (a[first] as number))
      expect(rows.map((r) => r[first])).toEqual(ordered.map((r) => r[first]))
    } else {
      const dates = buckets(from, to, by as 'day' | 'week' | 'month')
      const previousDates = previousRange ? buckets(previousRange.from, previousRange.to, by as 'day' | 'week' | 'month') : []
      const series = body.series as { key: string; points: { date: string; [m: string]: unknown }[] }[]
      const splitFilter = split === 'region' ? filters.region : split === 'category' ? filters.category : []
      const expectedSeries = split
        ? [...new Set([...current.keys()].map((k) => k.split('\u0000')[1]!).concat(splitFilter ?? []))].sort()
        : ['total']
      expect(series.map((s) => s.key).sort()).toEqual(expectedSeries)
      for (const s of series) {
        const splitKey = split ? s.key : ''
        expect(s.points.map((p) => p.date)).toEqual(dates)
        s.points.forEach(({ date, previous: before, ...values }, i) => {
          const expected = withComparison(`${date}\u0000${splitKey}`, `${previousDates[i]}\u0000${splitKey}`) as Record<string, unknown>
          if (previous) {
            expect((before as { date: string | null }).date).toBe(previousDates[i] ?? null)
            const { date: _d, ...beforeValues } = before as Record<string, unknown>
            expect({ ...values, previous: beforeValues }, `${s.key} ${date}`).toEqual(expected)
          } else {
            expect(values, `${s.key} ${date}`).toEqual(expected)
          }
        })
      }
    }
  }

  it('answers every summary, breakdown and time series exactly as a GROUP BY over raw rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(viewArb, { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 4 }),
        fc.array(queryArb, { minLength: 3, maxLength: 3 }),
        async (views, batchSizes, queries) => {
          await clearPageViews(t.app.db)
          const specs: ViewSpec[] = views.map((v) => ({
            at: new Date(SEGMENTS[v.segment]! + v.day * DAY_MS + v.minute * 60_000),
            article: v.article,
            visitor: v.visitor,
            referrer: REFERRERS[v.referrer],
            device: DEVICES[v.device],
          }))
          await storeViews(t.app, catalog, specs, batchSizes)
          for (const q of queries) await check(q)

          // The counts kept incrementally, batch by batch, equal a recount of everything.
          const incremental = await rollupSnapshot(t.app.db)
          await rebuildRollups(t.app.db)
          expect(await rollupSnapshot(t.app.db)).toEqual(incremental)
        },
      ),
      { numRuns: testDatabase === 'postgres' ? 30 : 20 },
    )
  })

  it('keeps a range of any length equal to the sum of its days (month rows and day rows agree)', async () => {
    await clearPageViews(t.app.db)
    const specs: ViewSpec[] = Array.from({ length: 120 }, (_, i) => ({
      at: new Date(SEGMENTS[1]! + (i % SPAN_DAYS) * DAY_MS + ((i * 97) % 1440) * 60_000),
      article: i % ARTICLES.length,
      visitor: i % 3,
    }))
    await storeViews(t.app, catalog, specs, [17])
    const from = witaDay(1, 0)
    const to = witaDay(1, SPAN_DAYS - 1)
    const total = await t.app.inject({ url: `/api/stats/summary?metrics=views,visitors&from=${from}&to=${to}`, headers })
    const daily = await t.app.inject({ url: `/api/stats/timeseries?metrics=views,visitors&by=day&from=${from}&to=${to}`, headers })
    const points = daily.json().series[0].points as { views: number; visitors: number }[]
    expect(points).toHaveLength(daysBetween(from, to) + 1)
    const sum = points.reduce((s, p) => ({ views: s.views + p.views, visitors: s.visitors + p.visitors }), { views: 0, visitors: 0 })
    expect({ views: total.json().views, visitors: total.json().visitors }).toEqual(sum)
    expect(sum.views).toBe(120)
  })
})
