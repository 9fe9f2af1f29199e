import { Type, type Static, type TSchema } from 'typebox'
import { REGENCY_CODE_PATTERN, REPORT_MONTH_PATTERN } from '../vocab/index.ts'

/*
 * The monthly report for leadership (GET /api/reports/monthly, and the same page as PDF). Every
 * number in it is asked from the stats runner with the stats API's own query shape, so it equals
 * what /api/stats/* answers for the same month, region and metrics. Months are calendar months in
 * the report zone (WITA); `sentences` are the one-minute summary in the requested language.
 * REPORT_MONTH_PATTERN ("YYYY-MM") is in vocab/patterns.ts.
 */

export const MonthlyReportQuery = Type.Object(
  {
    month: Type.String({ pattern: REPORT_MONTH_PATTERN, description: 'Calendar month in the report zone (WITA), YYYY-MM, e.g. 2026-10.' }),
    region: Type.Optional(
      Type.String({
        pattern: REGENCY_CODE_PATTERN,
        description: 'One regency or city (Kemendagri code, e.g. 64.08); default the whole province.',
      }),
    ),
    lang: Type.Optional(Type.Enum(['id', 'en'] as const, { description: 'Language of the title, labels and sentences (default id).' })),
  },
  { additionalProperties: false },
)
export type MonthlyReportQuery = Static<typeof MonthlyReportQuery>

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Range = Type.Object({ from: Type.String(), to: Type.String() })

/** From the base month to this one: the difference and the percent change (one decimal, null when the base is 0). */
export const ReportChange = Type.Object({ absolute: Type.Number(), percent: Nullable(Type.Number()) })
export type ReportChange = Static<typeof ReportChange>

/** Page-view totals of one month (visitors: daily unique visitors per article, summed). */
export const ReportTotals = Type.Object({
  views: Type.Integer(),
  /** The part of views imported from the portal's old counter (see the stats metric imported_views). */
  importedViews: Type.Integer(),
  visitors: Type.Integer(),
  articles: Type.Integer({ description: 'articles published in the month' }),
})
export type ReportTotals = Static<typeof ReportTotals>

const ReportChanges = Type.Object({ views: ReportChange, visitors: ReportChange, articles: ReportChange })

/** A month the report compares with. */
const ReportMonth = Type.Object({ month: Type.String(), label: Type.String({ description: '"September 2026"' }), range: Range })

/** KIM on the last day of the month (groups that are not disbanded, active, dormant) and the month's activities. */
export const ReportKim = Type.Object({
  groups: Type.Integer(),
  active: Type.Integer(),
  /** groups − active: the groups whose status is vakum. */
  dormant: Type.Integer(),
  /** The stats metric `coverage`: percent of villages in scope with a KIM that is not disbanded, one decimal. */
  coverage: Type.Number(),
  /** The stats metric `active_coverage`: percent of villages in scope with an active KIM, one decimal. */
  activeCoverage: Type.Number(),
  activities: Type.Integer(),
  participants: Type.Integer(),
})
export type ReportKim = Static<typeof ReportKim>

export const MonthlyReport = Type.Object({
  month: Type.String({ description: 'YYYY-MM' }),
  monthLabel: Type.String({ description: '"Oktober 2026" / "October 2026"' }),
  lang: Type.Enum(['id', 'en'] as const),
  /** "Laporan Bulanan Jangkau: Oktober 2026" (and the regency when one is chosen). */
  title: Type.String(),
  region: Nullable(Type.String()),
  /** "Kabupaten Kutai Timur", or the province when no regency is chosen. */
  regionLabel: Type.String(),
  range: Range,
  timeZone: Type.String(),
  /** False while the month is still running (today is in it): its numbers are so far. */
  complete: Type.Boolean(),
  generatedAt: Type.String({ format: 'date-time' }),
  previousMonth: ReportMonth,
  yearAgoMonth: ReportMonth,

  totals: ReportTotals,
  previous: ReportTotals,
  yearAgo: ReportTotals,
  change: Type.Object({ previousMonth: ReportChanges, yearAgo: ReportChanges }),

  /** All ten regencies and cities, ranked by views (largest first), whatever `region` is. */
  regencies: Type.Array(
    Type.Object({
      code: Type.String(),
      label: Type.String(),
      rank: Type.Integer({ minimum: 1 }),
      views: Type.Integer(),
      visitors: Type.Integer(),
      articles: Type.Integer(),
      kimActive: Type.Integer(),
      activities: Type.Integer(),
      previousViews: Type.Integer(),
      /** Views against the previous month. */
      change: ReportChange,
    }),
  ),
  /**
   * The ten most viewed articles of the month (in the region when one is chosen). `title` is the
   * title the portal's feed or an admin confirmed; else the URL's path (`titleConfirmed` false): a
   * title sent with page views is never shown here.
   */
  topArticles: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      titleConfirmed: Type.Boolean(),
      url: Type.String(),
      views: Type.Integer(),
      visitors: Type.Integer(),
    }),
  ),
  /** Categories by views (at most ten); `share` is the percent of the month's views, one decimal. */
  topCategories: Type.Array(
    Type.Object({ key: Type.String(), label: Type.String(), views: Type.Integer(), share: Nullable(Type.Number()) }),
  ),
  /** Every day of the month, zeros filled. */
  daily: Type.Array(Type.Object({ date: Type.String(), views: Type.Integer(), visitors: Type.Integer() })),

  kim: Type.Object({
    ...ReportKim.properties,
    previous: ReportKim,
    /** Activities and participants per activity type, most activities first; types without activity are absent. */
    byType: Type.Array(
      Type.Object({ type: Type.String(), label: Type.String(), activities: Type.Integer(), participants: Type.Integer() }),
    ),
  }),

  /** The summary a Kepala Dinas reads in a minute: short sentences, numbers formatted for `lang` (id-ID: 1.234 and 12,5%). */
  sentences: Type.Array(Type.String()),
  visitorsDefinition: Type.String(),
  /** Set by GET /api/reports/monthly: whether the server can make the PDF (Chromium present). */
  pdfAvailable: Type.Optional(Type.Boolean()),
})
export type MonthlyReport = Static<typeof MonthlyReport>

/** GET /api/reports/months: the months a report can be asked for, from the first with data to the running one. */
export const ReportMonths = Type.Object({
  first: Nullable(
    Type.String({
      description: 'YYYY-MM: the first month with data (a page view, an imported daily count or a KIM activity); null while there is none.',
    }),
  ),
  current: Type.String({ description: 'YYYY-MM: the running month in the report zone (its report is partial).' }),
})
export type ReportMonths = Static<typeof ReportMonths>
