import { TZDate } from '@date-fns/tz'
import { format } from 'date-fns'
import { addDays, addMonths, WITA } from './dates.ts'

/**
 * Bucket width of a time series. Day, week and month buckets are WITA calendar days, weeks
 * (starting Monday, keyed by that Monday as the stats API does) and months.
 */
export type Granularity = 'hour' | 'day' | 'week' | 'month'

/** One point of a series as the API sends it: `date` plus one number per metric (other fields are ignored). */
export interface SeriesPoint {
  date: string
  [metric: string]: unknown
}

/** One point after shaping: the bucket key and a number (never missing) per metric. */
export type FilledPoint = { date: string } & Record<string, number | string>

/**
 * The granularity a chart over this many days reads best at (and the stats API's `by`): days up to
 * two months, weeks up to about seven months, months beyond. Never hours: the API counts days.
 */
export function granularityFor(days: number): Exclude<Granularity, 'hour'> {
  if (days <= 62) return 'day'
  if (days <= 210) return 'week'
  return 'month'
}

/** The Monday of the week `day` ("YYYY-MM-DD") falls in. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay() // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7))
}

/**
 * The bucket ("2026-02-01", "2026-02", "2026-02-01T07"; a week by its Monday) a point's `date`
 * belongs to in `timeZone`.
 * A plain day ("2026-02-01") or month ("2026-02") is already a calendar bucket in the report zone
 * and is taken as it is; an instant ("2026-01-31T16:30:00Z") is first moved into the zone, so half
 * past midnight WITA counts for the new day (and, on the 31st, for the new month).
 */
export function bucketOf(date: string, granularity: Granularity, timeZone: string = WITA): string {
  let local: string
  if (/^\d{4}-\d{2}$/.test(date)) local = `${date}-01T00`
  else if (/^\d{4}-\d{2}-\d{2}$/.test(date)) local = `${date}T00`
  else {
    const t = Date.parse(date)
    if (Number.isNaN(t)) throw new Error(`not a date: ${date}`)
    local = format(new TZDate(t, timeZone), "yyyy-MM-dd'T'HH")
  }
  if (granularity === 'month') return local.slice(0, 7)
  if (granularity === 'day') return local.slice(0, 10)
  if (granularity === 'week') return mondayOf(local.slice(0, 10))
  return local
}

/** Every bucket key from the day `from` to the day `to` (both "YYYY-MM-DD", inclusive), in order. */
export function bucketsBetween(from: string, to: string, granularity: Granularity): string[] {
  const keys: string[] = []
  if (granularity === 'month') {
    for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addMonths(m, 1)) keys.push(m)
  } else if (granularity === 'day') {
    for (let d = from; d <= to; d = addDays(d, 1)) keys.push(d)
  } else if (granularity === 'week') {
    for (let d = mondayOf(from); d <= to; d = addDays(d, 7)) keys.push(d)
  } else {
    // WITA has no daylight saving, and neither has any zone we report in, so a day has 24 hours.
    for (let d = from; d <= to; d = addDays(d, 1)) {
      for (let h = 0; h < 24; h++) keys.push(`${d}T${String(h).padStart(2, '0')}`)
    }
  }
  return keys
}

export interface GapFillOptions {
  from: string
  to: string
  granularity: Granularity
  metrics: readonly string[]
  timeZone?: string
}

/**
 * A series with one point per bucket between `from` and `to`: points falling in the same bucket
 * are added up, buckets without data get 0 (a day without views is a real zero, and a line chart
 * must not skip it), points outside the range are dropped. Missing or null metric values count 0.
 */
export function gapFill(points: readonly SeriesPoint[], options: GapFillOptions): FilledPoint[] {
  const { granularity, metrics } = options
  const timeZone = options.timeZone ?? WITA
  const keys = bucketsBetween(options.from, options.to, granularity)
  const sums = new Map<string, Record<string, number>>(keys.map((k) => [k, Object.fromEntries(metrics.map((m) => [m, 0]))]))
  for (const p of points) {
    const bucket = sums.get(bucketOf(p.date, granularity, timeZone))
    if (!bucket) continue
    for (const m of metrics) {
      const v = p[m]
      if (typeof v === 'number' && Number.isFinite(v)) bucket[m] = (bucket[m] ?? 0) + v
    }
  }
  return keys.map((date) => ({ date, ...sums.get(date)! }))
}

/** A point as a chart draws it: like FilledPoint, but a value can be null where its line has a gap. */
export type ChartPoint = { date: string } & Record<string, number | string | null>

/**
 * The bucket of `granularity` that contains `now` in `timeZone`: the running hour, day, week or
 * month. Its numbers are counted so far, so a chart must not draw it like a finished bucket (a day
 * at 09:00 looks like a collapse next to yesterday).
 */
export function runningBucket(granularity: Granularity, now: Date, timeZone: string = WITA): string {
  return bucketOf(now.toISOString(), granularity, timeZone)
}

/** The key that carries the partial part of the series `key` (see splitPartial). */
export const partialKey = (key: string): string => `${key}__partial`

/**
 * The points with the running bucket split off for drawing: each series `key` keeps its values up
 * to the last finished bucket (a solid line), and `partialKey(key)` holds the values from that last
 * finished bucket on (a second, dashed line that starts where the solid one ends). Buckets after
 * `running` (bucket keys of one granularity sort as strings) have not begun: no line at all, rather
 * than a fall to zero (the running month of the report lists every day of it). Without a partial
 * bucket in the data the points come back unchanged.
 */
export function splitPartial(data: readonly FilledPoint[], keys: readonly string[], running: string): ChartPoint[] {
  const first = data.findIndex((p) => p.date >= running)
  if (first === -1) return [...data]
  return data.map((p, i) => {
    const point: ChartPoint = { ...p }
    for (const key of keys) {
      const future = p.date > running
      point[partialKey(key)] = i >= first - 1 && !future ? (p[key] ?? null) : null
      if (i >= first) point[key] = null
    }
    return point
  })
}

/** Whether the bucket `date` is the running one, or after it (not begun yet): not a finished bucket. */
export function isPartialBucket(date: string, running: string): boolean {
  return date >= running
}
