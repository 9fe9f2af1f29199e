import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { insertPageViews, type PageViewRow } from '@jangkau/server/queries/insert-page-views.ts'
import { composeReportEmail } from '@jangkau/server/reports/email.ts'
import type { BreakdownAnswer, MonthlyReport, SummaryAnswer, TimeseriesAnswer } from '@jangkau/shared'
import { sql } from 'kysely'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken, signIn } from './helpers/auth.ts'
import { launchBrowser, watchPageErrors } from './helpers/browser.ts'
import { recountPageViews, seedCatalog, type Catalog } from './helpers/page-views.ts'
import { BROWSER_UA, createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'
import { ensureWebDist, WEB_DIST } from './helpers/web-dist.ts'

// The monthly report for leadership: every number must be the stats API's for the same month and
// filters, the sentences must say those numbers the Indonesian way, and the PDF is the report page
// printed by the real Chromium (the built dashboard served by the app on a real port).


/** 10:00 WITA on 10 November 2026: October is the last full month. */
const NOW = new Date('2026-11-10T02:00:00Z')
const wita = (local: string) => new Date(`${local}+08:00`)

const TELUK_SINGKAMA = '64.08.12.2004'
const SANGKIMA = '64.08.12.2003'
const MERABU = '64.03.01.2001'

/** The articles of this file: [url path, title, category, region, published (WITA)]. */
const ARTICLES = [
  ['kim-teluk-singkama', 'KIM Teluk Singkama ikut Bimtek Dunia Digital', 'pemerintahan', '64.08', '2026-10-03T09:00:00'],
  ['samarinda-sehat', 'Samarinda Sehat', 'kesehatan', '64.72', '2026-10-15T10:00:00'],
  ['kukar-sekolah', 'Sekolah di Kukar', 'pendidikan', '64.02', '2026-09-20T08:00:00'],
  ['kaltim', 'Kalimantan Timur', 'pemerintahan', '64', '2025-10-05T08:00:00'],
  ['tanpa-wilayah', 'Tanpa wilayah', null, null, null],
  ['sangatta', 'Sangatta', 'kesehatan', '64.08.12', '2026-10-31T23:30:00'],
] as const

const idNumber = (n: number) => new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(n)
const enNumber = (n: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(n)
const percentChange = (current: number, previous: number) => (previous === 0 ? null : Math.round(((current - previous) / previous) * 1000) / 10)


describe(`monthly report on ${testDatabase}`, () => {
  let t: TestApp
  let catalog: Catalog
  let headers: Record<string, string>
  let regencyCodes: string[]

  beforeAll(async () => {
    ensureWebDist()
    t = await createTestApp({ config: { webDist: WEB_DIST }, clock: () => NOW })
    catalog = await seedCatalog(t.app)
    headers = (await signIn(t.app, { role: 'viewer' })).headers
    regencyCodes = (await t.app.db.selectFrom('regions').select('code').where('level', 'in', ['kabupaten', 'kota']).orderBy('code').execute()).map((r) => r.code)

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
        article: { title, categoryId: category ? catalog.categoryIds[category]! : null, regionCode, author: 'Ani', publishedAt: published ? wita(published) : null },
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
      await sql<{ code: string }>`select code from regions where level = 'desa' and code like '64.72.%' order by code limit 1`.execute(t.app.db)
    ).rows[0]!.code
    const singkama = await post('/api/kim/groups', { name: 'KIM Teluk Singkama', villageCode: TELUK_SINGKAMA, status: 'aktif', statusSince: '2020-03-02' })
    await post('/api/kim/groups', { name: 'KIM Sangkima', villageCode: SANGKIMA, status: 'vakum', statusSince: '2026-08-01' })
    const merabu = await post('/api/kim/groups', { name: 'KIM Merabu', villageCode: MERABU, status: 'aktif', statusSince: '2026-10-20' })
    const samarinda = await post('/api/kim/groups', { name: 'KIM Samarinda', villageCode: samarindaVillage, status: 'aktif', statusSince: '2025-01-01' })
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/kim/groups/${samarinda.id}`, headers: admin.headers, payload: { status: 'bubar', statusSince: '2026-10-05' } })
    expect(patched.statusCode, patched.body).toBe(200)
    await post('/api/kim/activities', { groupId: singkama.id, type: 'bimtek', title: 'Bimtek Dunia Digital', date: '2026-10-10', participants: 20 })
    await post('/api/kim/activities', { groupId: singkama.id, type: 'sosialisasi', title: 'Sosialisasi KIP', date: '2026-10-12', participants: 15 })
    await post('/api/kim/activities', { groupId: merabu.id, type: 'sosialisasi', title: 'Sosialisasi desa', date: '2026-10-25', participants: 30 })
    await post('/api/kim/activities', { groupId: singkama.id, type: 'rapat_koordinasi', title: 'Rapat', date: '2026-09-15', participants: 8 })
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
    const metrics = 'views,imported_views,visitors,articles,kim_groups,kim_active,coverage,activities,participants'
    const summary = (from: string, to: string, extra = '') => get<SummaryAnswer>(`/api/stats/summary?metrics=${metrics}&from=${from}&to=${to}${scope}${extra}`)
    const current = await summary(month.from, month.to)
    const previous = await summary(report.previousMonth.range.from, report.previousMonth.range.to)
    const yearAgo = await summary(report.yearAgoMonth.range.from, report.yearAgoMonth.range.to)

    expect(report.range).toEqual(month)
    const totals = (s: SummaryAnswer) => ({ views: s.views, importedViews: s.imported_views, visitors: s.visitors, articles: s.articles })
    expect(report.totals).toEqual(totals(current))
    expect(report.previous).toEqual(totals(previous))
    expect(report.yearAgo).toEqual(totals(yearAgo))
    for (const metric of ['views', 'visitors', 'articles'] as const) {
      expect(report.change.previousMonth[metric]).toEqual({ absolute: current[metric]! - previous[metric]!, percent: percentChange(current[metric]!, previous[metric]!) })
      expect(report.change.yearAgo[metric]).toEqual({ absolute: current[metric]! - yearAgo[metric]!, percent: percentChange(current[metric]!, yearAgo[metric]!) })
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
      activities: s.activities,
      participants: s.participants,
    })
    expect({ ...report.kim, previous: undefined, byType: undefined }).toEqual({ ...kim(current), previous: undefined, byType: undefined })
    expect(report.kim.previous).toEqual(kim(previous))

    const all = regencyCodes.join(',')
    const regencies = await get<BreakdownAnswer>(`/api/stats/breakdown?metrics=views,visitors,articles,kim_active,activities&by=region&region=${all}&limit=50&from=${month.from}&to=${month.to}`)
    const regenciesBefore = await get<BreakdownAnswer>(
      `/api/stats/breakdown?metrics=views&by=region&region=${all}&limit=50&from=${report.previousMonth.range.from}&to=${report.previousMonth.range.to}`,
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

    const articles = await get<BreakdownAnswer>(`/api/stats/breakdown?metrics=views,visitors&by=article&limit=10&from=${month.from}&to=${month.to}${scope}`)
    expect(report.topArticles.map(({ url: _url, ...a }) => a)).toEqual(
      articles.rows.map((r) => ({ id: Number(r.key), title: r.label, titleConfirmed: true, views: r.views, visitors: r.visitors })),
    )
    for (const a of report.topArticles) {
      expect(a.url).toBe((await get<{ url: string }>(`/api/articles/${a.id}`)).url)
    }

    const categories = await get<BreakdownAnswer>(`/api/stats/breakdown?metrics=views&by=category&limit=10&from=${month.from}&to=${month.to}${scope}`)
    expect(report.topCategories).toEqual(
      categories.rows.map((r) => ({ key: r.key, label: r.label, views: r.views, share: current.views ? Math.round((r.views! / current.views) * 1000) / 10 : null })),
    )

    const daily = await get<TimeseriesAnswer>(`/api/stats/timeseries?metrics=views,visitors&by=day&from=${month.from}&to=${month.to}${scope}`)
    expect(report.daily).toEqual(daily.series[0]!.points)

    const types = await get<BreakdownAnswer>(`/api/stats/breakdown?metrics=activities,participants&by=activity_type&from=${month.from}&to=${month.to}${scope}`)
    expect(report.kim.byType).toEqual(types.rows.map((r) => ({ type: r.key, label: r.label, activities: r.activities, participants: r.participants })))
  }

  it('gives every number of the month as the stats API does, for the province', async () => {
    const report = await get<MonthlyReport>('/api/reports/monthly?month=2026-10')
    await expectStatsApiNumbers(report, { from: '2026-10-01', to: '2026-10-31' }, null)

    // And the numbers are right, not only equal: an independent recount of the raw views.
    const recount = [...(await recountPageViews(t.app.db, { from: '2026-10-01', to: '2026-10-31', tz: 'Asia/Makassar' })).values()][0]!
    expect(report.totals).toEqual({ views: 1207, importedViews: 0, visitors: recount.visitors, articles: 3 })
    expect(recount.views).toBe(1207)
    expect(report.previous.views).toBe(321)
    expect(report.yearAgo.views).toBe(40)
    expect(report.change.previousMonth.views).toEqual({ absolute: 886, percent: 276 })
    expect(report.kim).toMatchObject({ groups: 3, active: 2, dormant: 1, activities: 3, participants: 65 })
    expect(report.kim.previous).toMatchObject({ groups: 3, active: 2, dormant: 1, activities: 1, participants: 8 })
    expect(report.kim.byType).toEqual([
      { type: 'sosialisasi', label: 'Sosialisasi', activities: 2, participants: 45 },
      { type: 'bimtek', label: 'Bimtek', activities: 1, participants: 20 },
    ])
    expect(report.regencies[0]).toMatchObject({ code: '64.08', label: 'Kabupaten Kutai Timur', rank: 1, views: 1201, kimActive: 1, activities: 2 })
    expect(report.regencies.filter((r) => r.views === 0)).toHaveLength(7)
    expect(report.topArticles[0]).toEqual({
      id: expect.any(Number),
      title: 'KIM Teluk Singkama ikut Bimtek Dunia Digital',
      titleConfirmed: true,
      url: 'https://diskominfo.kaltimprov.go.id/berita/kim-teluk-singkama',
      views: 1200,
      visitors: expect.any(Number),
    })
    expect(report.daily).toHaveLength(31)
    expect(report.daily[30]).toEqual({ date: '2026-10-31', views: 1, visitors: 1 })
    expect(report).toMatchObject({
      month: '2026-10',
      monthLabel: 'Oktober 2026',
      lang: 'id',
      title: 'Laporan Bulanan Jangkau: Oktober 2026',
      region: null,
      regionLabel: 'Provinsi Kalimantan Timur',
      complete: true,
      timeZone: 'Asia/Makassar',
      previousMonth: { month: '2026-09', label: 'September 2026', range: { from: '2026-09-01', to: '2026-09-30' } },
      yearAgoMonth: { month: '2025-10', label: 'Oktober 2025', range: { from: '2025-10-01', to: '2025-10-31' } },
      pdfAvailable: true,
    })
  })

  it('filters by one regency, and still ranks all ten', async () => {
    const report = await get<MonthlyReport>('/api/reports/monthly?month=2026-10&region=64.08')
    await expectStatsApiNumbers(report, { from: '2026-10-01', to: '2026-10-31' }, '64.08')
    // The Kutim article and the one about a Kutim district (64.08.12) count; others do not.
    expect(report.totals.views).toBe(1201)
    expect(report.topArticles.map((a) => a.title)).toEqual(['KIM Teluk Singkama ikut Bimtek Dunia Digital', 'Sangatta'])
    expect(report.kim).toMatchObject({ groups: 2, active: 1, dormant: 1, activities: 2, participants: 35 })
    expect(report.regionLabel).toBe('Kabupaten Kutai Timur')
    expect(report.title).toBe('Laporan Bulanan Jangkau: Oktober 2026, Kabupaten Kutai Timur')
    expect(report.regencies).toHaveLength(10)
    expect(report.sentences).toContain('Kabupaten Kutai Timur berada di peringkat 1 dari 10 kabupaten/kota menurut tayangan.')
  })

  it('writes short sentences with the numbers formatted the Indonesian way', async () => {
    const r = await get<MonthlyReport>('/api/reports/monthly?month=2026-10')
    expect(idNumber(r.totals.views)).toBe('1.207')
    expect(r.sentences).toEqual([
      `Pada Oktober 2026, artikel dilihat 1.207 kali oleh ${idNumber(r.totals.visitors)} pengunjung harian, dan 3 artikel baru terbit.`,
      'Dibanding September 2026, tayangan naik 276% (+886).',
      `Dibanding Oktober 2025, tayangan naik ${idNumber(r.change.yearAgo.views.percent!)}% (+1.167).`,
      'Tayangan terbanyak: Kabupaten Kutai Timur (1.201), Kota Samarinda (3) dan Kabupaten Kutai Kartanegara (1).',
      `Tanpa tayangan: ${r.regencies.filter((x) => x.views === 0).map((x) => x.label).join(', ').replace(/, ([^,]*)$/, ' dan $1')}.`,
      'Artikel terpopuler: “KIM Teluk Singkama ikut Bimtek Dunia Digital” (1.200 kali dilihat).',
      `Kategori paling banyak dibaca: Pemerintahan (${idNumber(r.topCategories[0]!.share!)}% dari tayangan).`,
      `Dari 3 KIM terdaftar, 2 aktif dan 1 vakum; ${idNumber(r.kim.coverage)}% desa/kelurahan sudah memiliki KIM.`,
      'Tercatat 3 kegiatan KIM dengan 65 peserta, terbanyak sosialisasi (2 kegiatan).',
    ])
    // 2,917.5 % a year on: a decimal comma, a thousands point.
    expect(r.sentences[2]).toContain('2.917,5%')
    expect(r.sentences[6]).toContain('99,5%')

    const en = await get<MonthlyReport>('/api/reports/monthly?month=2026-10&lang=en')
    expect(en.monthLabel).toBe('October 2026')
    expect(en.title).toBe('Jangkau monthly report: October 2026')
    expect(en.sentences[0]).toBe(`In October 2026, articles were viewed ${enNumber(1207)} times by ${enNumber(en.totals.visitors)} daily visitors, and 3 new articles were published.`)
    expect(en.sentences[1]).toBe('Compared with September 2026, views rose by 276% (+886).')
    expect(en.sentences).toContain('Most read article: “KIM Teluk Singkama ikut Bimtek Dunia Digital” (1,200 views).')
    expect(en.visitorsDefinition).toMatch(/^Visitors are counted per article per day \(WITA\)/)
    expect(en.kim.byType[0]!.label).toBe('Socialisation')
  })

  it('says when there is nothing to compare with, and when the month is not over', async () => {
    const empty = await get<MonthlyReport>('/api/reports/monthly?month=2020-01')
    expect(empty.totals).toEqual({ views: 0, importedViews: 0, visitors: 0, articles: 0 })
    expect(empty.change.previousMonth.views).toEqual({ absolute: 0, percent: null })
    expect(empty.topArticles).toEqual([])
    expect(empty.sentences).toContain('Belum ada tayangan pada Desember 2019 untuk dibandingkan.')
    expect(empty.sentences).toContain('Belum ada KIM terdaftar.')
    expect(empty.sentences).toContain('Tidak ada kegiatan KIM yang tercatat bulan ini.')

    const running = await get<MonthlyReport>('/api/reports/monthly?month=2026-11')
    expect(running.complete).toBe(false)
    expect(running.range).toEqual({ from: '2026-11-01', to: '2026-11-30' })
    expect(running.totals.views).toBe(1)
    expect(running.sentences[0]).toBe('Bulan ini belum selesai: angka sampai 10 November 2026.')
    // A year back from a leap day's month still lands on a whole month.
    const february = await get<MonthlyReport>('/api/reports/monthly?month=2024-02')
    expect(february.range).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(february.yearAgoMonth.range).toEqual({ from: '2023-02-01', to: '2023-02-28' })
  })

  it.each([
    ['month=2026-13', 400, 'invalid_request'],
    ['month=2026-1', 400, 'invalid_request'],
    ['month=26-10', 400, 'invalid_request'],
    ['month=2026-10-01', 400, 'invalid_request'],
    ['', 400, 'invalid_request'],
    ['month=2026-12', 400, 'month_in_future'],
    ['month=2026-10&region=64.99', 400, 'unknown_region'],
    ['month=2026-10&region=64.08.12', 400, 'invalid_request'],
    ['month=2026-10&region=64', 400, 'invalid_request'],
    ['month=2026-10&lang=fr', 400, 'invalid_request'],
    ['month=2026-10&extra=1', 400, 'invalid_request'],
  ])('refuses %s with %i %s, for JSON and PDF', async (query, status, code) => {
    for (const path of ['/api/reports/monthly', '/api/reports/monthly.pdf']) {
      const e = await errorOf(`${path}?${query}`)
      expect({ path, status: e.status, code: e.code }, query).toEqual({ path, status, code })
      expect(e.message.length).toBeGreaterThan(0)
      // The report's own checks say it in both languages.
      if (code !== 'invalid_request') expect(e.message).toContain(' / ')
    }
  })

  it('counts the days imported from the portal\'s old counter, and says so', async () => {
    const admin = await createApiToken(t.app, { role: 'admin' })
    const csv = 'url;date;views\nhttps://diskominfo.kaltimprov.go.id/berita/kim-teluk-singkama;2024-05-02;40\nhttps://diskominfo.kaltimprov.go.id/berita/kim-teluk-singkama;2024-05-03;2\n'
    const imported = await t.app.inject({ method: 'POST', url: '/api/import/daily-views', headers: { ...admin.headers, 'content-type': 'text/csv' }, payload: csv })
    expect(imported.statusCode, imported.body).toBe(200)
    const report = await get<MonthlyReport>('/api/reports/monthly?month=2024-05')
    await expectStatsApiNumbers(report, { from: '2024-05-01', to: '2024-05-31' }, null)
    expect(report.totals).toMatchObject({ views: 42, importedViews: 42, visitors: 0 })
    expect(report.sentences[1]).toBe('42 di antaranya diimpor dari penghitung lama portal (tanpa data pengunjung).')
    expect(report.topArticles[0]).toMatchObject({ title: 'KIM Teluk Singkama ikut Bimtek Dunia Digital', views: 42 })
  })

  it('needs a signed-in reader, and lets operators of any regency read it like the stats', async () => {
    const anonymous = await t.app.inject({ url: '/api/reports/monthly?month=2026-10' })
    expect(anonymous.statusCode).toBe(401)
    const operator = await createApiToken(t.app, { role: 'operator', regions: ['64.03'] })
    const r = await t.app.inject({ url: '/api/reports/monthly?month=2026-10&region=64.08', headers: operator.headers })
    expect(r.statusCode).toBe(200)
    const stats = await t.app.inject({ url: '/api/stats/summary?from=2026-10-01&to=2026-10-31&region=64.08', headers: operator.headers })
    expect(stats.statusCode).toBe(200)
  })

  it('answers 503 pdf_unavailable while the app does not listen on a port', async () => {
    const r = await t.app.inject({ url: '/api/reports/monthly.pdf?month=2026-10', headers })
    expect(r.statusCode).toBe(503)
    expect(r.json().error.code).toBe('pdf_unavailable')
  })

  describe('PDF', () => {
    let base = ''
    beforeAll(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' })
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
    })

    /** The PDF's bytes, its pages' text (white space collapsed) and all of it as one text. */
    async function pdfOf(query: string): Promise<{ bytes: Uint8Array; pages: string[]; text: string; disposition: string }> {
      const r = await t.app.inject({ url: `/api/reports/monthly.pdf?${query}`, headers })
      expect(r.statusCode, r.body.slice(0, 500)).toBe(200)
      expect(r.headers['content-type']).toBe('application/pdf')
      const bytes = new Uint8Array(r.rawPayload)
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)))
      const pages = (text as string[]).map((p) => p.replace(/\s+/g, ' '))
      return { bytes, pages, text: pages.join(' '), disposition: String(r.headers['content-disposition']) }
    }

    it('prints the report page to four A4 pages with its title and numbers', async () => {
      const report = await get<MonthlyReport>('/api/reports/monthly?month=2026-10')
      const pdf = await pdfOf('month=2026-10')
      expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
      expect(pdf.disposition).toBe('attachment; filename="laporan-jangkau-2026-10.pdf"')
      // One subject per A4 sheet: summary and daily views, regencies, articles and categories, KIM.
      expect(pdf.pages).toHaveLength(4)
      // The count of page objects agrees with the parser.
      expect(Buffer.from(pdf.bytes).toString('latin1').match(/\/Type\s*\/Page(?!s)/g)).toHaveLength(4)
      const [summary, regencies, articles, kim] = pdf.pages as [string, string, string, string]
      expect(summary).toContain(report.title)
      for (const sentence of report.sentences) expect(summary).toContain(sentence)
      expect(summary).toContain('Tayangan per hari')
      // The charts are drawn: their axis labels are text of the page.
      expect(summary).toContain('1 Okt')
      expect(summary).toContain('31 Okt')
      expect(regencies).toContain('Peringkat kabupaten/kota menurut tayangan')
      expect(regencies).toContain('Kab. Kutai Timur')
      expect(regencies).toContain('Kabupaten Kutai Timur 1.201')
      expect(articles).toContain('Sepuluh artikel teratas')
      expect(articles).toContain('KIM Teluk Singkama ikut Bimtek Dunia Digital https://diskominfo.kaltimprov.go.id/berita/kim-teluk-singkama 1.200')
      expect(articles).toContain('Kategori teratas')
      expect(kim).toContain('KIM terdaftar 3 KIM aktif 2 KIM vakum 1')
      expect(kim).toContain('Sosialisasi 2 45')
      // No dashboard navigation or buttons on paper.
      expect(pdf.text).not.toContain('Unduh PDF')
      expect(pdf.text).not.toContain('Keluar')
    })

    it('prints one regency in English', async () => {
      const pdf = await pdfOf('month=2026-10&region=64.08&lang=en')
      expect(pdf.disposition).toBe('attachment; filename="laporan-jangkau-2026-10-64-08.pdf"')
      expect(pdf.pages).toHaveLength(4)
      expect(pdf.pages[0]).toContain('Jangkau monthly report: October 2026, Kabupaten Kutai Timur')
      expect(pdf.text).toContain('Kabupaten Kutai Timur ranks 1 of 10 regencies and cities by views.')
    })

    it('hides the navigation, filters and buttons when the report page is printed', async () => {
      const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } })
      try {
        const cookie = headers.cookie!
        await browser.context.addCookies([{ name: cookie.slice(0, cookie.indexOf('=')), value: cookie.slice(cookie.indexOf('=') + 1), url: base }])
        const page = await browser.context.newPage()
        const errors = watchPageErrors(page)
        await page.goto(`${base}/laporan?bulan=2026-10`)
        await page.locator('.monthly-report .report-chart svg.recharts-surface').first().waitFor().catch(async (e) => {
          throw new Error(`${e}\n${page.url()}\n${await page.locator('body').innerText()}\n${errors.join('\n')}`)
        })
        await expect(page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Laporan bulanan' }).isVisible()).resolves.toBe(true)
        await expect(page.getByRole('button', { name: 'Unduh PDF' }).isEnabled()).resolves.toBe(true)
        expect(await page.locator('.report-title').textContent()).toBe('Laporan Bulanan Jangkau: Oktober 2026')

        await page.emulateMedia({ media: 'print' })
        for (const selector of ['.topbar', '.report-controls', '.page-header', '.footer']) {
          expect(await page.locator(selector).first().isVisible(), selector).toBe(false)
        }
        expect(await page.getByRole('button', { name: 'Cetak' }).isVisible()).toBe(false)
        expect(await page.locator('.monthly-report').isVisible()).toBe(true)
        // Each chart, drawn for the 1280-pixel screen, shrinks to the paper's width and stays visible.
        await page.setViewportSize({ width: 700, height: 900 })
        const widths = await page.evaluate(() => [...document.querySelectorAll('.report-chart svg.recharts-surface')].map((svg) => svg.getBoundingClientRect().width))
        expect(widths).toHaveLength(2)
        for (const width of widths) {
          expect(width).toBeGreaterThan(400)
          expect(width).toBeLessThanOrEqual(700)
        }
      } finally {
        await browser.close()
      }
    })
  })
})

describe(`forged titles in the monthly report on ${testDatabase}`, () => {
  // Issue 13 §4: any reader can send views with a made-up title for a real path of a configured portal.
  // 600 of them in a minute (COLLECT_RATE_LIMIT lets that many through) make it the top article.
  let t: TestApp
  const PORTAL = 'https://diskominfo.kaltimprov.go.id'
  const FORGED = 'PENTING: verifikasi NIP Anda di https://kaltim-gov.phish.example/login sebelum 15 November'
  beforeAll(async () => {
    ensureWebDist()
    t = await createTestApp({ config: { webDist: WEB_DIST }, clock: () => NOW })
    await seedCatalog(t.app)
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const collect = (path: string, title: string) =>
      t.app.inject({ method: 'POST', url: '/api/collect', headers: { 'user-agent': BROWSER_UA }, payload: { url: `${PORTAL}${path}`, title } })
    for (let i = 0; i < 600; i++) expect((await collect('/berita/pengumuman-cpns', FORGED)).statusCode).toBe(202)
    // A second article whose title the portal's catalogue confirms (an admin's upload).
    const admin = await createApiToken(t.app, { role: 'admin' })
    const put = await t.app.inject({ method: 'PUT', url: '/api/articles', headers: admin.headers, payload: [{ url: `${PORTAL}/berita/kim-sangatta`, title: 'KIM Sangatta Aktif Kembali' }] })
    expect(put.statusCode, put.body).toBe(200)
    await t.app.db.transaction().execute((trx) =>
      insertPageViews(
        trx,
        Array.from({ length: 3 }, (_, i) => ({
          occurredAt: NOW,
          siteId: 1,
          url: `${PORTAL}/berita/kim-sangatta`,
          visitorHash: String(i),
          referrerHost: null,
          device: 'mobile',
          browser: 'Chrome',
          article: { title: 'Judul palsu lain', categoryId: null, regionCode: null, author: null, publishedAt: null },
        })),
      ),
    )
  }, 300_000)
  afterAll(async () => t?.close())

  it('names an unconfirmed top article by its path in the JSON, the sentences and the email', async () => {
    const { headers } = await signIn(t.app, { role: 'viewer' })
    const r = await t.app.inject({ url: '/api/reports/monthly?month=2026-11', headers })
    expect(r.statusCode, r.body).toBe(200)
    const report = r.json() as MonthlyReport
    expect(report.topArticles.map(({ id: _id, visitors: _v, ...a }) => a)).toEqual([
      { title: '/berita/pengumuman-cpns', titleConfirmed: false, url: `${PORTAL}/berita/pengumuman-cpns`, views: 600 },
      { title: 'KIM Sangatta Aktif Kembali', titleConfirmed: true, url: `${PORTAL}/berita/kim-sangatta`, views: 3 },
    ])
    expect(report.sentences).toContain('Artikel terpopuler: /berita/pengumuman-cpns (600 kali dilihat).')
    expect(r.body).not.toContain('phish')
    expect(r.body).not.toContain('Judul palsu')

    const email = composeReportEmail(report, { pdf: null, link: null })
    expect(email.text).toContain('Artikel terpopuler: /berita/pengumuman-cpns (600 kali dilihat).')
    for (const body of [email.text, email.html, email.subject]) {
      expect(body).not.toContain('phish')
      expect(body).not.toContain('verifikasi NIP')
    }
  })

  it('prints the path, not the forged title, on the rendered report page (PDF)', { timeout: 120_000 }, async () => {
    const { headers } = await signIn(t.app, { role: 'viewer' })
    const r = await t.app.inject({ url: '/api/reports/monthly.pdf?month=2026-11', headers })
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200)
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(r.rawPayload)), { mergePages: true })
    const flat = (text as string).replace(/\s+/g, ' ')
    expect(flat).toContain('/berita/pengumuman-cpns')
    expect(flat).toContain('KIM Sangatta Aktif Kembali')
    expect(flat).not.toContain('phish')
    expect(flat).not.toContain('verifikasi NIP')
  })
})

describe(`monthly report PDF without Chromium on ${testDatabase}`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ config: { chromiumPath: undefined, webDist: WEB_DIST }, clock: () => NOW })
  })
  afterAll(async () => t?.close())

  it('answers 503 pdf_unavailable, suggests Print, and the JSON says so', async () => {
    const { headers } = await signIn(t.app, { role: 'viewer' })
    const pdf = await t.app.inject({ url: '/api/reports/monthly.pdf?month=2026-10', headers })
    expect(pdf.statusCode).toBe(503)
    expect(pdf.json().error.code).toBe('pdf_unavailable')
    expect(pdf.json().error.message).toContain('Ctrl+P')
    const json = await t.app.inject({ url: '/api/reports/monthly?month=2026-10', headers })
    expect(json.statusCode).toBe(200)
    expect(json.json().pdfAvailable).toBe(false)
  })
})

describe(`monthly report PDFs queued on ${testDatabase}`, () => {
  let t: TestApp
  beforeAll(async () => {
    ensureWebDist()
    // One render at a time and one download waiting for it: small, so that a few readers fill it.
    t = await createTestApp({ config: { webDist: WEB_DIST, reportPdf: { concurrency: 1, maxWaiting: 1 } }, clock: () => NOW })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(async () => t?.close())

  const pdf = (headers: Record<string, string>) => t.app.inject({ url: '/api/reports/monthly.pdf?month=2026-10', headers })

  it('makes one PDF at a time per user: asking again meanwhile is 429 pdf_busy with Retry-After', { timeout: 120_000 }, async () => {
    const { headers } = await signIn(t.app, { role: 'viewer' })
    const answers = await Promise.all([pdf(headers), pdf(headers)])
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 429])
    const busy = answers.find((a) => a.statusCode === 429)!
    expect(busy.json().error.code).toBe('pdf_busy')
    expect(busy.json().error.message).toContain(' / ')
    expect(Number(busy.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    // Each API token counts as its own user, and the user is free again once the PDF is made.
    const token = await createApiToken(t.app, { role: 'viewer' })
    const [again, other] = await Promise.all([pdf(headers), pdf(token.headers)])
    expect([again.statusCode, other.statusCode]).toEqual([200, 200])
  })

  it('answers 503 pdf_queue_full with Retry-After past the renders running and waiting', { timeout: 120_000 }, async () => {
    const readers = await Promise.all(Array.from({ length: 4 }, () => createApiToken(t.app, { role: 'viewer' })))
    const answers = await Promise.all(readers.map((r) => pdf(r.headers)))
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 503, 503])
    for (const full of answers.filter((a) => a.statusCode === 503)) {
      expect(full.json().error.code).toBe('pdf_queue_full')
      expect(full.json().error.message).toContain('Ctrl+P')
      expect(Number(full.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    }
    for (const made of answers.filter((a) => a.statusCode === 200)) expect(made.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    // The queue empties: a refused reader gets theirs now.
    expect((await pdf(readers[answers.findIndex((a) => a.statusCode === 503)]!.headers)).statusCode).toBe(200)
  })
})
