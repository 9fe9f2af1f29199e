import {
  dayIn,
  percentChange,
  visitorsDefinition,
  type BreakdownAnswer,
  type MonthlyReport,
  type ReportChange,
  type ReportKim,
  type ReportTotals,
  type StatsEndpoint,
  type StatsQueryParams,
  type SummaryAnswer,
  type TimeseriesAnswer,
} from '@jangkau/shared'
import type { FastifyInstance } from 'fastify'
import { badRequest } from '../errors.ts'
import { inLanguage, type Lang, t } from '../i18n.ts'
import { getReportArticles } from '../queries/get-report-articles.ts'
import { listRegencyCodes } from '../queries/regions.ts'
import { parseStatsRequest } from '../stats/parse.ts'
import { runStatsQuery } from '../stats/run.ts'
import { shapeBreakdown, shapeSummary, shapeTimeseries } from '../stats/shape.ts'
import { monthLabel, provinceLabel, reportSentences, reportTitle } from './sentences.ts'

/*
 * The monthly report. Every number is asked from the stats runner with the stats API's own query
 * parameters (parse → run → shape, as routes/stats.ts does), so the report equals by construction
 * what GET /api/stats/summary, /breakdown and /timeseries answer for the same month and filters.
 * Each answer reads its own snapshot; a page view stored between two of them can make two numbers
 * of one report differ by that view, never a number and the API's.
 */

export interface MonthlyReportOptions {
  /** "YYYY-MM", a calendar month in the report zone. */
  month: string
  /** One regency ("64.08") or null for the whole province. */
  region: string | null
  lang: Lang
}

const MONTH = /^(2\d{3})-(0[1-9]|1[0-2])$/
const SUMMARY_METRICS = 'views,imported_views,visitors,articles,kim_groups,kim_active,coverage,active_coverage,activities,participants'
const REGENCY_METRICS = 'views,visitors,articles,kim_active,activities'

/** "2026-10" moved by `months` calendar months. */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const index = y * 12 + (m - 1) + months
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** First and last day of a month ("2026-02" → 2026-02-01 … 2026-02-28). */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` }
}

/** The last month that has ended in the report zone: the default month of the report. */
export function lastFullMonth(now: Date, timeZone: string): string {
  return addMonths(dayIn(now, timeZone).slice(0, 7), -1)
}

/** Throws 400 unless `month` is "YYYY-MM" and not after the current month. */
export function checkReportMonth(month: string, today: string): void {
  if (!MONTH.test(month))
    throw badRequest('invalid_month', t(`Bulan tidak sah: ${month} (pakai YYYY-MM).`, `Not a month: ${month} (use YYYY-MM).`))
  if (month > today.slice(0, 7)) {
    throw badRequest('month_in_future', t(`Bulan ${month} belum dimulai.`, `The month ${month} has not started yet.`))
  }
}

/** "/berita/judul?id=4" of an article URL: how the report names an article without a confirmed title. */
export function articlePath(url: string): string {
  if (!URL.canParse(url)) return url
  const { pathname, search } = new URL(url)
  return pathname + search
}

const change = (current: number, base: number): ReportChange => ({ absolute: current - base, percent: percentChange(current, base) })

/** The stats pipeline of routes/stats.ts, for one query: parse (with the server's rules) → run → shape. */
function statsAsker(app: FastifyInstance) {
  const run = async (params: StatsQueryParams, endpoint: StatsEndpoint) => {
    const q = await parseStatsRequest(params, endpoint, {
      timeZone: app.config.timeZone,
      now: app.clock(),
      regionExists: (code) => app.ingest.catalog.regionExists(code),
    })
    await app.rollups.catchUp()
    return runStatsQuery(app.readDb, q, { rollupTimeZone: app.config.timeZone, breakdown: endpoint === 'breakdown' })
  }
  return {
    summary: async (params: StatsQueryParams): Promise<SummaryAnswer> => shapeSummary(await run(params, 'summary')),
    breakdown: async (params: StatsQueryParams): Promise<BreakdownAnswer> => shapeBreakdown(await run(params, 'breakdown')),
    timeseries: async (params: StatsQueryParams): Promise<TimeseriesAnswer> => shapeTimeseries(await run(params, 'timeseries')),
  }
}

const totalsOf = (s: SummaryAnswer): ReportTotals => ({
  views: s.views ?? 0,
  importedViews: s.imported_views ?? 0,
  visitors: s.visitors ?? 0,
  articles: s.articles ?? 0,
})
const kimOf = (s: SummaryAnswer): ReportKim => {
  const groups = s.kim_groups ?? 0
  const active = s.kim_active ?? 0
  return {
    groups,
    active,
    dormant: groups - active,
    coverage: s.coverage ?? 0,
    activeCoverage: s.active_coverage ?? 0,
    activities: s.activities ?? 0,
    participants: s.participants ?? 0,
  }
}

/**
 * The report of one month, for the province or one regency, in Indonesian or English. Throws 400
 * (invalid_month, month_in_future, unknown_region) for a month or region it cannot report on.
 * Used by GET /api/reports/monthly, the PDF, and the e-mailed reports.
 */
export async function buildMonthlyReport(
  app: FastifyInstance,
  opts: { month: string; region: string | null; lang: 'id' | 'en' },
): Promise<MonthlyReport> {
  const { month, region, lang } = opts
  const now = app.clock()
  const timeZone = app.config.timeZone
  const today = dayIn(now, timeZone)
  checkReportMonth(month, today)

  const regencyCodes = await listRegencyCodes(app.readDb)
  if (region !== null && !regencyCodes.includes(region)) {
    throw badRequest('unknown_region', t(`Bukan kode kabupaten/kota: ${region}.`, `Not a regency code: ${region}.`))
  }

  const range = monthRange(month)
  const previousMonth = addMonths(month, -1)
  const yearAgoMonth = addMonths(month, -12)
  const previousRange = monthRange(previousMonth)
  const yearAgoRange = monthRange(yearAgoMonth)
  const scope = region ? { region: [region] } : {}
  const stats = statsAsker(app)

  // Totals of the month and of the two months it is compared with.
  const [current, previous, yearAgo] = [
    await stats.summary({ metrics: [SUMMARY_METRICS], ...range, ...scope, lang }),
    await stats.summary({ metrics: [SUMMARY_METRICS], ...previousRange, ...scope, lang }),
    await stats.summary({ metrics: [SUMMARY_METRICS], ...yearAgoRange, ...scope, lang }),
  ]

  // Every regency, ranked; asked with all ten as the filter so that those with nothing are listed too.
  const regencyParams = { by: 'region' as const, region: [regencyCodes.join(',')], limit: 50, lang }
  const regencyRows = (await stats.breakdown({ metrics: [REGENCY_METRICS], ...regencyParams, ...range })).rows
  const regencyBefore = new Map(
    (await stats.breakdown({ metrics: ['views'], ...regencyParams, ...previousRange })).rows.map((r) => [r.key, r.views ?? 0]),
  )
  const regencies = regencyRows.map((r, i) => {
    const views = r.views ?? 0
    const previousViews = regencyBefore.get(r.key) ?? 0
    return {
      code: r.key,
      label: r.label,
      rank: i + 1,
      views,
      visitors: r.visitors ?? 0,
      articles: r.articles ?? 0,
      kimActive: r.kim_active ?? 0,
      activities: r.activities ?? 0,
      previousViews,
      change: change(views, previousViews),
    }
  })
  const regionLabel = region ? (regencies.find((r) => r.code === region)?.label ?? region) : provinceLabel(lang)

  const articleRows = (await stats.breakdown({ metrics: ['views,visitors'], by: 'article', limit: 10, ...range, ...scope, lang })).rows
  // Only the portal's (feed) or an admin's words reach leadership: a title that came with a page view
  // can be anyone's, links included, so the article is named by its path until someone confirms it.
  const known = await getReportArticles(
    app.readDb,
    articleRows.map((r) => Number(r.key)),
  )
  const topArticles = articleRows.map((r) => {
    const article = known.get(Number(r.key))
    const url = article?.url ?? ''
    return {
      id: Number(r.key),
      title: article?.confirmedTitle ?? articlePath(url),
      titleConfirmed: Boolean(article?.confirmedTitle),
      url,
      views: r.views ?? 0,
      visitors: r.visitors ?? 0,
    }
  })

  const totals = totalsOf(current)
  const categoryRows = (await stats.breakdown({ metrics: ['views'], by: 'category', limit: 10, ...range, ...scope, lang })).rows
  const topCategories = categoryRows.map((r) => ({
    key: r.key,
    label: r.label,
    views: r.views ?? 0,
    share: totals.views > 0 ? Math.round(((r.views ?? 0) / totals.views) * 1000) / 10 : null,
  }))

  const series = (await stats.timeseries({ metrics: ['views,visitors'], by: 'day', ...range, ...scope, lang })).series[0]
  const daily = (series?.points ?? []).map((p) => ({ date: p.date, views: p.views ?? 0, visitors: p.visitors ?? 0 }))

  const typeRows = (await stats.breakdown({ metrics: ['activities,participants'], by: 'activity_type', ...range, ...scope, lang })).rows
  const byType = typeRows.map((r) => ({ type: r.key, label: r.label, activities: r.activities ?? 0, participants: r.participants ?? 0 }))

  const previousTotals = totalsOf(previous)
  const yearAgoTotals = totalsOf(yearAgo)
  const report: Omit<MonthlyReport, 'sentences'> = {
    month,
    monthLabel: monthLabel(month, lang),
    lang,
    title: reportTitle(month, region ? regionLabel : null, lang),
    region,
    regionLabel,
    range,
    timeZone,
    complete: today > range.to,
    generatedAt: now.toISOString(),
    previousMonth: { month: previousMonth, label: monthLabel(previousMonth, lang), range: previousRange },
    yearAgoMonth: { month: yearAgoMonth, label: monthLabel(yearAgoMonth, lang), range: yearAgoRange },
    totals,
    previous: previousTotals,
    yearAgo: yearAgoTotals,
    change: {
      previousMonth: {
        views: change(totals.views, previousTotals.views),
        visitors: change(totals.visitors, previousTotals.visitors),
        articles: change(totals.articles, previousTotals.articles),
      },
      yearAgo: {
        views: change(totals.views, yearAgoTotals.views),
        visitors: change(totals.visitors, yearAgoTotals.visitors),
        articles: change(totals.articles, yearAgoTotals.articles),
      },
    },
    regencies,
    topArticles,
    topCategories,
    daily,
    kim: { ...kimOf(current), previous: kimOf(previous), byType },
    visitorsDefinition: inLanguage(visitorsDefinition(timeZone), lang),
  }
  return { ...report, sentences: reportSentences(report, today) }
}
