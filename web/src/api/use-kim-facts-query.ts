import { useQuery } from '@tanstack/react-query'
import type { KimFacts, KimFactsQuery } from '@jangkau/shared'
import { type ApiError, apiRequest } from './client.ts'
import { kimKey } from './use-kim-groups-query.ts'

/** GET /api/kim/facts: per-regency status counts and coverage, dormant candidates, per type and month. */
export function useKimFactsQuery(query: KimFactsQuery) {
  return useQuery<KimFacts, ApiError>({
    queryKey: [...kimKey, 'facts', query],
    queryFn: ({ signal }) => apiRequest<KimFacts>('/api/kim/facts', { query: { ...query }, signal }),
  })
}
