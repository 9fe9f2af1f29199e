import type { RealtimeAnswer, StatsFilters } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { buildRealtimeQueries } from './build-sql.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/**
 * The live view: views in the last 30 minutes (the current, unfinished minute and the 29 before it)
 * from rollup_minutes, the top articles of those minutes, and views per hour over the last 48 hours
 * from rollup_hours. Every minute and hour is present (zeros filled), oldest first.
 */
export async function getRealtimeStats(db: Db, filters: StatsFilters, now: Date, limit: number): Promise<RealtimeAnswer> {
  const since = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE - 29 * MINUTE)
  const hoursSince = new Date(Math.floor(now.getTime() / HOUR) * HOUR - 47 * HOUR)
  const until = new Date(since.getTime() + 30 * MINUTE)
  const queries = buildRealtimeQueries(db, filters, since, hoursSince, until, limit)
  const minuteRows = (await queries.minutes.execute()) as { at: Date; views: string | number }[]
  const hourRows = (await queries.hours.execute()) as { at: Date; views: string | number }[]
  const articleRows = (await queries.articles.execute()) as { key: string; label: string; url: string; views: string | number }[]

  const fill = (rows: { at: Date; views: string | number }[], start: Date, step: number, count: number) => {
    const byTime = new Map(rows.map((r) => [new Date(r.at).getTime(), Number(r.views)]))
    return Array.from({ length: count }, (_, i) => {
      const at = start.getTime() + i * step
      return { at: new Date(at).toISOString(), views: byTime.get(at) ?? 0 }
    })
  }
  const minutes = fill(minuteRows, since, MINUTE, 30)
  return {
    views: minutes.reduce((sum, m) => sum + m.views, 0),
    articles: articleRows.map((r) => ({ key: r.key, label: r.label, url: r.url, views: Number(r.views) })),
    minutes,
    hours: fill(hourRows, hoursSince, HOUR, 48),
  }
}
