import { insertPageViews, type PageViewRow } from '@jangkau/server/queries/insert-page-views.ts'
import type { BreakdownAnswer, MonthlyReport, SummaryAnswer, TimeseriesAnswer } from '@jangkau/shared'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect } from 'vitest'
import { createApiToken, signIn } from './auth.ts'
import { seedCatalog, type Catalog } from './page-views.ts'
import { createTestApp, type TestApp } from './test-app.ts'
import { ensureWebDist, WEB_DIST } from './web-dist.ts'

// The data and checks of the monthly report tests (report-monthly.test.ts).

/** 10:00 WITA on 10 November 2026: October is the last full month. */
export const NOW = new Date('2026-11-10T02:00:00Z')
export const wita = (local: string) => new Date(`${local}+08:00`)

export const TELUK_SINGKAMA = '64.08.12.2004'
export const SANGKIMA = '64.08.12.2003'
export const MERABU = '64.03.01.2001'

/** The articles of this file: [url path, title, category, region, published (WITA)]. */
export const ARTICLES = [
  ['kim-teluk-singkama', 'KIM Teluk Singkama ikut Bimtek Dunia Digital', 'pemerintahan', '64.08', '2026-10-03T09:00:00'],
  ['samarinda-sehat', 'Samarinda Sehat', 'kesehatan', '64.72', '2026-10-15T10:00:00'],
  ['kukar-sekolah', 'Sekolah di Kukar', 'pendidikan', '64.02', '2026-09-20T08:00:00'],
  ['kaltim', 'Kalimantan Timur', 'pemerintahan', '64', '2025-10-05T08:00:00'],
  ['tanpa-wilayah', 'Tanpa wilayah', null, null, null],
  ['sangatta', 'Sangatta', 'kesehatan', '64.08.12', '2026-10-31T23:30:00'],
] as const

export const idNumber = (n: number) => new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(n)
export const enNumber = (n: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(n)
/** A village coverage percent as the report writes it: always one decimal (6.0 → "6,0%"). */
export const idPercent = (n: number) =>
  `${new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n)}%`
const percentChange = (current: number, previous: number) =>
  previous === 0 ? null : Math.round(((current - previous) / previous) * 1000) / 10

/**
 * One app for the monthly report, registered in the calling describe: page views of ARTICLES in
 * September and October 2026 and October 2025 through the real write path, titles confirmed by an
 * admin, four KIM groups with their activities; `headers` are a viewer's. `expectStatsApiNumbers`
 * checks every number of a report against the stats API.
 */
export function monthlyReportApp() {
  let t: TestApp
  let catalog: Catalog
  const headers: Record<string, string> = {}
  let regencyCodes: string[]

  beforeAll(async () => {
    ensureWebDist()
    t = await createTestApp({ config: { webDist: WEB_DIST }, clock: () => NOW })
    catalog = await seedCatalog(t.app)
    Object.assign(headers, (await signIn(t.app, { role: 'viewer' })).headers)
    regencyCodes = (
      await t.app.db.selectFrom('regions').select('code').where('level', 'in', ['kabupaten', 'kota']).orderBy('code').execute()
    ).map((r) => r.code)

    // Page views through the real write path, with controlled times.
    const views: PageViewRow[] = []
    const view = (article: number, at: string, visitor: number) => {
      const [path, title, category, regionCode, published] = ARTICLES[article]!
      views.push({
        occurredAt: wita(at),
        siteId: catalog.siteIds.portal,
        url: `https://diskominfo.kaltimprov.go.id/berita/${path}`,
        visitorHash: String(visitor),
        referrerHost: null,
        device: 'mobile',
        browser: 'Chrome',
        article: {
          title,
          categoryId: category ? catalog.categoryIds[category]! : null,
          regionCode,
          author: 'Ani',
          publishedAt: published ? wita(published) : null,
        },
      })
    }
    // October 2026: 1,200 views of the Kutim article (so numbers get a thousands separator), the rest small.
    for (let i = 0; i < 1200; i++) view(0, `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T1${i % 10}:00:00`, i % 7)
    for (const day of ['05', '16', '16']) view(1, `2026-10-${day}T09:00:00`, Number(day))
    view(2, '2026-10-02T08:00:00', 1)
    view(3, '2026-10-20T08:00:00', 1)
    view(4, '2026-10-21T08:00:00', 1)
    view(5, '2026-10-31T23:59:00', 1) // the last minute of October in WITA
    view(5, '2026-11-01T00:01:00', 1) // November already
    // September 2026 (the previous month) and October 2025 (the same month a year earlier).
    for (let i = 0; i < 320; i++) view(2, `2026-09-${String(1 + (i % 30)).padStart(2, '0')}T10:00:00`, i % 3)
    view(0, '2026-09-30T23:59:00', 9)
    for (let i = 0; i < 40; i++) view(3, `2025-10-${String(1 + (i % 31)).padStart(2, '0')}T10:00:00`, i)
    for (let start = 0; start < views.length; start += 500) {
      await t.app.db.transaction().execute((trx) => insertPageViews(trx, views.slice(start, start + 500)))
    }

    // The titles came with page views: the admin confirms them from the portal's catalogue, so the report shows them.
    const admin = await createApiToken(t.app, { role: 'admin' })
    const confirmed = await t.app.inject({
      method: 'PUT',
      url: '/api/articles',
      headers: admin.headers,
      payload: ARTICLES.map(([path, title]) => ({ url: `https://diskominfo.kaltimprov.go.id/berita/${path}`, title })),
    })
    expect(confirmed.statusCode, confirmed.body).toBe(200)

    // KIM through the API, as an admin records them.
    const post = async (url: string, payload: object) => {
      const r = await t.app.inject({ method: 'POST', url, headers: admin.headers, payload })
      expect(r.statusCode, r.body).toBe(201)
      return r.json() as { id: number }
    }
    const samarindaVillage = (
      await sql<{ code: string }>`select code from regions where level = 'desa' and code like '64.72.%' order by code limit 1`.execute(
        t.app.db,
      )
    ).rows[0]!.code
    const singkama = await post('/api/kim/groups', {
      name: 'KIM Teluk Singkama',
      villageCode: TELUK_SINGKAMA,
      status: 'aktif',
      statusSince: '2020-03-02',
    })
    await post('/api/kim/groups', { name: 'KIM Sangkima', villageCode: SANGKIMA, status: 'vakum', statusSince: '2026-08-01' })
    const merabu = await post('/api/kim/groups', { name: 'KIM Merabu', villageCode: MERABU, status: 'aktif', statusSince: '2026-10-20' })
    const samarinda = await post('/api/kim/groups', {
      name: 'KIM Samarinda',
      villageCode: samarindaVillage,
      status: 'aktif',
      statusSince: '2025-01-01',
    })
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/kim/groups/${samarinda.id}`,
      headers: admin.headers,
      payload: { status: 'bubar', statusSince: '2026-10-05' },
    })
    expect(patched.statusCode, patched.body).toBe(200)
    await post('/api/kim/activities', {
      groupId: singkama.id,
      type: 'bimtek',
      title: 'Bimtek Dunia Digital',
      date: '2026-10-10',
      participants: 20,
    })
    await post('/api/kim/activities', {
      groupId: singkama.id,
      type: 'sosialisasi',
      title: 'Sosialisasi KIP',
      date: '2026-10-12',
      participants: 15,
    })
    await post('/api/kim/activities', {
      groupId: merabu.id,
      type: 'sosialisasi',
      title: 'Sosialisasi desa',
      date: '2026-10-25',
      participants: 30,
    })
    await post('/api/kim/activities', {
      groupId: singkama.id,
      type: 'rapat_koordinasi',
      title: 'Rapat',
      date: '2026-09-15',
      participants: 8,
    })
  }, 600_000)

  afterAll(async () => t?.close())

  const get = async <T>(url: string): Promise<T> => {
    const r = await t.app.inject({ url, headers })
    expect(r.statusCode, r.body).toBe(200)
    return r.json() as T
  }
  const errorOf = async (url: string) => {
    const r = await t.app.inject({ url, headers })
    const body = r.json() as { error?: { code: string; message: string } }
    return { status: r.statusCode, code: body.error?.code, message: body.error?.message ?? '' }
  }

  /** Checks every number of a report against the stats API asked for the same month and region. */
  async function expectStatsApiNumbers(report: MonthlyReport, month: { from: string; to: string }, region: string | null): Promise<void> {
    const scope = region ? `&region=${region}` : ''
    const metrics = 'views,imported_views,visitors,articles,kim_groups,kim_active,coverage,active_coverage,activities,participants'
    const summary = (from: string, to: string, extra = '') =>
      get<SummaryAnswer>(`/api/stats/summary?metrics=${metrics}&from=${from}&to=${to}${scope}${extra}`)
    const current = await summary(month.from, month.to)
    const previous = await summary(report.previousMonth.range.from, report.previousMonth.range.to)
    const yearAgo = await summary(report.yearAgoMonth.range.from, report.yearAgoMonth.range.to)

    expect(report.range).toEqual(month)
    const totals = (s: SummaryAnswer) => ({ views: s.views, importedViews: s.imported_views, visitors: s.visitors, articles: s.articles })
    expect(report.totals).toEqual(totals(current))
    expect(report.previous).toEqual(totals(previous))
    expect(report.yearAgo).toEqual(totals(yearAgo))
    for (const metric of ['views', 'visitors', 'articles'] as const) {
      expect(report.change.previousMonth[metric]).toEqual({
        absolute: current[metric]! - previous[metric]!,
        percent: percentChange(current[metric]!, previous[metric]!),
      })
      expect(report.change.yearAgo[metric]).toEqual({
        absolute: current[metric]! - yearAgo[metric]!,
        percent: percentChange(current[metric]!, yearAgo[metric]!),
      })
    }
    // The stats API's own year comparison of the same month agrees.
    const byYear = await summary(month.from, month.to, '&compare=year')
    const { range: _r, timeZone: _z, visitorsDefinition: _v, ...yearAgoValues } = yearAgo
    expect(byYear.previous).toEqual(yearAgoValues)
    expect(report.change.yearAgo.views.percent).toBe(byYear.change!.views)
    expect(report.change.yearAgo.visitors.percent).toBe(byYear.change!.visitors)

    const kim = (s: SummaryAnswer) => ({
      groups: s.kim_groups,
      active: s.kim_active,
      dormant: s.kim_groups! - s.kim_active!,
      coverage: s.coverage,
      activeCoverage: s.active_coverage,
      activities: s.activities,
      participants: s.participants,
    })
    expect({ ...report.kim, previous: undefined, byType: undefined }).toEqual({ ...kim(current), previous: undefined, byType: undefined })
    expect(report.kim.previous).toEqual(kim(previous))

    const all = regencyCodes.join(',')
    const regencies = await get<BreakdownAnswer>(
      `/api/stats/breakdown?metrics=views,visitors,articles,kim_active,activities&by=region` +
        `&region=${all}&limit=50&from=${month.from}&to=${month.to}`,
    )
    const regenciesBefore = await get<BreakdownAnswer>(
      `/api/stats/breakdown?metrics=views&by=region&region=${all}&limit=50` +
        `&from=${report.previousMonth.range.from}&to=${report.previousMonth.range.to}`,
    )
    const before = new Map(regenciesBefore.rows.map((r) => [r.key, r.views!]))
    expect(report.regencies).toEqual(
      regencies.rows.map((r, i) => ({
        code: r.key,
        label: r.label,
        rank: i + 1,
        views: r.views,
        visitors: r.visitors,
        articles: r.articles,
        kimActive: r.kim_active,
        activities: r.activities,
        previousViews: before.get(r.key),
        change: { absolute: r.views! - before.get(r.key)!, percent: percentChange(r.views!, before.get(r.key)!) },
      })),
    )
    expect(report.regencies.map((r) => r.code).sort()).toEqual(regencyCodes)

    const articles = await get<BreakdownAnswer>(
      `/api/stats/breakdown?metrics=views,visitors&by=article&limit=10&from=${month.from}&to=${month.to}${scope}`,
    )
    expect(report.topArticles.map(({ url: _url, ...a }) => a)).toEqual(
      articles.rows.map((r) => ({ id: Number(r.key), title: r.label, titleConfirmed: true, views: r.views, visitors: r.visitors })),
    )
    for (const a of report.topArticles) {
      expect(a.url).toBe((await get<{ url: string }>(`/api/articles/${a.id}`)).url)
    }

    const categories = await get<BreakdownAnswer>(
      `/api/stats/breakdown?metrics=views&by=category&limit=10&from=${month.from}&to=${month.to}${scope}`,
    )
    expect(report.topCategories).toEqual(
      categories.rows.map((r) => ({
        key: r.key,
        label: r.label,
        views: r.views,
        share: current.views ? Math.round((r.views! / current.views) * 1000) / 10 : null,
      })),
    )

    const daily = await get<TimeseriesAnswer>(
      `/api/stats/timeseries?metrics=views,visitors&by=day&from=${month.from}&to=${month.to}${scope}`,
    )
    expect(report.daily).toEqual(daily.series[0]!.points)

    const types = await get<BreakdownAnswer>(
      `/api/stats/breakdown?metrics=activities,participants&by=activity_type&from=${month.from}&to=${month.to}${scope}`,
    )
    expect(report.kim.byType).toEqual(
      types.rows.map((r) => ({ type: r.key, label: r.label, activities: r.activities, participants: r.participants })),
    )
  }

  return {
    get app() {
      return t.app
    },
    headers,
    get,
    errorOf,
    expectStatsApiNumbers,
  }
}
