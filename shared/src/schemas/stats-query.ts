import { Type, type Static } from 'typebox'
import { isTimeZone } from '../time-zone.ts'
import {
  addDays,
  addYears,
  CALENDAR_DAY_PATTERN,
  DEFAULT_LIMIT,
  DEFAULT_RANGE_DAYS,
  daysBetween,
  DIMENSIONS,
  type Dimension,
  EARLIEST_DAY,
  LONG_RANGE_DAYS,
  MAX_DAY_BUCKET_DAYS,
} from '../vocab/index.ts'
import {
  FAMILY_SUPPORT,
  FILTERS,
  isCalendarDay,
  isTimeDimension,
  KIM_ACTIVITY_TYPES,
  MAX_LIMIT,
  MAX_RANGE_DAYS,
  type Metric,
  METRIC_FAMILY,
  METRICS,
} from '../vocab/index.ts'

/*
 * The one stats-query shape. Every number of the dashboard, the stats API and the CSV exports is asked
 * with these parameters, parsed and checked once by `parseStatsQuery`:
 *
 *   metrics  what to count (comma list, see METRICS)           metrics=views,visitors
 *   by       one dimension: a time bucket or a breakdown      by=region
 *   split    a second dimension for side-by-side series        split=region
 *   from/to  calendar days, both inclusive, in `tz`            from=2026-01-01&to=2026-01-31
 *   tz       IANA zone of those days (default: the server's report zone, WITA)
 *   compare  previous (the period of equal length just before) or year (the same days a year earlier)
 *   filters  site, region, category, author, article, kim_group, activity_type
 *            (comma lists or repeated parameters; author only repeated, since names may hold commas)
 *
 * The words (metrics, dimensions, filters, the families and what each supports) live in
 * vocab/metrics.ts, which the dashboard imports without TypeBox.
 */

// ---------------------------------------------------------------------------------------------
// The query string, as Fastify validates it.

const list = (pattern: string, description: string) =>
  Type.Optional(Type.Array(Type.String({ pattern: `^${pattern}(,${pattern})*$`, maxLength: 2000 }), { maxItems: 100, description }))
const literals = <const T extends string[]>(values: readonly [...T], description: string) => Type.Enum(values, { description })

export const StatsQueryParams = Type.Object(
  {
    metrics: list('[a-z_]+', `Comma list of ${METRICS.join(', ')}. Default views,visitors.`),
    by: Type.Optional(
      literals(
        DIMENSIONS,
        'One dimension: a time bucket (day, week, month) or a breakdown. Time series and comparisons default to day, ' +
          `or to month over more than ${LONG_RANGE_DAYS} days; day buckets go up to ${MAX_DAY_BUCKET_DAYS} days.`,
      ),
    ),
    split: Type.Optional(literals(DIMENSIONS, 'A second, non-time dimension: one series or column per value.')),
    from: Type.Optional(
      Type.String({
        pattern: CALENDAR_DAY_PATTERN,
        description: `First day, inclusive (YYYY-MM-DD in tz), ${EARLIEST_DAY} or later. Default: 29 days before \`to\`.`,
      }),
    ),
    to: Type.Optional(
      Type.String({ pattern: CALENDAR_DAY_PATTERN, description: 'Last day, inclusive (YYYY-MM-DD in tz). Default: today.' }),
    ),
    tz: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'IANA time zone of the days. Default: the report zone (Asia/Makassar, WITA).',
      }),
    ),
    compare: Type.Optional(
      literals(['previous', 'year'] as const, 'previous: the period of equal length just before; year: the same days a year earlier.'),
    ),
    site: list('\\d{1,9}', 'Site ids.'),
    region: list('64\\.\\d{2}', 'Regency codes (Kemendagri), e.g. 64.08,64.02.'),
    category: list('[^,]{1,100}', 'Category slugs.'),
    author: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
        maxItems: 100,
        description: 'Author names, exact; repeat the parameter for several.',
      }),
    ),
    article: list('\\d{1,9}', 'Article ids.'),
    kim_group: list('\\d{1,9}', 'KIM group ids.'),
    activity_type: list('[a-z_]{1,40}', 'KIM activity types.'),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_LIMIT,
        description: `Rows of a breakdown, series of a time series, columns of a comparison (default ${DEFAULT_LIMIT}).`,
      }),
    ),
    format: Type.Optional(
      literals(
        ['json', 'csv', 'xlsx'] as const,
        'csv: the same answer as a CSV file (semicolons, decimal comma, UTF-8 with BOM); xlsx: as an .xlsx workbook.',
      ),
    ),
    lang: Type.Optional(literals(['id', 'en'] as const, 'Language of labels and CSV headers (default id).')),
  },
  { additionalProperties: false },
)
export type StatsQueryParams = Static<typeof StatsQueryParams>

/** The filters of the raw CSV exports: the stats filters and range, nothing else. */
export const ExportQueryParams = Type.Object(
  {
    from: StatsQueryParams.properties.from,
    to: StatsQueryParams.properties.to,
    tz: StatsQueryParams.properties.tz,
    site: StatsQueryParams.properties.site,
    region: StatsQueryParams.properties.region,
    category: StatsQueryParams.properties.category,
    author: StatsQueryParams.properties.author,
    article: StatsQueryParams.properties.article,
    kim_group: StatsQueryParams.properties.kim_group,
    activity_type: StatsQueryParams.properties.activity_type,
    lang: StatsQueryParams.properties.lang,
    format: Type.Optional(literals(['csv', 'xlsx'] as const, 'csv (default) or xlsx: the same rows as an .xlsx workbook.')),
  },
  { additionalProperties: false },
)
export type ExportQueryParams = Static<typeof ExportQueryParams>

// ---------------------------------------------------------------------------------------------
// The parsed query: what the server builds SQL from.

export interface StatsFilters {
  site: number[]
  region: string[]
  category: string[]
  author: string[]
  article: number[]
  kim_group: number[]
  activity_type: string[]
}

export interface DayRange {
  /** First day, inclusive, "YYYY-MM-DD". */
  from: string
  /** Last day, inclusive. */
  to: string
}

export interface StatsQuery {
  metrics: Metric[]
  by: Dimension | null
  split: Dimension | null
  range: DayRange
  /** The comparison period (same length as `range`), or null without `compare`. */
  previous: DayRange | null
  compare: 'previous' | 'year' | null
  timeZone: string
  filters: StatsFilters
  limit: number
  lang: 'id' | 'en'
}

/** Which endpoint asks: each one accepts a different use of `by` and `split`. */
export type StatsEndpoint = 'summary' | 'breakdown' | 'timeseries' | 'compare' | 'export'

export type ParseResult = { ok: true; query: StatsQuery } | { ok: false; code: string; message: string }

/** Filters that, given two or more values, make a time series or comparison split by themselves. */
const IMPLIED_SPLITS = ['region', 'category', 'kim_group', 'site'] as const

const splitList = (values: string[] | undefined) => [
  ...new Set(
    (values ?? [])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean),
  ),
]
const fail = (code: string, message: string): ParseResult => ({ ok: false, code, message })

/**
 * Checks the rules a schema cannot say and returns the one parsed query, or a coded error
 * (Indonesian / English message) that the server answers with 400.
 *
 * `today` is the current day in the server's report zone; it is only used when `to` is absent.
 */
export function parseStatsQuery(
  params: StatsQueryParams,
  endpoint: StatsEndpoint,
  defaults: { timeZone: string; today: string },
): ParseResult {
  const metricNames = splitList(params.metrics)
  const unknown = metricNames.filter((m) => !(METRICS as readonly string[]).includes(m))
  if (unknown.length) return fail('unknown_metric', `Metrik tidak dikenal: ${unknown.join(', ')}. / Unknown metric: ${unknown.join(', ')}.`)
  const metrics = (metricNames.length ? metricNames : ['views', 'visitors']) as Metric[]

  const timeZone = params.tz ?? defaults.timeZone
  if (!isTimeZone(timeZone)) return fail('invalid_time_zone', `Zona waktu tidak dikenal: ${timeZone}. / Unknown time zone: ${timeZone}.`)

  const to = params.to ?? defaults.today
  const from = params.from ?? addDays(to, -(DEFAULT_RANGE_DAYS - 1))
  for (const day of [from, to]) {
    if (!isCalendarDay(day)) return fail('invalid_date', `Tanggal tidak sah: ${day}. / Not a calendar day: ${day}.`)
  }
  // Messages people read in the dashboard's period form (the code is for programs).
  if (from > to) {
    return fail(
      'invalid_range',
      'Tanggal awal harus sebelum atau sama dengan tanggal akhir. / The first day must not be after the last day.',
    )
  }
  if (from < EARLIEST_DAY) {
    return fail('range_too_early', `Tidak ada data sebelum ${EARLIEST_DAY}. / There are no stats before ${EARLIEST_DAY}.`)
  }
  const length = daysBetween(from, to) + 1
  const years = Math.round(MAX_RANGE_DAYS / 366)
  if (length > MAX_RANGE_DAYS) {
    return fail(
      'range_too_long',
      `Rentang paling panjang ${MAX_RANGE_DAYS} hari (${years} tahun). / ` +
        `The range may span at most ${MAX_RANGE_DAYS} days (${years} years).`,
    )
  }

  const compare = params.compare ?? null
  const previous =
    compare === 'previous'
      ? { from: addDays(from, -length), to: addDays(from, -1) }
      : compare === 'year'
        ? { from: addYears(from, -1), to: addYears(to, -1) }
        : null

  const filters: StatsFilters = {
    site: splitList(params.site).map(Number),
    region: splitList(params.region),
    category: splitList(params.category),
    author: [...new Set((params.author ?? []).map((a) => a.trim()).filter(Boolean))],
    article: splitList(params.article).map(Number),
    kim_group: splitList(params.kim_group).map(Number),
    activity_type: splitList(params.activity_type),
  }

  const unknownType = filters.activity_type.find((t) => !(KIM_ACTIVITY_TYPES as readonly string[]).includes(t))
  if (unknownType)
    return fail('unknown_activity_type', `Jenis kegiatan tidak dikenal: ${unknownType}. / Unknown activity type: ${unknownType}.`)

  // A long range reads best by month, and months are answered from month rows (planGrains).
  const defaultBucket = length > LONG_RANGE_DAYS ? 'month' : 'day'
  const by: Dimension | null = params.by ?? (endpoint === 'timeseries' || endpoint === 'compare' ? defaultBucket : null)
  let split: Dimension | null = params.split ?? null
  if (!split && (endpoint === 'timeseries' || endpoint === 'compare')) {
    split = IMPLIED_SPLITS.find((f) => filters[f].length >= 2 && f !== by) ?? null
  }

  const shapeError = checkEndpointShape(endpoint, by, split)
  if (shapeError) return shapeError
  // Referrers, devices and browsers are counted separately (a visitor once per referrer, once per device…).
  const facets = ['referrer', 'device', 'browser'] as const
  if (facets.some((f) => f === by) && facets.some((f) => f === split)) {
    return fail(
      'unsupported_dimension',
      'Perujuk, perangkat dan peramban tidak dapat dirinci bersamaan. / Referrer, device and browser cannot be combined.',
    )
  }
  // No rollup keeps browsers: they are counted from the stored page views, cheap for named articles
  // but a scan for a whole portal, so the breakdown is asked per article (the article page).
  if ((by === 'browser' || split === 'browser') && filters.article.length === 0) {
    return fail(
      'browser_needs_article',
      'Rincian peramban hanya untuk artikel tertentu: tambahkan article=<id>. / ' +
        'The browser breakdown is for named articles only: add article=<id>.',
    )
  }
  if (by === 'day' && length > MAX_DAY_BUCKET_DAYS) {
    return fail(
      'interval_too_fine',
      `Per hari paling panjang ${MAX_DAY_BUCKET_DAYS} hari; gunakan by=week atau by=month. / ` +
        `Daily buckets span at most ${MAX_DAY_BUCKET_DAYS} days; use by=week or by=month.`,
    )
  }

  for (const metric of metrics) {
    const support = FAMILY_SUPPORT[METRIC_FAMILY[metric]]
    for (const dimension of [by, split]) {
      if (dimension && !support.dimensions.includes(dimension)) {
        return fail(
          'unsupported_dimension',
          `Metrik ${metric} tidak dapat dirinci menurut ${dimension}. / Metric ${metric} cannot be broken down by ${dimension}.`,
        )
      }
    }
    for (const filter of FILTERS) {
      if (filters[filter].length && !support.filters.includes(filter)) {
        return fail(
          'unsupported_filter',
          `Saringan ${filter} tidak berlaku untuk metrik ${metric}. / The ${filter} filter does not apply to metric ${metric}.`,
        )
      }
    }
  }

  return {
    ok: true,
    query: {
      metrics,
      by,
      split,
      range: { from, to },
      previous,
      compare,
      timeZone,
      filters,
      limit: params.limit ?? DEFAULT_LIMIT,
      lang: params.lang ?? 'id',
    },
  }
}

function checkEndpointShape(endpoint: StatsEndpoint, by: Dimension | null, split: Dimension | null): ParseResult | null {
  if (endpoint === 'summary' && (by || split)) {
    return fail('unexpected_dimension', 'Ringkasan tidak menerima `by` atau `split`. / The summary takes no `by` or `split`.')
  }
  if (endpoint === 'breakdown') {
    if (!by) return fail('missing_dimension', 'Rincian memerlukan `by`. / A breakdown needs `by`.')
    if (split)
      return fail(
        'unexpected_split',
        'Untuk rincian berdampingan gunakan /api/stats/compare. / For side-by-side tables use /api/stats/compare.',
      )
  }
  if (endpoint === 'timeseries' && !isTimeDimension(by)) {
    return fail(
      'time_dimension_required',
      'Deret waktu memerlukan `by` = day, week atau month. / A time series needs `by` = day, week or month.',
    )
  }
  if (split && isTimeDimension(split)) {
    return fail('invalid_split', '`split` harus dimensi bukan waktu. / `split` must be a non-time dimension.')
  }
  if (split && split === by) return fail('invalid_split', '`split` harus berbeda dari `by`. / `split` must differ from `by`.')
  if (endpoint === 'compare' && !split) {
    return fail(
      'missing_split',
      'Perbandingan memerlukan `split` (atau dua nilai saringan). / A comparison needs `split` (or two filter values).',
    )
  }
  return null
}

/** Percent change from `previous` to `current`, one decimal; null when there is nothing to compare with (0). */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return null
  return Math.round(((current - previous) / previous) * 1000) / 10
}

/**
 * The product's definition of visitors, sent with every answer. Kept as one sentence per language so
 * the dashboard can show it under every visitor number.
 */
export function visitorsDefinition(timeZone: string): string {
  const zone = timeZone === 'Asia/Makassar' ? 'WITA' : timeZone
  return (
    `Pengunjung dihitung per artikel per hari (${zone}): pembaca yang sama pada satu artikel di hari yang sama dihitung sekali; ` +
    'pembaca dua artikel, atau pada dua hari, dihitung dua kali. Jumlah untuk rentang dan kelompok artikel adalah penjumlahannya. / ' +
    `Visitors are counted per article per day (${zone}): the same reader of one article on one day counts once; ` +
    'a reader of two articles, or on two days, counts twice. Totals over a range or a group of articles are the sum.'
  )
}
