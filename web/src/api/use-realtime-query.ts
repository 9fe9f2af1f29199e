import { useQuery } from '@tanstack/react-query'
import type { RealtimeAnswer } from '@jangkau/shared'
import type { Filters } from '../data/filters.ts'
import { filterQuery } from '../data/filters.ts'
import { type ApiError, apiRequest } from './client.ts'

/** GET /api/stats/realtime: views in the last 30 minutes, refreshed every 30 seconds. */
export function useRealtimeQuery(filters: Filters) {
  // The last 30 minutes have no date range: only the other filters apply.
  const { from: _from, to: _to, ...rest } = filterQuery(filters)
  return useQuery<RealtimeAnswer, ApiError>({
    queryKey: ['stats', 'realtime', rest],
    queryFn: ({ signal }) => apiRequest<RealtimeAnswer>('/api/stats/realtime', { query: rest, signal }),
    refetchInterval: 30_000,
    staleTime: 15_000,
  })
}
