/*
 * The words of the stats API: metrics, dimensions, filters, which metric family answers what, and
 * the names of metrics and dimensions in both languages. Metric names are identifiers of the API and
 * are used verbatim as keys of the answers ({"views": 12, "kim_active": 3}); they are not converted
 * to camelCase. The query schema (schemas/stats-query.ts) and the dashboard's per-family plans
 * (web/src/data/stats-plan.ts) both read these tables.
 */

export const METRICS = [
  'views',
  'imported_views',
  'visitors',
  'articles',
  'kim_groups',
  'kim_active',
  'activities',
  'participants',
  'coverage',
  'active_coverage',
] as const
export type Metric = (typeof METRICS)[number]

export const TIME_DIMENSIONS = ['day', 'week', 'month'] as const
export const DIMENSIONS = [
  ...TIME_DIMENSIONS,
  'site',
  'region',
  'category',
  'author',
  'article',
  'referrer',
  'device',
  'browser',
  'kim_group',
  'activity_type',
] as const
export type Dimension = (typeof DIMENSIONS)[number]
export type TimeDimension = (typeof TIME_DIMENSIONS)[number]

export const FILTERS = ['site', 'region', 'category', 'author', 'article', 'kim_group', 'activity_type'] as const
export type FilterName = (typeof FILTERS)[number]

export const isTimeDimension = (d: Dimension | null): d is TimeDimension => d === 'day' || d === 'week' || d === 'month'

/**
 * Largest range one query may span (from..to), in days: twenty years, so an article's or a portal's
 * whole life can be asked at once (long ranges are answered by month, see below).
 */
export const MAX_RANGE_DAYS = 20 * 366
/** No stats before this day: the portals are younger, and an earlier day is a typo (1026 for 2026). */
export const EARLIEST_DAY = '2000-01-01'
/**
 * A time series or comparison over more days than this is answered by month unless `by` says
 * otherwise: a bit over a year (400 days), so "12 months" and "last year" still read by month, and
 * a year-long chart does not become 365 points.
 */
export const LONG_RANGE_DAYS = 400
/**
 * Day buckets over more days than this are refused (three years, the old limit of every range): such
 * a series would be thousands of points read from day rows; months answer it from month rows.
 */
export const MAX_DAY_BUCKET_DAYS = 3 * 366
export const DEFAULT_RANGE_DAYS = 30
export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 1000

/** The tables a metric is counted from; metrics of one family accept the same dimensions and filters. */
export type MetricFamily = 'page_views' | 'articles' | 'kim_groups' | 'kim_activities'
export const METRIC_FAMILY: Record<Metric, MetricFamily> = {
  views: 'page_views',
  imported_views: 'page_views',
  visitors: 'page_views',
  articles: 'articles',
  kim_groups: 'kim_groups',
  kim_active: 'kim_groups',
  coverage: 'kim_groups',
  active_coverage: 'kim_groups',
  activities: 'kim_activities',
  participants: 'kim_activities',
}

/** Which dimensions (for `by` and `split`) each family can answer exactly. */
const FAMILY_DIMENSIONS: Record<MetricFamily, readonly Dimension[]> = {
  page_views: ['day', 'week', 'month', 'site', 'region', 'category', 'author', 'article', 'referrer', 'device', 'browser'],
  articles: ['day', 'week', 'month', 'site', 'region', 'category', 'author'],
  kim_groups: ['day', 'week', 'month', 'region'],
  kim_activities: ['day', 'week', 'month', 'region', 'kim_group', 'activity_type'],
}

/** Which filters each family can apply exactly (the dashboard leaves out the others, per family). */
export const FAMILY_FILTERS: Record<MetricFamily, readonly FilterName[]> = {
  page_views: ['site', 'region', 'category', 'author', 'article'],
  articles: ['site', 'region', 'category', 'author'],
  kim_groups: ['region', 'kim_group'],
  kim_activities: ['region', 'kim_group', 'activity_type'],
}

const supportOf = (family: MetricFamily) => ({ dimensions: FAMILY_DIMENSIONS[family], filters: FAMILY_FILTERS[family] })

/**
 * Both, per family. A query whose metrics cannot all answer its dimensions and filters is refused
 * (400) rather than answered with numbers that silently ignore part of the question. (Built by pure
 * calls, so a bundle that only needs FAMILY_FILTERS leaves the dimensions out.)
 */
export const FAMILY_SUPPORT: Record<MetricFamily, { dimensions: readonly Dimension[]; filters: readonly FilterName[] }> = {
  page_views: /* @__PURE__ */ supportOf('page_views'),
  articles: /* @__PURE__ */ supportOf('articles'),
  kim_groups: /* @__PURE__ */ supportOf('kim_groups'),
  kim_activities: /* @__PURE__ */ supportOf('kim_activities'),
}

/** The two languages of labels, CSV headers and reports. */
export type Lang = 'id' | 'en'

/** Names of the metrics as the API writes them (CSV headers), in Indonesian and English. */
export const METRIC_NAMES: Record<Metric, Record<Lang, string>> = {
  views: { id: 'Tayangan', en: 'Views' },
  imported_views: { id: 'Tayangan impor (penghitung lama)', en: 'Imported views (old counter)' },
  visitors: { id: 'Pengunjung harian per artikel', en: 'Daily visitors per article' },
  articles: { id: 'Artikel terbit', en: 'Articles published' },
  kim_groups: { id: 'KIM terdaftar', en: 'KIM groups' },
  kim_active: { id: 'KIM aktif', en: 'Active KIM groups' },
  activities: { id: 'Kegiatan KIM', en: 'KIM activities' },
  participants: { id: 'Peserta kegiatan', en: 'Activity participants' },
  coverage: { id: 'Desa dengan KIM (%)', en: 'Villages with a KIM (%)' },
  active_coverage: { id: 'Desa dengan KIM aktif (%)', en: 'Villages with an active KIM (%)' },
}

/*
 * Village coverage, the two percent metrics: of the villages (desa and kelurahan) in scope, those
 * with a KIM that is not disbanded (`coverage`) and those with an active KIM (`active_coverage`), on
 * the last day asked about. Every page, CSV, report and API answer gets them from the stats runner
 * (server/src/stats/coverage.ts), which rounds them here; a wider scope (the province) is counted
 * over all its villages, never averaged from the regencies' percents.
 */

/** The metrics that are percents of villages: never summed, one decimal. */
export const PERCENT_METRICS = ['coverage', 'active_coverage'] as const satisfies readonly Metric[]
export const isPercentMetric = (m: Metric): m is (typeof PERCENT_METRICS)[number] => m === 'coverage' || m === 'active_coverage'

/** villages with a KIM / villages × 100, one decimal (0 when there are no villages). */
export function villagePercent(withKim: number, villages: number): number {
  return villages > 0 ? Math.round((withKim / villages) * 1000) / 10 : 0
}

/** A coverage percent as people read it, always one decimal: 6.4 → "6,4%" (id) / "6.4%" (en); null → "–". */
export function formatVillagePercent(percent: number | null | undefined, lang: Lang): string {
  if (percent == null || !Number.isFinite(percent)) return '–'
  const locale = lang === 'id' ? 'id-ID' : 'en-GB'
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(percent)}%`
}

/** Names of the dimensions as the API writes them (CSV headers), in Indonesian and English. */
export const DIMENSION_NAMES: Record<Dimension, Record<Lang, string>> = {
  day: { id: 'Tanggal', en: 'Date' },
  week: { id: 'Minggu mulai', en: 'Week starting' },
  month: { id: 'Bulan', en: 'Month' },
  site: { id: 'Situs', en: 'Site' },
  region: { id: 'Wilayah', en: 'Region' },
  category: { id: 'Kategori', en: 'Category' },
  author: { id: 'Penulis', en: 'Author' },
  article: { id: 'Artikel', en: 'Article' },
  referrer: { id: 'Perujuk', en: 'Referrer' },
  device: { id: 'Perangkat', en: 'Device' },
  browser: { id: 'Peramban', en: 'Browser' },
  kim_group: { id: 'Kelompok KIM', en: 'KIM group' },
  activity_type: { id: 'Jenis kegiatan', en: 'Activity type' },
}
