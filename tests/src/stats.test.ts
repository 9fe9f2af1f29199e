import { prepareRollups } from '@jangkau/server/queries/prepare-rollups.ts'
import { pruneRollups } from '@jangkau/server/queries/prune-rollups.ts'
import { rebuildRollups } from '@jangkau/server/queries/rebuild-rollups.ts'
import { planGrains } from '@jangkau/server/stats/sql/table-decider.ts'
import { bucketStarts } from '@jangkau/shared'
import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { signIn } from './helpers/auth.ts'
import { clearPageViews, rollupSnapshot, seedCatalog, storeViews, type Catalog, type ViewSpec } from './helpers/page-views.ts'
import { BROWSER_UA, createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

const wita = (local: string) => new Date(`${local}+08:00`)

/**
 * The worked example (WITA = UTC+8). Articles: 0 = Kutim (64.08), 1 = Samarinda (64.72), 2 = Kukar (64.02).
 *   Jan 15 12:00, 13:00  article 2, reader 3 (twice)        → Jan: 2 views, 1 visitor
 *   Jan 31 23:59         article 0, reader 1, google         → Jan: 1 view, 1 visitor
 *   Feb  1 00:01         article 0, reader 1, google         → a new WITA day: counts again
 *   Feb  1 10:00         article 0, reader 1, direct         → same day, same article: not a new visitor
 *   Feb  1 10:05, 11:00  article 1, readers 1 and 2          → reader 1 again, but another article: counts
 */
const EXAMPLE: ViewSpec[] = [
  { at: wita('2026-01-15T12:00:00'), article: 2, visitor: 3 },
  { at: wita('2026-01-15T13:00:00'), article: 2, visitor: 3 },
  { at: wita('2026-01-31T23:59:00'), article: 0, visitor: 1, referrer: 'google.com' },
  { at: wita('2026-02-01T00:01:00'), article: 0, visitor: 1, referrer: 'google.com' },
  { at: wita('2026-02-01T10:00:00'), article: 0, visitor: 1, referrer: null, device: 'desktop' },
  { at: wita('2026-02-01T10:05:00'), article: 1, visitor: 1 },
  { at: wita('2026-02-01T11:00:00'), article: 1, visitor: 2 },
]

describe(`stats API on ${testDatabase}`, () => {
  let t: TestApp
  let catalog: Catalog
  let headers: Record<string, string>
  let now = new Date('2026-03-10T04:00:00Z')
  beforeAll(async () => {
    t = await createTestApp({ clock: () => now })
    catalog = await seedCatalog(t.app)
    headers = (await signIn(t.app, { role: 'viewer' })).headers
  })
  afterAll(async () => t?.close())
  beforeEach(async () => {
    now = new Date('2026-03-10T04:00:00Z')
    await clearPageViews(t.app.db)
    await sql`truncate kim_activities, kim_status_changes, kim_groups restart identity cascade`.execute(t.app.db)
  })

  const get = async (url: string) => {
    const r = await t.app.inject({ url, headers })
    expect(r.statusCode, r.body).toBe(200)
    return r.json()
  }
  const without = <T extends Record<string, unknown>>(body: T) => {
    const { range: _r, previousRange: _p, timeZone: _t, visitorsDefinition: _v, ...rest } = body
    return rest
  }

  describe('page views', () => {
    beforeEach(async () => storeViews(t.app, catalog, EXAMPLE, [3, 1, 2, 1]))

    it('counts days in WITA and visitors once per reader, article and day', async () => {
      const feb = await get('/api/stats/summary?metrics=views,visitors&from=2026-02-01&to=2026-02-28&compare=previous')
      expect(without(feb)).toEqual({
        views: 4,
        visitors: 3,
        previous: { views: 3, visitors: 2 },
        change: { views: 33.3, visitors: 50 },
      })
      expect(feb.range).toEqual({ from: '2026-02-01', to: '2026-02-28' })
      expect(feb.previousRange).toEqual({ from: '2026-01-04', to: '2026-01-31' })
      expect(feb.timeZone).toBe('Asia/Makassar')
      expect(feb.visitorsDefinition).toContain('Pengunjung dihitung per artikel per hari (WITA)')
      expect(feb.visitorsDefinition).toContain('Visitors are counted per article per day (WITA)')
    })

    it('fills every day of a time series, and counts UTC days from raw rows when asked for UTC', async () => {
      const days = await get('/api/stats/timeseries?metrics=views,visitors&by=day&from=2026-01-30&to=2026-02-02')
      expect(days.series).toEqual([
        {
          key: 'total',
          label: 'Semua',
          points: [
            { date: '2026-01-30', views: 0, visitors: 0 },
            { date: '2026-01-31', views: 1, visitors: 1 },
            { date: '2026-02-01', views: 4, visitors: 3 },
            { date: '2026-02-02', views: 0, visitors: 0 },
          ],
        },
      ])
      // In UTC both views around WITA midnight fall on 31 January, and reader 1 counts once there.
      const utc = await get('/api/stats/timeseries?metrics=views,visitors&by=day&from=2026-01-31&to=2026-02-01&tz=UTC')
      expect(utc.series[0].points).toEqual([
        { date: '2026-01-31', views: 2, visitors: 1 },
        { date: '2026-02-01', views: 3, visitors: 3 },
      ])
      expect(utc.visitorsDefinition).toContain('(UTC)')
    })

    it('starts weeks on Monday and months on the 1st, partial buckets included', async () => {
      const weeks = await get('/api/stats/timeseries?metrics=views&by=week&from=2026-01-14&to=2026-02-03')
      expect(weeks.series[0].points).toEqual([
        { date: '2026-01-12', views: 2 },
        { date: '2026-01-19', views: 0 },
        { date: '2026-01-26', views: 5 },
        { date: '2026-02-02', views: 0 },
      ])
      const months = await get('/api/stats/timeseries?metrics=views,visitors&by=month&from=2026-01-10&to=2026-03-05&compare=previous')
      expect(months.previousRange).toEqual({ from: '2025-11-16', to: '2026-01-09' })
      expect(months.series[0].points).toEqual([
        { date: '2026-01-01', views: 3, visitors: 2, previous: { date: '2025-11-01', views: 0, visitors: 0 }, change: { views: null, visitors: null } },
        { date: '2026-02-01', views: 4, visitors: 3, previous: { date: '2025-12-01', views: 0, visitors: 0 }, change: { views: null, visitors: null } },
        { date: '2026-03-01', views: 0, visitors: 0, previous: { date: '2026-01-01', views: 0, visitors: 0 }, change: { views: null, visitors: null } },
      ])
    })

    it('breaks down by region, referrer and device, sorted by the first metric', async () => {
      const regions = await get('/api/stats/breakdown?metrics=visitors,views&by=region&from=2026-01-01&to=2026-02-28')
      expect(regions.rows).toEqual([
        { key: '64.08', label: 'Kabupaten Kutai Timur', visitors: 2, views: 3 },
        { key: '64.72', label: 'Kota Samarinda', visitors: 2, views: 2 },
        { key: '64.02', label: 'Kabupaten Kutai Kartanegara', visitors: 1, views: 2 },
      ])
      const referrers = await get('/api/stats/breakdown?metrics=views,visitors&by=referrer&from=2026-02-01&to=2026-02-01')
      expect(referrers.rows).toEqual([
        { key: '', label: '(langsung)', views: 3, visitors: 3 },
        { key: 'google.com', label: 'google.com', views: 1, visitors: 1 },
      ])
      const devices = await get('/api/stats/breakdown?metrics=views&by=device&from=2026-02-01&to=2026-02-01&lang=en')
      expect(devices.rows).toEqual([
        { key: 'mobile', label: 'Mobile', views: 3 },
        { key: 'desktop', label: 'Desktop', views: 1 },
      ])
      const top = await get('/api/stats/breakdown?metrics=views&by=article&from=2026-01-01&to=2026-02-28&limit=2')
      expect(top.rows.map((r: { label: string; views: number }) => [r.label, r.views])).toEqual([
        ['KIM Kutim', 3],
        ['Kukar', 2],
      ])
    })

    it('lists every asked region side by side, in rows, series and columns, with zeros', async () => {
      const rows = await get('/api/stats/breakdown?metrics=views&by=region&region=64.08,64.74&from=2026-02-01&to=2026-02-28&compare=year')
      expect(rows.rows).toEqual([
        { key: '64.08', label: 'Kabupaten Kutai Timur', views: 2, previous: { views: 0 }, change: { views: null } },
        { key: '64.74', label: 'Kota Bontang', views: 0, previous: { views: 0 }, change: { views: null } },
      ])
      // Nothing in February for Kukar, but the comparison period had its two views.
      const quiet = await get('/api/stats/breakdown?metrics=views&by=region&region=64.02&from=2026-02-01&to=2026-02-28&compare=previous')
      expect(quiet.rows).toEqual([{ key: '64.02', label: 'Kabupaten Kutai Kartanegara', views: 0, previous: { views: 2 }, change: { views: -100 } }])
      const series = await get('/api/stats/timeseries?metrics=views&by=day&region=64.08,64.72&from=2026-01-31&to=2026-02-01')
      expect(series.split).toBe('region')
      expect(series.series).toEqual([
        { key: '64.08', label: 'Kabupaten Kutai Timur', points: [{ date: '2026-01-31', views: 1 }, { date: '2026-02-01', views: 2 }] },
        { key: '64.72', label: 'Kota Samarinda', points: [{ date: '2026-01-31', views: 0 }, { date: '2026-02-01', views: 2 }] },
      ])
      const table = await get('/api/stats/compare?metrics=views,visitors&split=region&by=month&from=2026-01-01&to=2026-02-28')
      expect(without(table)).toEqual({
        by: 'month',
        split: 'region',
        columns: [
          { key: '64.08', label: 'Kabupaten Kutai Timur' },
          { key: '64.02', label: 'Kabupaten Kutai Kartanegara' },
          { key: '64.72', label: 'Kota Samarinda' },
        ],
        rows: [
          { key: '2026-01-01', label: '2026-01-01', cells: { '64.08': { views: 1, visitors: 1 }, '64.02': { views: 2, visitors: 1 }, '64.72': { views: 0, visitors: 0 } } },
          { key: '2026-02-01', label: '2026-02-01', cells: { '64.08': { views: 2, visitors: 1 }, '64.02': { views: 0, visitors: 0 }, '64.72': { views: 2, visitors: 2 } } },
        ],
      })
      const byCategory = await get('/api/stats/compare?metrics=views&by=category&split=region&region=64.08,64.72&from=2026-01-01&to=2026-02-28')
      expect(byCategory.rows).toEqual([
        { key: 'pemerintahan', label: 'Pemerintahan', cells: { '64.08': { views: 3 }, '64.72': { views: 0 } } },
        { key: 'kesehatan', label: 'Kesehatan', cells: { '64.08': { views: 0 }, '64.72': { views: 2 } } },
      ])
    })

    it('combines filters and counts articles published in WITA days', async () => {
      const filtered = await get(`/api/stats/summary?metrics=views,visitors&category=pemerintahan,kesehatan&site=${catalog.siteIds.portal}&author=Budi&from=2026-01-01&to=2026-02-28`)
      expect(without(filtered)).toEqual({ views: 2, visitors: 2 })
      // Published 2026-01-31 23:30 WITA (Samarinda) is January; 2026-02-01 00:10 WITA (Kukar) is February.
      const published = await get('/api/stats/breakdown?metrics=articles&by=month&from=2026-01-01&to=2026-02-28')
      expect(published.rows).toEqual([
        { key: '2026-01-01', label: '2026-01-01', articles: 2 },
        { key: '2026-02-01', label: '2026-02-01', articles: 1 },
      ])
    })

    it('answers the last 30 minutes and 48 hours from the minute and hour rollups', async () => {
      now = new Date('2026-03-10T04:00:30Z')
      await storeViews(t.app, catalog, [
        { at: new Date('2026-03-10T03:59:00Z'), article: 1, visitor: 1 },
        { at: new Date('2026-03-10T03:59:10Z'), article: 1, visitor: 2 },
        { at: new Date('2026-03-10T03:45:00Z'), article: 0, visitor: 1 },
        { at: new Date('2026-03-10T03:30:00Z'), article: 0, visitor: 1 }, // 31 minutes before the current minute
        { at: new Date('2026-03-09T10:00:00Z'), article: 0, visitor: 1 },
      ])
      const live = await get('/api/stats/realtime')
      expect(live.views).toBe(3)
      expect(live.articles).toEqual([
        { key: expect.stringMatching(/^\d+$/), label: 'Samarinda', url: 'https://diskominfo.kaltimprov.go.id/berita/samarinda', views: 2 },
        { key: expect.stringMatching(/^\d+$/), label: 'KIM Kutim', url: 'https://diskominfo.kaltimprov.go.id/berita/kim-kutim', views: 1 },
      ])
      expect(live.minutes).toHaveLength(30)
      expect(live.minutes[0].at).toBe('2026-03-10T03:31:00.000Z')
      expect(live.minutes.filter((m: { views: number }) => m.views > 0)).toEqual([
        { at: '2026-03-10T03:45:00.000Z', views: 1 },
        { at: '2026-03-10T03:59:00.000Z', views: 2 },
      ])
      expect(live.hours).toHaveLength(48)
      expect(live.hours.filter((h: { views: number }) => h.views > 0)).toEqual([
        { at: '2026-03-09T10:00:00.000Z', views: 1 },
        { at: '2026-03-10T03:00:00.000Z', views: 4 },
      ])
      const kutim = await get('/api/stats/realtime?region=64.08')
      expect(kutim.views).toBe(1)
    })
  })

  describe('KIM', () => {
    async function villages(prefix: string): Promise<string[]> {
      const rows = await sql<{ code: string }>`select code from regions where level = 'desa' and code like ${`${prefix}.%`} order by code limit 3`.execute(t.app.db)
      return rows.rows.map((r) => r.code)
    }
    async function group(name: string, village: string, history: [string, string][]): Promise<number> {
      const [region, district] = [village.slice(0, 5), village.slice(0, 8)]
      const last = history[history.length - 1]!
      const row = await sql<{ id: number }>`
        insert into kim_groups (name, village_code, district_code, region_code, status, status_since)
        values (${name}, ${village}, ${district}, ${region}, ${last[0]}, ${last[1]}) returning id`.execute(t.app.db)
      const id = row.rows[0]!.id
      for (const [status, on] of history) await sql`insert into kim_status_changes (group_id, status, changed_on) values (${id}, ${status}, ${on})`.execute(t.app.db)
      return id
    }
    const activity = (groupId: number, type: string, date: string, participants: number) =>
      sql`insert into kim_activities (group_id, type, title, date, participants) values (${groupId}, ${type}, ${`${type} ${date}`}, ${date}, ${participants})`.execute(t.app.db)
    const villageCount = async (prefix: string) =>
      Number((await sql<{ n: string }>`select count(*) as n from regions where level = 'desa' and code like ${prefix}`.execute(t.app.db)).rows[0]!.n)

    let ids: number[] = []
    beforeEach(async () => {
      const [kutimA, kutimB] = await villages('64.08')
      const [samarinda] = await villages('64.72')
      ids = [
        await group('KIM Teluk Singkama', kutimA!, [['aktif', '2020-03-01'], ['vakum', '2026-01-10']]),
        await group('KIM Sangatta', kutimB!, [['aktif', '2020-05-01']]),
        await group('KIM Samarinda', samarinda!, [['aktif', '2026-01-20'], ['bubar', '2026-02-15']]),
      ]
      await activity(ids[0]!, 'bimtek', '2026-01-05', 20)
      await activity(ids[1]!, 'sosialisasi', '2026-01-25', 15)
      await activity(ids[2]!, 'produksi_konten', '2026-02-01', 5)
    })

    it('counts groups by their status on the last day, activities in the range, and village coverage', async () => {
      const all = await villageCount('64.%')
      const jan = await get('/api/stats/summary?metrics=kim_groups,kim_active,activities,participants,coverage&from=2026-01-01&to=2026-01-31&compare=previous')
      expect(without(jan)).toEqual({
        kim_groups: 3,
        kim_active: 2,
        activities: 2,
        participants: 35,
        coverage: Math.round((3 / all) * 1000) / 10,
        previous: { kim_groups: 2, kim_active: 2, activities: 0, participants: 0, coverage: Math.round((2 / all) * 1000) / 10 },
        change: { kim_groups: 50, kim_active: 0, activities: null, participants: null, coverage: expect.any(Number) },
      })
      const feb = await get('/api/stats/breakdown?metrics=kim_groups,kim_active,activities,coverage&by=region&from=2026-02-01&to=2026-02-28')
      expect(feb.rows).toEqual([
        { key: '64.08', label: 'Kabupaten Kutai Timur', kim_groups: 2, kim_active: 1, activities: 0, coverage: Math.round((2 / (await villageCount('64.08.%'))) * 1000) / 10 },
        { key: '64.72', label: 'Kota Samarinda', kim_groups: 0, kim_active: 0, activities: 1, coverage: 0 },
      ])
    })

    it('gives the status on the last day of each week, and activities per type and group', async () => {
      const weeks = await get('/api/stats/timeseries?metrics=kim_active&by=week&from=2026-01-01&to=2026-01-31')
      expect(weeks.series[0].points).toEqual([
        { date: '2025-12-29', kim_active: 2 },
        { date: '2026-01-05', kim_active: 1 },
        { date: '2026-01-12', kim_active: 1 },
        { date: '2026-01-19', kim_active: 2 },
        { date: '2026-01-26', kim_active: 2 },
      ])
      const types = await get('/api/stats/breakdown?metrics=activities,participants&by=activity_type&from=2026-01-01&to=2026-02-28&lang=en')
      expect(types.rows).toEqual([
        { key: 'bimtek', label: 'Technical guidance', activities: 1, participants: 20 },
        { key: 'produksi_konten', label: 'Content production', activities: 1, participants: 5 },
        { key: 'sosialisasi', label: 'Socialisation', activities: 1, participants: 15 },
      ])
      const oneGroup = await get(`/api/stats/breakdown?metrics=participants&by=kim_group&kim_group=${ids[0]},${ids[1]}&from=2026-01-01&to=2026-02-28`)
      expect(oneGroup.rows).toEqual([
        { key: String(ids[0]), label: 'KIM Teluk Singkama', participants: 20 },
        { key: String(ids[1]), label: 'KIM Sangatta', participants: 15 },
      ])
      const mixed = await get('/api/stats/breakdown?metrics=views,activities&by=region&region=64.08&from=2026-01-01&to=2026-02-28')
      expect(mixed.rows).toEqual([{ key: '64.08', label: 'Kabupaten Kutai Timur', views: 0, activities: 2 }])
    })
  })

  describe('requests', () => {
    it.each([
      ['from after to', 'summary?from=2026-02-01&to=2026-01-01', 'invalid_range'],
      ['more than three years', 'summary?from=2020-01-01&to=2026-01-01', 'range_too_long'],
      ['a day that does not exist', 'summary?from=2026-02-30&to=2026-03-01', 'invalid_date'],
      ['an unknown metric', 'summary?metrics=views,likes', 'unknown_metric'],
      ['an unknown time zone', 'summary?tz=Mars/Olympus', 'invalid_time_zone'],
      ['an unknown regency', 'summary?region=64.99', 'unknown_region'],
      ['a BPS code instead of Kemendagri', 'summary?region=6404', 'invalid_request'],
      ['referrers of KIM activities', 'breakdown?metrics=activities&by=referrer', 'unsupported_dimension'],
      ['a category filter on KIM metrics', 'summary?metrics=views,kim_active&category=pemerintahan', 'unsupported_filter'],
      ['an unknown activity type', 'summary?metrics=activities&activity_type=pesta', 'unknown_activity_type'],
      ['a breakdown without by', 'breakdown?metrics=views', 'missing_dimension'],
      ['a time series by region', 'timeseries?by=region', 'time_dimension_required'],
      ['a comparison without split', 'compare?by=day', 'missing_split'],
      ['referrers against devices', 'compare?by=referrer&split=device', 'unsupported_dimension'],
      ['by on a summary', 'summary?by=region', 'unexpected_dimension'],
      ['a limit of zero', 'breakdown?by=region&limit=0', 'invalid_request'],
      ['an unknown parameter', 'summary?evil=1', 'invalid_request'],
    ])('answers 400 with a code for %s', async (_name, path, code) => {
      const r = await t.app.inject({ url: `/api/stats/${path}`, headers })
      expect(r.statusCode).toBe(400)
      expect(r.json().error.code).toBe(code)
      // Our own checks explain themselves in Indonesian and English; schema errors name the parameter.
      expect(r.json().error.message).toMatch(code === 'invalid_request' ? /querystring/ : / \/ /)
    })

    it.each(['summary', 'breakdown?by=region', 'timeseries', 'compare?split=region', 'realtime'])('answers 401 without a session: %s', async (path) => {
      const r = await t.app.inject({ url: `/api/stats/${path}` })
      expect(r.statusCode).toBe(401)
      expect(r.json().error.code).toBe('unauthenticated')
    })

    it('documents every stats route in the OpenAPI schema', async () => {
      const spec = (await t.app.inject({ url: '/docs/json' })).json()
      for (const path of ['/api/stats/summary', '/api/stats/breakdown', '/api/stats/timeseries', '/api/stats/compare', '/api/stats/realtime', '/api/export/page-views.csv']) {
        expect(spec.paths[path]?.get, path).toBeTruthy()
      }
      const names = spec.paths['/api/stats/breakdown'].get.parameters.map((p: { name: string }) => p.name)
      expect(names).toEqual(expect.arrayContaining(['metrics', 'by', 'split', 'from', 'to', 'tz', 'compare', 'region', 'kim_group', 'format', 'lang']))
    })
  })

  describe('rollups', () => {
    it('keeps the views queued while counting them fails, answers no stats without them, and counts them once later', async () => {
      await storeViews(t.app, catalog, EXAMPLE.slice(0, 3))
      const before = await rollupSnapshot(t.app.db)
      const queued = async () => Number((await sql<{ n: string }>`select count(*) as n from rollup_queue`.execute(t.app.db)).rows[0]!.n)
      // Counting into the rollups fails (a bug, a broken table): the rollup insert raises.
      await sql`create function jangkau_test_fail() returns trigger language plpgsql as $$ begin raise exception 'simulated crash'; end $$`.execute(t.app.db)
      await sql`create trigger jangkau_test_fail before insert on rollup_devices for each row execute function jangkau_test_fail()`.execute(t.app.db)
      try {
        // Ingest does not count: the view is stored, its counter right, and it is acknowledged.
        const r = await t.app.inject({ method: 'POST', url: '/api/collect', headers: { 'user-agent': BROWSER_UA }, payload: { url: 'https://diskominfo.kaltimprov.go.id/berita/kim-kutim' } })
        expect(r.statusCode).toBe(202)
        const counter = await t.app.inject({ url: '/api/counter?url=https://diskominfo.kaltimprov.go.id/berita/kim-kutim' })
        expect(counter.json().views).toBe(2) // one of the example's, and this one
        await expect(storeViews(t.app, catalog, EXAMPLE.slice(3))).rejects.toThrow(/simulated crash/)
        // A stats answer without acknowledged views would be wrong: none is given.
        const stats = await t.app.inject({ url: '/api/stats/summary?metrics=views&from=2026-02-01&to=2026-03-31', headers })
        expect(stats.statusCode).toBe(500)
        expect(await queued()).toBe(1 + 4)
        expect(await rollupSnapshot(t.app.db)).toEqual(before)
      } finally {
        await sql`drop trigger jangkau_test_fail on rollup_devices`.execute(t.app.db)
        await sql`drop function jangkau_test_fail()`.execute(t.app.db)
      }
      const raw = await sql<{ n: string }>`select count(*) as n from page_views`.execute(t.app.db)
      expect(Number(raw.rows[0]!.n)).toBe(3 + 1 + 4)

      // The next read counts them, once.
      const feb = await get('/api/stats/summary?metrics=views,visitors&from=2026-02-01&to=2026-02-28')
      expect([feb.views, feb.visitors]).toEqual([4, 3])
      const march = await get('/api/stats/summary?metrics=views&from=2026-03-01&to=2026-03-31')
      expect(march.views).toBe(1)
      expect(await queued()).toBe(0)
      const incremental = await rollupSnapshot(t.app.db)
      await rebuildRollups(t.app.db)
      expect(await rollupSnapshot(t.app.db)).toEqual(incremental)
    })

    it.runIf(testDatabase === 'postgres')('loses nothing and counts nothing twice when a connection dies mid-transaction', async () => {
      // An app of its own without the background drain: only the stats request below drains.
      const own = await createTestApp({ config: { rollupDrainMs: 0 }, clock: () => now })
      const db = own.app.db
      // Counted through a connection of the test's own: right after a backend is killed, the app's pool
      // can still hand out the dead connection until its socket's close event has been handled.
      const count = async (table: 'page_views' | 'rollup_queue') => Number((await killer.query(`select count(*) as n from ${table}`)).rows[0].n)
      const collect = () =>
        own.app.inject({ method: 'POST', url: '/api/collect', headers: { 'user-agent': BROWSER_UA }, payload: { url: 'https://diskominfo.kaltimprov.go.id/berita/mati' } })
      const killer = new pg.Client({ connectionString: own.databaseUrl })
      await killer.connect()
      await sql`create function jangkau_test_stall() returns trigger language plpgsql as $$ begin perform pg_sleep(30); return new; end $$`.execute(db)
      // Ends the backend sleeping in the trigger, then waits for the request's answer.
      const killSleeper = async (pending: Promise<{ statusCode: number }>) => {
        let killed = 0
        for (let i = 0; i < 100 && killed === 0; i++) {
          await new Promise((r) => setTimeout(r, 100))
          const r = await killer.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'`)
          killed = r.rowCount ?? 0
        }
        const answer = await pending
        // Let the app's pool see the killed connection close and drop it before it is used again.
        await new Promise((r) => setTimeout(r, 500))
        return { killed, answer }
      }
      try {
        // The ingest statement dies: nothing of the batch is stored, counted or queued.
        await sql`create trigger jangkau_test_stall before insert on rollup_queue for each row execute function jangkau_test_stall()`.execute(db)
        const ingest = await killSleeper(collect())
        expect(ingest.killed).toBe(1)
        expect(ingest.answer.statusCode).toBeGreaterThanOrEqual(500)
        // Through the test's own connection: the app's pool may not have noticed the dead one yet.
        await killer.query('drop trigger jangkau_test_stall on rollup_queue')
        expect([await count('page_views'), await count('rollup_queue')]).toEqual([0, 0])

        // A drain dies (the one a stats request runs first): the view it was counting stays queued.
        expect((await collect()).statusCode).toBe(202)
        await sql`create trigger jangkau_test_stall before insert on rollup_hours for each row execute function jangkau_test_stall()`.execute(db)
        const viewer = await signIn(own.app, { role: 'viewer' })
        const read = await killSleeper(own.app.inject({ url: '/api/stats/summary?metrics=views&from=2026-03-01&to=2026-03-31', headers: viewer.headers }))
        expect(read.killed).toBe(1)
        expect(read.answer.statusCode).toBeGreaterThanOrEqual(500)
        await killer.query('drop trigger jangkau_test_stall on rollup_hours')
        expect(Object.values(await rollupSnapshot(db)).flat()).toEqual([])
        expect([await count('page_views'), await count('rollup_queue')]).toEqual([1, 1])

        // The next read counts it, once.
        const after = await own.app.inject({ url: '/api/stats/summary?metrics=views&from=2026-03-01&to=2026-03-31', headers: viewer.headers })
        expect(after.json().views).toBe(1)
        const incremental = await rollupSnapshot(db)
        await rebuildRollups(db)
        expect(await rollupSnapshot(db)).toEqual(incremental)
      } finally {
        await killer.end()
        await own.close()
      }
    })

    it('moves the history of an article when its region or category is corrected, and a rebuild agrees', async () => {
      await storeViews(t.app, catalog, EXAMPLE)
      const regions = async () => (await get('/api/stats/breakdown?metrics=views,visitors&by=region&from=2026-01-01&to=2026-02-28')).rows.map((r: { key: string; views: number; visitors: number }) => [r.key, r.views, r.visitors])
      expect(await regions()).toEqual([['64.08', 3, 2], ['64.02', 2, 1], ['64.72', 2, 2]])
      // An admin says the Kukar article is about Kutai Timur, and the Samarinda one has no category.
      await sql`update articles set region_code = '64.08.12' where url like '%/berita/kukar'`.execute(t.app.db)
      await sql`update articles set category_id = null where url like '%/berita/samarinda'`.execute(t.app.db)
      expect(await regions()).toEqual([['64.08', 5, 3], ['64.72', 2, 2]])
      const categories = await get('/api/stats/breakdown?metrics=views&by=category&from=2026-01-01&to=2026-02-28')
      expect(categories.rows.map((r: { key: string; views: number }) => [r.key, r.views])).toEqual([['pemerintahan', 3], ['', 2], ['pendidikan', 2]])
      // A later view fills a category that was empty: the article's earlier views follow it.
      await storeViews(t.app, catalog, [{ at: wita('2026-02-02T09:00:00'), article: 1, visitor: 9 }])
      const after = await get('/api/stats/breakdown?metrics=views&by=category&from=2026-01-01&to=2026-02-28')
      expect(after.rows.map((r: { key: string; views: number }) => [r.key, r.views])).toEqual([['kesehatan', 3], ['pemerintahan', 3], ['pendidikan', 2]])
      const incremental = await rollupSnapshot(t.app.db)
      await rebuildRollups(t.app.db)
      expect(await rollupSnapshot(t.app.db)).toEqual(incremental)
    })

    it('prunes only what can no longer change, and keeps counting visitors right', async () => {
      now = wita('2026-02-01T12:00:00')
      await storeViews(t.app, catalog, EXAMPLE)
      await pruneRollups(t.app.db, now, 'Asia/Makassar')
      const seen = await sql<{ day: string }>`select distinct to_char(day, 'YYYY-MM-DD') as day from rollup_visitors_seen order by 1`.execute(t.app.db)
      expect(seen.rows.map((r) => r.day)).toEqual(['2026-01-31', '2026-02-01'])
      const hours = await sql<{ n: string }>`select count(*) as n from rollup_hours where hour < ${new Date(now.getTime() - 48 * 3600_000).toISOString()}::timestamptz`.execute(t.app.db)
      expect(Number(hours.rows[0]!.n)).toBe(0)
      // Reader 2 reads article 1 again the same day: still one visitor there.
      await storeViews(t.app, catalog, [{ at: wita('2026-02-01T11:30:00'), article: 1, visitor: 2 }])
      const feb = await get('/api/stats/summary?metrics=views,visitors&from=2026-02-01&to=2026-02-01')
      expect([feb.views, feb.visitors]).toEqual([5, 3])
    })

    it('recounts every rollup when the report time zone changes', async () => {
      await storeViews(t.app, catalog, EXAMPLE)
      const db = t.app.db as unknown as Kysely<any>
      const days = async () =>
        (await sql<{ day: string; views: number }>`select to_char(period, 'YYYY-MM-DD') as day, sum(views)::int as views from rollup_views where grain = 'day' group by 1 order by 1`.execute(db)).rows
      expect(await days()).toEqual([
        { day: '2026-01-15', views: 2 },
        { day: '2026-01-31', views: 1 },
        { day: '2026-02-01', views: 4 },
      ])
      try {
        expect(await prepareRollups(t.app.db, 'UTC')).toBe(true)
        expect(await days()).toEqual([
          { day: '2026-01-15', views: 2 },
          { day: '2026-01-31', views: 2 },
          { day: '2026-02-01', views: 3 },
        ])
        expect(await prepareRollups(t.app.db, 'UTC')).toBe(false)
      } finally {
        await prepareRollups(t.app.db, 'Asia/Makassar')
      }
      expect((await days())[1]).toEqual({ day: '2026-01-31', views: 1 })
    })

    it('reads stats through readDb, which is the primary without a replica', async () => {
      expect(t.app.readDb).toBe(t.app.db)
    })

    it.runIf(testDatabase === 'postgres')('reads stats from DATABASE_REPLICA_URL on its own pool when it is set', async () => {
      // The "replica" is the same database here: what matters is the second pool and that reads use it.
      const { buildApp } = await import('@jangkau/server')
      const app = await buildApp({ config: { ...t.app.config, databaseReplicaUrl: t.databaseUrl } })
      try {
        expect(app.readDb).not.toBe(app.db)
        await storeViews(t.app, catalog, EXAMPLE.slice(0, 1))
        const viewer = await signIn(app, { role: 'viewer' })
        const r = await app.inject({ url: '/api/stats/summary?metrics=views&from=2026-01-15&to=2026-01-15', headers: viewer.headers })
        expect(r.json().views).toBe(1)
      } finally {
        await app.close()
      }
    })
  })
})

describe('calendar helpers of the stats', () => {
  it('covers a range with whole months from month rows and the edges from day rows', () => {
    expect(planGrains({ from: '2025-11-29', to: '2026-11-28' }, null)).toEqual([
      { grain: 'day', from: '2025-11-29', to: '2025-11-30' },
      { grain: 'month', from: '2025-12-01', to: '2026-10-31' },
      { grain: 'day', from: '2026-11-01', to: '2026-11-28' },
    ])
    expect(planGrains({ from: '2026-01-01', to: '2026-02-28' }, 'region')).toEqual([{ grain: 'month', from: '2026-01-01', to: '2026-02-28' }])
    expect(planGrains({ from: '2026-01-02', to: '2026-01-31' }, 'month')).toEqual([{ grain: 'day', from: '2026-01-02', to: '2026-01-31' }])
    expect(planGrains({ from: '2026-01-01', to: '2026-12-31' }, 'week')).toEqual([{ grain: 'day', from: '2026-01-01', to: '2026-12-31' }])
    expect(planGrains({ from: '2024-02-01', to: '2024-02-29' }, null)).toEqual([{ grain: 'month', from: '2024-02-01', to: '2024-02-29' }])
  })

  it('lists every bucket start, weeks from Monday, across a leap day and a year end', () => {
    expect(bucketStarts('2024-02-28', '2024-03-01', 'day')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01'])
    expect(bucketStarts('2025-12-31', '2026-01-12', 'week')).toEqual(['2025-12-29', '2026-01-05', '2026-01-12'])
    expect(bucketStarts('2025-11-15', '2026-01-01', 'month')).toEqual(['2025-11-01', '2025-12-01', '2026-01-01'])
  })
})
