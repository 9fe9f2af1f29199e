import { type FilledPoint, type Granularity, type SeriesPoint, gapFill } from './series.ts'

/** A named series as the timeseries endpoint returns it (one per regency, category, ...). */
export interface NamedSeries {
  key: string
  label: string
  points: readonly SeriesPoint[]
}

export interface PivotOptions {
  from: string
  to: string
  granularity: Granularity
  timeZone?: string
}

/**
 * Several series of one metric side by side, the shape a multi-line chart and a comparison table
 * read: one row per bucket with one column per series key (`{date, '64.08': 12, '64.02': 40}`).
 * Every series is gap-filled first, so a regency without views on a day shows 0, not a hole.
 * Series are kept in the order given (the order the user picked them, which the legend follows).
 */
export function pivotSeries(series: readonly NamedSeries[], metric: string, options: PivotOptions): FilledPoint[] {
  const filled = series.map((s) => gapFill(s.points, { ...options, metrics: [metric] }))
  const first = filled[0]
  if (!first) return gapFill([], { ...options, metrics: [] })
  return first.map((point, i) => {
    const row: FilledPoint = { date: point.date }
    series.forEach((s, j) => {
      row[s.key] = filled[j]![i]![metric] as number
    })
    return row
  })
}

/** A breakdown row: its key and label and one number per metric. */
export interface BreakdownRowLike {
  key: string
  label: string
  [metric: string]: unknown
}

export interface ComparisonRow {
  metric: string
  /** One value per compared key; null when the key has no row (no data at all). */
  values: Record<string, number | null>
  /** The key with the highest value, or null when all are missing or tied at the top. */
  leader: string | null
}

/**
 * The comparison table: one row per metric, one column per compared key (regency), in the order of
 * `keys`. This turns "rows per regency" into "regencies side by side", which is how people read a
 * comparison of two to four regencies.
 */
export function pivotComparison(rows: readonly BreakdownRowLike[], keys: readonly string[], metrics: readonly string[]): ComparisonRow[] {
  const byKey = new Map(rows.map((r) => [r.key, r]))
  return metrics.map((metric) => {
    const values: Record<string, number | null> = {}
    for (const key of keys) {
      const v = byKey.get(key)?.[metric]
      values[key] = typeof v === 'number' && Number.isFinite(v) ? v : null
    }
    const present = keys.filter((k) => values[k] !== null)
    let leader: string | null = null
    if (present.length > 0) {
      const top = Math.max(...present.map((k) => values[k]!))
      const leaders = present.filter((k) => values[k] === top)
      leader = leaders.length === 1 ? leaders[0]! : null
    }
    return { metric, values, leader }
  })
}

/**
 * Change from `previous` to `current` in percent (25 means +25 %). Null when there is nothing to
 * compare with (previous missing or 0): "+∞ %" helps nobody, the UI says "new" instead.
 */
export function changePercent(current: number | null | undefined, previous: number | null | undefined): number | null {
  if (current == null || previous == null || previous === 0) return null
  return ((current - previous) / previous) * 100
}

/** Part of a whole as a fraction 0..1, or null when the whole is 0. */
export function shareOf(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole
}

/**
 * The regencies ticked for comparison from the `banding` parameter as it reads from the URL
 * ("64.08,64.72", or "64.08%2C64.72" once decoded by URLSearchParams: both give the same list):
 * known codes only, each once, at most `max`.
 */
export function parseCompareCodes(value: string | null, isCode: (code: string) => boolean, max: number): string[] {
  return (value ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c, i, all) => isCode(c) && all.indexOf(c) === i)
    .slice(0, max)
}

/**
 * The query string with `name` set to the codes joined by literal commas (URLSearchParams would
 * write %2C): a shared link reads `?banding=64.08,64.72`. Regency codes are digits and dots, safe
 * in a URL as they are; the other parameters keep URLSearchParams' encoding.
 */
export function searchWithCodes(search: string, name: string, codes: readonly string[]): string {
  const params = new URLSearchParams(search)
  params.delete(name)
  const rest = params.toString()
  const own = codes.length > 0 ? `${name}=${codes.map(encodeURIComponent).join(',')}` : ''
  const query = [rest, own].filter(Boolean).join('&')
  return query ? `?${query}` : ''
}
