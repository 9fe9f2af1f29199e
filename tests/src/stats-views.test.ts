import { planGrains } from '@jangkau/server/stats/sql/table-decider.ts'
import { bucketStarts } from '@jangkau/shared'
import { beforeEach, describe, expect, it } from 'vitest'
import { storeViews } from './helpers/page-views.ts'
import { EXAMPLE, statsApp } from './helpers/stats-api.ts'
import { testDatabase } from './helpers/test-app.ts'

// The stats API over page views: days, buckets, breakdowns, filters and the realtime rollups
// (KIM and request checks: stats-kim-requests.test.ts; rollups: stats-rollups.test.ts).

describe(`stats API on ${testDatabase}`, () => {
  const t = statsApp()
  const { catalog, get, without } = t

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
        {
          date: '2026-01-01',
          views: 3,
          visitors: 2,
          previous: { date: '2025-11-01', views: 0, visitors: 0 },
          change: { views: null, visitors: null },
        },
        {
          date: '2026-02-01',
          views: 4,
          visitors: 3,
          previous: { date: '2025-12-01', views: 0, visitors: 0 },
          change: { views: null, visitors: null },
        },
        {
          date: '2026-03-01',
          views: 0,
          visitors: 0,
          previous: { date: '2026-01-01', views: 0, visitors: 0 },
          change: { views: null, visitors: null },
        },
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
      expect(quiet.rows).toEqual([
        { key: '64.02', label: 'Kabupaten Kutai Kartanegara', views: 0, previous: { views: 2 }, change: { views: -100 } },
      ])
      const series = await get('/api/stats/timeseries?metrics=views&by=day&region=64.08,64.72&from=2026-01-31&to=2026-02-01')
      expect(series.split).toBe('region')
      expect(series.series).toEqual([
        {
          key: '64.08',
          label: 'Kabupaten Kutai Timur',
          points: [
            { date: '2026-01-31', views: 1 },
            { date: '2026-02-01', views: 2 },
          ],
        },
        {
          key: '64.72',
          label: 'Kota Samarinda',
          points: [
            { date: '2026-01-31', views: 0 },
            { date: '2026-02-01', views: 2 },
          ],
        },
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
          {
            key: '2026-01-01',
            label: '2026-01-01',
            cells: { '64.08': { views: 1, visitors: 1 }, '64.02': { views: 2, visitors: 1 }, '64.72': { views: 0, visitors: 0 } },
          },
          {
            key: '2026-02-01',
            label: '2026-02-01',
            cells: { '64.08': { views: 2, visitors: 1 }, '64.02': { views: 0, visitors: 0 }, '64.72': { views: 2, visitors: 2 } },
          },
        ],
      })
      const byCategory = await get(
        '/api/stats/compare?metrics=views&by=category&split=region&region=64.08,64.72&from=2026-01-01&to=2026-02-28',
      )
      expect(byCategory.rows).toEqual([
        { key: 'pemerintahan', label: 'Pemerintahan', cells: { '64.08': { views: 3 }, '64.72': { views: 0 } } },
        { key: 'kesehatan', label: 'Kesehatan', cells: { '64.08': { views: 0 }, '64.72': { views: 2 } } },
      ])
    })

    it('combines filters and counts articles published in WITA days', async () => {
      const filtered = await get(
        `/api/stats/summary?metrics=views,visitors&category=pemerintahan,kesehatan&site=${catalog.siteIds.portal}` +
          `&author=Budi&from=2026-01-01&to=2026-02-28`,
      )
      expect(without(filtered)).toEqual({ views: 2, visitors: 2 })
      // Published 2026-01-31 23:30 WITA (Samarinda) is January; 2026-02-01 00:10 WITA (Kukar) is February.
      const published = await get('/api/stats/breakdown?metrics=articles&by=month&from=2026-01-01&to=2026-02-28')
      expect(published.rows).toEqual([
        { key: '2026-01-01', label: '2026-01-01', articles: 2 },
        { key: '2026-02-01', label: '2026-02-01', articles: 1 },
      ])
    })

    it('answers the last 30 minutes and 48 hours from the minute and hour rollups', async () => {
      t.now = new Date('2026-03-10T04:00:30Z')
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
})

describe('calendar helpers of the stats', () => {
  it('covers a range with whole months from month rows and the edges from day rows', () => {
    expect(planGrains({ from: '2025-11-29', to: '2026-11-28' }, null)).toEqual([
      { grain: 'day', from: '2025-11-29', to: '2025-11-30' },
      { grain: 'month', from: '2025-12-01', to: '2026-10-31' },
      { grain: 'day', from: '2026-11-01', to: '2026-11-28' },
    ])
    expect(planGrains({ from: '2026-01-01', to: '2026-02-28' }, 'region')).toEqual([
      { grain: 'month', from: '2026-01-01', to: '2026-02-28' },
    ])
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
