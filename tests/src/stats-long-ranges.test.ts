import { addDays, bucketStarts, daysBetween, LONG_RANGE_DAYS, MAX_DAY_BUCKET_DAYS, MAX_RANGE_DAYS } from '@jangkau/shared'
import { describe, expect, it } from 'vitest'
import { ARTICLES, storeViews, type ViewSpec } from './helpers/page-views.ts'
import { statsApp, wita } from './helpers/stats-api.ts'
import { testDatabase } from './helpers/test-app.ts'

// Long ranges (issue 15): a whole life of years is answered, by month; where "all time" begins
// (GET /api/stats/first-day); ranges still refused; the browser breakdown counted from page views.

/**
 * Views over four years, from April 2022 to March 2026 (the app's clock: 10 March 2026): on the 20th
 * of every third month, article 0 gets (month index % 4) + 1 views from as many readers, on varying
 * browsers. Article 3 (no publication date) is first read on 5 June 2023.
 */
function yearsOfViews(): ViewSpec[] {
  const views: ViewSpec[] = []
  const browsers = ['Chrome', 'Samsung Internet', 'Firefox']
  for (const [i, month] of bucketStarts('2022-04-01', '2026-03-01', 'month').entries()) {
    if (i % 3 !== 0) continue
    for (let n = 0; n <= i % 4; n++) {
      views.push({ at: wita(`${month.slice(0, 7)}-20T10:0${n}:00`), article: 0, visitor: 100 + n, browser: browsers[n % 3] })
    }
  }
  views.push({ at: wita('2023-06-05T09:00:00'), article: 3, visitor: 7, browser: 'Firefox', device: 'desktop' })
  return views
}

/** Views per month ("YYYY-MM-01") of the views given, counted here from the list itself. */
function viewsPerMonth(views: ViewSpec[]): Map<string, number> {
  const months = new Map<string, number>()
  for (const v of views) {
    const month = `${new Date(v.at.getTime() + 8 * 3600_000).toISOString().slice(0, 7)}-01`
    months.set(month, (months.get(month) ?? 0) + 1)
  }
  return months
}

describe(`long ranges on ${testDatabase}`, () => {
  const t = statsApp()
  const { get } = t

  const refusal = async (url: string) => {
    const r = await t.app.inject({ url, headers: t.headers })
    return { status: r.statusCode, code: r.json().error?.code as string, message: r.json().error?.message as string }
  }
  const articleId = async (index: number) =>
    (await t.app.db.selectFrom('articles').select('id').where('url', '=', ARTICLES[index]!.url).executeTakeFirstOrThrow()).id

  it('answers four years of a time series by month when no interval is asked, every month present', async () => {
    const views = yearsOfViews()
    await storeViews(t.app, t.catalog, views)
    const from = '2022-04-01'
    const to = '2026-03-10'
    const answer = await get(`/api/stats/timeseries?metrics=views&from=${from}&to=${to}`)
    expect(answer.by).toBe('month')
    const points: { date: string; views: number }[] = answer.series[0].points
    const expected = viewsPerMonth(views)
    expect(points.map((p) => p.date)).toEqual(bucketStarts(from, to, 'month'))
    expect(points).toEqual(points.map((p) => ({ date: p.date, views: expected.get(p.date) ?? 0 })))
    // Data from 2022 is in it, and the months add up to the summary of the same range.
    expect(points[0]).toEqual({ date: '2022-04-01', views: expected.get('2022-04-01') })
    expect(expected.get('2022-04-01')).toBeGreaterThan(0)
    const summary = await get(`/api/stats/summary?metrics=views&from=${from}&to=${to}`)
    expect(points.reduce((sum, p) => sum + p.views, 0)).toBe(summary.views)
    expect(summary.views).toBe(views.length)
  })

  it(`keeps days as the default up to ${LONG_RANGE_DAYS} days and months beyond; refuses days over ${MAX_DAY_BUCKET_DAYS}`, async () => {
    const to = '2026-03-10'
    const short = await get(`/api/stats/timeseries?metrics=views&from=${addDays(to, -(LONG_RANGE_DAYS - 1))}&to=${to}`)
    expect(short.by).toBe('day')
    expect(short.series[0].points).toHaveLength(LONG_RANGE_DAYS)
    const long = await get(`/api/stats/timeseries?metrics=views&from=${addDays(to, -LONG_RANGE_DAYS)}&to=${to}`)
    expect(long.by).toBe('month')
    // An explicit interval is honoured: weeks over four years; days only up to three years.
    const weeks = await get('/api/stats/timeseries?metrics=views&by=week&from=2022-04-01&to=2026-03-10')
    expect(weeks.series[0].points).toHaveLength(bucketStarts('2022-04-01', '2026-03-10', 'week').length)
    const longestDays = addDays(to, -(MAX_DAY_BUCKET_DAYS - 1))
    expect((await get(`/api/stats/timeseries?metrics=views&by=day&from=${longestDays}&to=${to}`)).series[0].points).toHaveLength(
      MAX_DAY_BUCKET_DAYS,
    )
    expect(await refusal(`/api/stats/timeseries?metrics=views&by=day&from=${addDays(longestDays, -1)}&to=${to}`)).toMatchObject({
      status: 400,
      code: 'interval_too_fine',
    })
  })

  it(`answers up to ${MAX_RANGE_DAYS} days and refuses longer, reversed and pre-2000 ranges with a message`, async () => {
    const to = '2026-03-10'
    const longest = addDays(to, -(MAX_RANGE_DAYS - 1))
    expect(daysBetween(longest, to) + 1).toBe(MAX_RANGE_DAYS)
    expect((await get(`/api/stats/summary?metrics=views&from=${longest}&to=${to}`)).range).toEqual({ from: longest, to })
    expect(await refusal(`/api/stats/summary?from=${addDays(longest, -1)}&to=${to}`)).toEqual({
      status: 400,
      code: 'range_too_long',
      message: `Rentang paling panjang ${MAX_RANGE_DAYS} hari (20 tahun). / The range may span at most ${MAX_RANGE_DAYS} days (20 years).`,
    })
    expect(await refusal('/api/stats/summary?from=2026-03-10&to=2022-01-01')).toEqual({
      status: 400,
      code: 'invalid_range',
      message: 'Tanggal awal harus sebelum atau sama dengan tanggal akhir. / The first day must not be after the last day.',
    })
    expect(await refusal('/api/stats/timeseries?from=1999-12-31&to=2000-06-30')).toEqual({
      status: 400,
      code: 'range_too_early',
      message: 'Tidak ada data sebelum 2000-01-01. / There are no stats before 2000-01-01.',
    })
  })

  it('tells where all time begins: the first view, an article’s publication day or its first view', async () => {
    expect(await get('/api/stats/first-day')).toEqual({ firstDay: null, today: '2026-03-10', timeZone: 'Asia/Makassar' })
    const views = yearsOfViews()
    // Article 4, published 10 February 2025, read a week later.
    views.push({ at: wita('2025-02-17T08:00:00'), article: 4, visitor: 9 })
    await storeViews(t.app, t.catalog, views)
    const firstView = (article: number) => views.filter((v) => v.article === article).sort((a, b) => +a.at - +b.at)[0]!
    const dayOf = (v: ViewSpec) => new Date(v.at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)

    expect((await get('/api/stats/first-day')).firstDay).toBe(dayOf(views.sort((a, b) => +a.at - +b.at)[0]!))
    expect((await get(`/api/stats/first-day?article=${await articleId(4)}`)).firstDay).toBe(ARTICLES[4]!.publishedAt!.slice(0, 10))
    // No publication date: the first view. Read long before its date: the first view too.
    expect(ARTICLES[3]!.publishedAt).toBeNull()
    expect((await get(`/api/stats/first-day?article=${await articleId(3)}`)).firstDay).toBe(dayOf(firstView(3)))
    expect((await get(`/api/stats/first-day?article=${await articleId(0)}`)).firstDay).toBe(dayOf(firstView(0)))
    expect((await get('/api/stats/first-day?article=999999')).firstDay).toBeNull()
    // A date before 2000 (a typo in a portal) starts all time at the earliest day the stats answer.
    await t.app.db
      .updateTable('articles')
      .set({ published_at: new Date('1998-05-01T00:00:00Z') })
      .where('id', '=', await articleId(3))
      .execute()
    expect((await get(`/api/stats/first-day?article=${await articleId(3)}`)).firstDay).toBe('2000-01-01')
    expect((await refusal('/api/stats/first-day?article=abc')).status).toBe(400)
  })

  it('breaks an article’s views down by browser from the stored page views, over its whole life', async () => {
    const views = yearsOfViews()
    await storeViews(t.app, t.catalog, views)
    const id = await articleId(0)
    const answer = await get(`/api/stats/breakdown?metrics=views,visitors&by=browser&article=${id}&from=2022-04-01&to=2026-03-10`)
    const mine = views.filter((v) => v.article === 0)
    const expected = ['Chrome', 'Samsung Internet', 'Firefox']
      .map((browser) => {
        const of = mine.filter((v) => v.browser === browser)
        // Visitors per article per day: each reader once per day.
        const visitors = new Set(of.map((v) => `${v.visitor}@${v.at.toISOString().slice(0, 10)}`)).size
        return { key: browser, label: browser, views: of.length, visitors }
      })
      .filter((r) => r.views > 0)
      .sort((a, b) => b.views - a.views)
    expect(answer.rows).toEqual(expected)
    // Not for the whole site: no rollup keeps browsers, so that would scan every stored view.
    expect(await refusal('/api/stats/breakdown?metrics=views&by=browser&from=2022-04-01&to=2026-03-10')).toMatchObject({
      code: 'browser_needs_article',
    })
    // In CSV with its header.
    const csv = await t.app.inject({ url: `/api/stats/breakdown?metrics=views&by=browser&article=${id}&format=csv`, headers: t.headers })
    expect(csv.statusCode).toBe(200)
    expect(csv.body).toContain('Peramban;Tayangan')
    // Facets are counted apart: browser with device (or referrer) is refused.
    expect(await refusal(`/api/stats/compare?metrics=views&by=browser&split=device&article=${id}`)).toMatchObject({
      code: 'unsupported_dimension',
    })
  })
})
