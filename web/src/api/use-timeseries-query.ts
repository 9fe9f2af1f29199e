import type { TimeseriesAnswer } from '@jangkau/shared'
import type { Filters } from '../data/filters.ts'
import { statsCsvUrl, useStatsQueries } from './use-stats-queries.ts'
import type { StatsRequest } from './use-stats-params.ts'

/** Series of several families side by side (each family answers its own series). */
function mergeTimeseries(parts: TimeseriesAnswer[]): TimeseriesAnswer {
  return { ...parts[0]!, series: parts.flatMap((p) => p.series) }
}

/** GET /api/stats/timeseries: `by` day/week/month, one series per `split` value (or "total"). */
export function useTimeseriesQuery(filters: Filters, request: StatsRequest, options: { enabled?: boolean } = {}) {
  return useStatsQueries<TimeseriesAnswer>('timeseries', filters, request, mergeTimeseries, options.enabled ?? true)
}

/** The server's CSV of the same series. */
export function timeseriesCsvUrl(filters: Filters, request: StatsRequest, lang: 'id' | 'en'): string {
  return statsCsvUrl('timeseries', filters, request, lang)
}
