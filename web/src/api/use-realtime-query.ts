import { queryOptions, useQuery } from '@tanstack/react-query'
import type { RealtimeAnswer } from '@jangkau/shared'
import type { Filters } from '../data/filters.ts'
import { filterQuery } from '../data/filters.ts'
import type { QueryParams } from '../data/stats-plan.ts'
import type { ApiError } from './client.ts'
import { apiGet } from './keys.ts'

/** GET /api/stats/realtime: views in the last 30 minutes (no date range), refreshed every 30 seconds. */
export const realtimeOptions = (query: QueryParams) =>
  queryOptions<RealtimeAnswer, ApiError>({
    ...apiGet<RealtimeAnswer>('/api/stats/realtime', query),
    refetchInterval: 30_000,
    staleTime: 15_000,
  })

export function useRealtimeQuery(filters: Filters) {
  // The last 30 minutes have no date range: only the other filters apply.
  const { from: _from, to: _to, ...rest } = filterQuery(filters)
  return useQuery(realtimeOptions(rest))
}
