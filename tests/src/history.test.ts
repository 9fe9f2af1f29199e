import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApiToken } from './helpers/auth.ts'
import { BROWSER_UA, createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

/*
 * The portal's history carried over (issue #8, part 1): base counts through PUT /api/articles, the
 * CMS's daily counts through POST /api/import/daily-views, both shown exactly once, by the public
 * counter and by the stats API, and a re-import changes nothing.
 */

const NOW = new Date('2026-03-10T02:00:00Z') // 10:00 WITA
const PORTAL = 'https://diskominfo.kaltimprov.go.id'
const SEED = `${PORTAL}/index.php/pemerintahan/diskominfo-kaltim-lakukan-koordinasi-dan-pembinaan-kim-ke-kutim`
const OTHER = `${PORTAL}/berita/samarinda`

type Caller = { headers: Record<string, string> }

/** The CMS's daily counts: the seed article from 2026-02-26, another article on two days. */
const DAILY = [
  'url;date;views',
  `${SEED};2026-02-26;100`,
  `${SEED};2026-02-27;50`,
  `${SEED};2026-02-28;30`,
  `${SEED};2026-03-01;20`,
  `${OTHER}?utm_source=wa#top;2026-03-01;7`,
  `${OTHER};2026-03-02;3`,
].join('\n')

describe(`portal history import on ${testDatabase}`, () => {
  let t: TestApp
  let admin: Caller
  let viewer: Caller
  let operator: Caller

  beforeAll(async () => {
    t = await createTestApp({
      clock: () => NOW,
      config: { sites: [{ hostname: 'diskominfo.kaltimprov.go.id', name: 'Diskominfo Kaltim', regionCode: '64' }] },
    })
    admin = await createApiToken(t.app, { role: 'admin' })
    viewer = await createApiToken(t.app, { role: 'viewer' })
    operator = await createApiToken(t.app, { role: 'operator', regions: ['64.08'] })
  })
  afterAll(async () => t?.close())
  beforeEach(async () => {
    await sql`truncate page_views, imported_daily_views, articles, categories, rollup_views, rollup_referrers, rollup_devices,
      rollup_segment_views, rollup_segment_referrers, rollup_segment_devices, rollup_hours, rollup_minutes, rollup_visitors_seen
      restart identity cascade`.execute(t.app.db)
    await t.app.db.insertInto('categories').values({ slug: 'pemerintahan', name: 'Pemerintahan' }).execute()
    t.app.ingest.catalog.invalidate()
  })

  const importDaily = (csv: string, who: Caller = admin) =>
    t.app.inject({ method: 'POST', url: '/api/import/daily-views', headers: { ...who.headers, 'content-type': 'text/csv' }, payload: csv })
  const putArticles = (payload: unknown, contentType?: string) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/articles',
      headers: { ...admin.headers, ...(contentType ? { 'content-type': contentType } : {}) },
      payload: payload as string,
    })
  const counter = async (url: string) => {
    const r = await t.app.inject({ url: `/api/counter?url=${encodeURIComponent(url)}` })
    expect(r.statusCode, r.body).toBe(200)
    return (r.json() as { views: number }).views
  }
  const collect = async (url: string, ip: string) => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/collect',
      remoteAddress: ip,
      headers: { 'user-agent': BROWSER_UA },
      payload: { url },
    })
    expect(r.statusCode, r.body).toBe(202)
  }
  const stats = async (path: string, query: string) => {
    const r = await t.app.inject({ url: `/api/stats/${path}?${query}`, headers: viewer.headers })
    expect(r.statusCode, r.body).toBe(200)
    return r.json() as Record<string, any>
  }
  const tableCounts = async () => {
    const r = await sql<{ days: string; sum: string; articles: string }>`
      select (select count(*) from imported_daily_views) as days, (select coalesce(sum(views), 0) from imported_daily_views) as sum,
             (select count(*) from articles) as articles`.execute(t.app.db)
    const row = r.rows[0]!
    return { days: Number(row.days), sum: Number(row.sum), articles: Number(row.articles) }
  }

  it('keeps the portal counter: base views plus what Jangkau counted, never reset to 0', async () => {
    const put = await putArticles([
      { url: SEED, title: 'Diskominfo Kaltim lakukan koordinasi', category: 'pemerintahan', region: '64.08', baseViews: 493 },
    ])
    expect(put.statusCode, put.body).toBe(200)
    expect(await counter(SEED)).toBe(493)

    await collect(SEED, '10.0.0.1')
    await collect(`${SEED}?utm_source=wa`, '10.0.0.2')
    expect(await counter(SEED)).toBe(495)

    // Setting the base again replaces it; leaving it out keeps it; null clears it.
    expect((await putArticles([{ url: SEED, baseViews: 500 }])).statusCode).toBe(200)
    expect(await counter(SEED)).toBe(502)
    expect((await putArticles([{ url: SEED, title: 'Judul baru' }])).statusCode).toBe(200)
    expect(await counter(SEED)).toBe(502)

    const article = (await t.app.inject({ url: '/api/articles?q=koordinasi', headers: viewer.headers })).json().items[0]
    expect(article).toMatchObject({ views: 2, baseViews: 500, importedViews: 0, counterViews: 502, title: 'Judul baru' })

    expect((await putArticles([{ url: SEED, baseViews: null }])).statusCode).toBe(200)
    expect(await counter(SEED)).toBe(2)
  })

  it('takes base views from CSV and refuses bad ones without storing anything', async () => {
    const ok = await putArticles(`url;baseViews\n${SEED};493\n${OTHER};12\n`, 'text/csv')
    expect(ok.statusCode, ok.body).toBe(200)
    expect(await counter(SEED)).toBe(493)
    expect(await counter(OTHER)).toBe(12)

    const bad = await putArticles(`url;baseViews\n${SEED};1.234\n${OTHER};-5\n`, 'text/csv')
    expect(bad.statusCode).toBe(400)
    const body = bad.json()
    expect(body.error.code).toBe('invalid_rows')
    expect(body.error.details.map((d: { line: number; column: string }) => [d.line, d.column])).toEqual([
      [2, 'baseViews'],
      [3, 'baseViews'],
    ])
    const json = await putArticles([{ url: SEED, baseViews: -1 }])
    expect(json.statusCode).toBe(400)
    expect(await counter(SEED)).toBe(493)
    expect(await counter(OTHER)).toBe(12)
  })

  it('imports daily counts all or nothing; a re-import changes nothing', async () => {
    const first = await importDaily(DAILY)
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toEqual({ rows: 6, articlesCreated: 2, daysAdded: 6, daysChanged: 0, daysUnchanged: 0 })
    // Created as a first view would create them: on their site, with the site's default region.
    const created = await t.app.db.selectFrom('articles').select(['url', 'region_code']).orderBy('url').execute()
    expect(created).toEqual(
      [
        { url: SEED, region_code: '64' },
        { url: OTHER, region_code: '64' },
      ].sort((a, b) => (a.url < b.url ? -1 : 1)),
    )
    const stored = await tableCounts()

    const again = await importDaily(DAILY)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ rows: 6, articlesCreated: 0, daysAdded: 0, daysChanged: 0, daysUnchanged: 6 })
    expect(await tableCounts()).toEqual(stored)
    // The counter shows the sum of the imported days when no base was given: once, not twice.
    expect(await counter(SEED)).toBe(200)
    expect(await counter(OTHER)).toBe(10)

    // A corrected day replaces the stored one.
    const fix = await importDaily(`url,date,views\n${SEED},2026-03-01,25\n`)
    expect(fix.json()).toMatchObject({ daysAdded: 0, daysChanged: 1 })
    expect(await counter(SEED)).toBe(205)

    // One bad row refuses the whole file: nothing of it is stored.
    const before = await tableCounts()
    const bad = await importDaily(
      [
        'url;date;views',
        `${SEED};2026-03-02;5`,
        `https://elsewhere.example/x;2026-03-02;5`,
        `${SEED};2026-02-30;5`,
        `${SEED};2026-03-11;5`,
        `${SEED};2026-03-03;lima`,
        `/relative;2026-03-03;1`,
        `${SEED};2026-03-02;6`,
      ].join('\n'),
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('invalid_rows')
    expect(bad.json().error.details.map((d: { line: number; column: string }) => `${d.line}:${d.column}`)).toEqual([
      '3:url',
      '4:date',
      '5:date',
      '6:views',
      '7:url',
      '8:date',
    ])
    expect(await tableCounts()).toEqual(before)

    const header = await importDaily('url;day;views\nx;y;z\n')
    expect(header.statusCode).toBe(400)
    expect(header.json().error.details[0]).toMatchObject({ line: 1, column: 'day' })
    const json = await t.app.inject({ method: 'POST', url: '/api/import/daily-views', headers: admin.headers, payload: { url: SEED } })
    expect(json.statusCode).toBe(415)
    expect(json.json().error).toEqual({
      code: 'unsupported_media_type',
      message: 'Kirim berkas CSV (text/csv). / Send a CSV file (text/csv).',
    })
    expect(await tableCounts()).toEqual(before)
  })

  it('is for admins only', async () => {
    expect((await importDaily(DAILY, viewer)).statusCode).toBe(403)
    expect((await importDaily(DAILY, operator)).statusCode).toBe(403)
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/import/daily-views', headers: { 'content-type': 'text/csv' }, payload: DAILY }))
        .statusCode,
    ).toBe(401)
    expect(await tableCounts()).toMatchObject({ days: 0 })
  })

  it('adds base and daily counts to the counter once each: the larger of the two, plus counted views', async () => {
    expect((await putArticles([{ url: SEED, baseViews: 493 }])).statusCode).toBe(200)
    expect((await importDaily(DAILY)).statusCode).toBe(200)
    await collect(SEED, '10.0.0.9')
    // The CMS's total (493) already holds its daily counts (200): the counter does not add them again.
    expect(await counter(SEED)).toBe(494)
    const article = (await t.app.inject({ url: '/api/articles?q=koordinasi', headers: viewer.headers })).json().items[0]
    expect(article).toMatchObject({ views: 1, baseViews: 493, importedViews: 200, counterViews: 494 })
  })

  it('adds imported days to the stats, marked as imported, and invents nothing before them', async () => {
    expect((await putArticles([{ url: SEED, category: 'pemerintahan', region: '64.08' }])).statusCode).toBe(200)
    expect((await importDaily(DAILY)).statusCode).toBe(200)
    // Two views counted by Jangkau today (2026-03-10 WITA), on the seed article, by two visitors.
    await collect(SEED, '10.0.0.1')
    await collect(SEED, '10.0.0.2')

    const all = 'metrics=views,imported_views,visitors&from=2026-02-01&to=2026-03-10'
    const summary = await stats('summary', all)
    expect(pick(summary)).toEqual({ views: 212, imported_views: 210, visitors: 2 })

    // Per day: the imported days as the CMS gave them, nothing before 2026-02-26.
    const series = await stats('timeseries', `${all}&by=day`)
    const byDay = new Map<string, Record<string, number>>(series.series[0].points.map((p: Record<string, any>) => [p.date, pick(p)]))
    expect(byDay.get('2026-02-25')).toEqual({ views: 0, imported_views: 0, visitors: 0 })
    expect(byDay.get('2026-02-26')).toEqual({ views: 100, imported_views: 100, visitors: 0 })
    expect(byDay.get('2026-03-01')).toEqual({ views: 27, imported_views: 27, visitors: 0 })
    expect(byDay.get('2026-03-02')).toEqual({ views: 3, imported_views: 3, visitors: 0 })
    expect(byDay.get('2026-03-10')).toEqual({ views: 2, imported_views: 0, visitors: 2 })
    expect([...byDay.values()].reduce((n, v) => n + v.views!, 0)).toBe(212)

    // Whole months (month rollups) and part months (day rows) agree.
    const months = await stats('timeseries', 'metrics=views,imported_views&from=2026-01-01&to=2026-03-10&by=month')
    expect(months.series[0].points.map((p: Record<string, any>) => [p.date, p.views, p.imported_views])).toEqual([
      ['2026-01-01', 0, 0],
      ['2026-02-01', 180, 180],
      ['2026-03-01', 32, 30],
    ])
    const wholeFebruary = await stats('summary', 'metrics=views,imported_views&from=2026-02-01&to=2026-02-28')
    expect(pick(wholeFebruary)).toEqual({ views: 180, imported_views: 180 })

    // By region (segment level): the seed article is Kutai Timur, the other the province (its site's default).
    const regions = await stats('breakdown', `${all}&by=region`)
    const region = new Map(regions.rows.map((r: Record<string, any>) => [r.key, pick(r)]))
    expect(region.get('64.08')).toEqual({ views: 202, imported_views: 200, visitors: 2 })
    expect(region.get('64')).toEqual({ views: 10, imported_views: 10, visitors: 0 })

    // By article (article level), and filtered to one regency.
    const articles = await stats('breakdown', `${all}&by=article`)
    expect(articles.rows.map((r: Record<string, any>) => r.views)).toEqual([202, 10])
    const kutim = await stats('summary', `${all}&region=64.08`)
    expect(pick(kutim)).toEqual({ views: 202, imported_views: 200, visitors: 2 })

    // Imported days have no referrer or device: those breakdowns hold only counted views.
    const referrers = await stats('breakdown', `${all}&by=referrer`)
    expect(referrers.rows.reduce((n: number, r: Record<string, any>) => n + r.views, 0)).toBe(2)

    // Another time zone (computed from raw rows) still shows the imported days, on the same dates.
    const utc = await stats('summary', `${all}&tz=UTC`)
    expect(pick(utc)).toEqual({ views: 212, imported_views: 210, visitors: 2 })

    // The comparison period gets its imported days too.
    const compared = await stats('summary', 'metrics=views&from=2026-03-01&to=2026-03-10&compare=previous')
    expect(compared.views).toBe(32)
    expect(compared.previous.views).toBe(180)

    // A re-import leaves every number as it was.
    expect((await importDaily(DAILY)).json()).toMatchObject({ daysAdded: 0, daysChanged: 0 })
    expect(pick(await stats('summary', all))).toEqual(pick(summary))
  })
})

/** The metric values of an answer, row or point. */
function pick(o: Record<string, any>): Record<string, number> {
  return Object.fromEntries(['views', 'imported_views', 'visitors'].filter((m) => m in o).map((m) => [m, o[m]]))
}
