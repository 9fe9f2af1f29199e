import { queryOptions, useQuery } from '@tanstack/react-query'
import type { KimFacts, KimFactsQuery } from '@jangkau/shared'
import type { ApiError } from './client.ts'
import { apiGet } from './keys.ts'

/** GET /api/kim/facts: per-regency status counts and coverage, dormant candidates, per type and month. */
export const kimFactsOptions = (query: KimFactsQuery) =>
  queryOptions<KimFacts, ApiError>({
    ...apiGet<KimFacts>('/api/kim/facts', { ...query }),
  })

export function useKimFactsQuery(query: KimFactsQuery) {
  return useQuery(kimFactsOptions(query))
}
