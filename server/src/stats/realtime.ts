import type { RealtimeAnswer, StatsFilters } from '@jangkau/shared'
import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'
import { idText } from './sql/expressions.ts'
import { articleConditions, whereAll } from './sql/where.ts'

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
  const minuteRows = await queries.minutes.execute()
  const hourRows = await queries.hours.execute()
  const articleRows = await queries.articles.execute()

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

/**
 * Views per minute since `since` and per hour since `hoursSince` (both until `until`) from
 * rollup_minutes and rollup_hours, and the top articles of the minutes, under the article filters
 * of the stats query.
 */
export function buildRealtimeQueries(db: Db, filters: StatsFilters, since: Date, hoursSince: Date, until: Date, limit: number) {
  const articleFilters = articleConditions(filters, sql.ref<number>('r.article_id'))
  const minutes = (from: Date) =>
    whereAll(
      db
        .selectFrom('rollup_minutes as r')
        .innerJoin('articles as a', 'a.id', 'r.article_id')
        .where('r.minute', '>=', from)
        .where('r.minute', '<', until),
      articleFilters,
    )
  const hours = whereAll(
    db
      .selectFrom('rollup_hours as r')
      .innerJoin('articles as a', 'a.id', 'r.article_id')
      .where('r.hour', '>=', hoursSince)
      .where('r.hour', '<', until),
    articleFilters,
  )
  return {
    minutes: minutes(since)
      .select((eb) => ['r.minute as at', eb.fn.sum<string | number>('r.views').as('views')])
      .groupBy('r.minute')
      .orderBy('r.minute'),
    hours: hours
      .select((eb) => ['r.hour as at', eb.fn.sum<string | number>('r.views').as('views')])
      .groupBy('r.hour')
      .orderBy('r.hour'),
    articles: minutes(since)
      .select((eb) => [
        idText(eb.ref('a.id')).as('key'),
        eb.fn.coalesce('a.title', 'a.url').as('label'),
        'a.url',
        eb.fn.sum<string | number>('r.views').as('views'),
      ])
      .groupBy('a.id')
      .orderBy('views', 'desc')
      .orderBy('a.id')
      .limit(limit),
  }
}
