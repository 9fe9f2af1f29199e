import { sql } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import { statsApp } from './helpers/stats-api.ts'
import { testDatabase } from './helpers/test-app.ts'

// The stats API over the KIM registry, and the requests it refuses (page views: stats-views.test.ts).

describe(`stats API on ${testDatabase}`, () => {
  const t = statsApp()
  const { headers, get, without } = t

  describe('KIM', () => {
    async function villages(prefix: string): Promise<string[]> {
      const rows = await sql<{
        code: string
      }>`select code from regions where level = 'desa' and code like ${`${prefix}.%`} order by code limit 3`.execute(t.app.db)
      return rows.rows.map((r) => r.code)
    }
    async function group(name: string, village: string, history: [string, string][]): Promise<number> {
      const [region, district] = [village.slice(0, 5), village.slice(0, 8)]
      const last = history[history.length - 1]!
      const row = await sql<{ id: number }>`
        insert into kim_groups (name, village_code, district_code, region_code, status, status_since)
        values (${name}, ${village}, ${district}, ${region}, ${last[0]}, ${last[1]}) returning id`.execute(t.app.db)
      const id = row.rows[0]!.id
      for (const [status, on] of history)
        await sql`insert into kim_status_changes (group_id, status, changed_on) values (${id}, ${status}, ${on})`.execute(t.app.db)
      return id
    }
    const activity = (groupId: number, type: string, date: string, participants: number) =>
      sql`insert into kim_activities (group_id, type, title, date, participants)
        values (${groupId}, ${type}, ${`${type} ${date}`}, ${date}, ${participants})`.execute(t.app.db)
    const villageCount = async (prefix: string) =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from regions where level = 'desa' and code like ${prefix}`.execute(t.app.db))
          .rows[0]!.n,
      )

    let ids: number[] = []
    beforeEach(async () => {
      const [kutimA, kutimB] = await villages('64.08')
      const [samarinda] = await villages('64.72')
      ids = [
        await group('KIM Teluk Singkama', kutimA!, [
          ['aktif', '2020-03-01'],
          ['vakum', '2026-01-10'],
        ]),
        await group('KIM Sangatta', kutimB!, [['aktif', '2020-05-01']]),
        await group('KIM Samarinda', samarinda!, [
          ['aktif', '2026-01-20'],
          ['bubar', '2026-02-15'],
        ]),
      ]
      await activity(ids[0]!, 'bimtek', '2026-01-05', 20)
      await activity(ids[1]!, 'sosialisasi', '2026-01-25', 15)
      await activity(ids[2]!, 'produksi_konten', '2026-02-01', 5)
    })

    it('counts groups by their status on the last day, activities in the range, and village coverage', async () => {
      const all = await villageCount('64.%')
      const jan = await get(
        '/api/stats/summary?metrics=kim_groups,kim_active,activities,participants,coverage&from=2026-01-01&to=2026-01-31&compare=previous',
      )
      expect(without(jan)).toEqual({
        kim_groups: 3,
        kim_active: 2,
        activities: 2,
        participants: 35,
        coverage: Math.round((3 / all) * 1000) / 10,
        previous: { kim_groups: 2, kim_active: 2, activities: 0, participants: 0, coverage: Math.round((2 / all) * 1000) / 10 },
        change: { kim_groups: 50, kim_active: 0, activities: null, participants: null, coverage: expect.any(Number) },
      })
      const feb = await get(
        '/api/stats/breakdown?metrics=kim_groups,kim_active,activities,coverage&by=region&from=2026-02-01&to=2026-02-28',
      )
      expect(feb.rows).toEqual([
        {
          key: '64.08',
          label: 'Kabupaten Kutai Timur',
          kim_groups: 2,
          kim_active: 1,
          activities: 0,
          coverage: Math.round((2 / (await villageCount('64.08.%'))) * 1000) / 10,
        },
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
      const oneGroup = await get(
        `/api/stats/breakdown?metrics=participants&by=kim_group&kim_group=${ids[0]},${ids[1]}&from=2026-01-01&to=2026-02-28`,
      )
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
      ['more than twenty years', 'summary?from=2001-01-01&to=2026-01-01', 'range_too_long'],
      ['a day before 2000', 'summary?from=1999-12-31&to=2000-01-31', 'range_too_early'],
      ['daily buckets over more than three years', 'timeseries?by=day&from=2020-01-01&to=2026-01-01', 'interval_too_fine'],
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

    it.each(['summary', 'breakdown?by=region', 'timeseries', 'compare?split=region', 'realtime'])(
      'answers 401 without a session: %s',
      async (path) => {
        const r = await t.app.inject({ url: `/api/stats/${path}` })
        expect(r.statusCode).toBe(401)
        expect(r.json().error.code).toBe('unauthenticated')
      },
    )

    it('documents every stats route in the OpenAPI schema', async () => {
      const spec = (await t.app.inject({ url: '/docs/json' })).json()
      for (const path of [
        '/api/stats/summary',
        '/api/stats/breakdown',
        '/api/stats/timeseries',
        '/api/stats/compare',
        '/api/stats/realtime',
        '/api/export/page-views.csv',
      ]) {
        expect(spec.paths[path]?.get, path).toBeTruthy()
      }
      const names = spec.paths['/api/stats/breakdown'].get.parameters.map((p: { name: string }) => p.name)
      expect(names).toEqual(
        expect.arrayContaining(['metrics', 'by', 'split', 'from', 'to', 'tz', 'compare', 'region', 'kim_group', 'format', 'lang']),
      )
    })
  })
})
