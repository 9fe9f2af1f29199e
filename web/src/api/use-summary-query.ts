import type { SummaryAnswer } from '@jangkau/shared'
import type { Filters } from '../data/filters.ts'
import { mergeSummaries } from '../data/stats-plan.ts'
import { useStatsQueries } from './use-stats-queries.ts'
import type { StatsRequest } from './use-stats-params.ts'

/** GET /api/stats/summary: headline numbers, with the previous period when `compare`. */
export function useSummaryQuery(filters: Filters, request: StatsRequest) {
  return useStatsQueries<SummaryAnswer>('summary', filters, request, mergeSummaries)
}
