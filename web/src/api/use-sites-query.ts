import { useQuery } from '@tanstack/react-query'
import type { SiteList } from '@jangkau/shared'
import { type ApiError, apiRequest } from './client.ts'

export const sitesKey = ['sites'] as const

/** All measured sites (portals); a handful, so no paging. */
export function useSitesQuery() {
  return useQuery<SiteList, ApiError>({
    queryKey: sitesKey,
    queryFn: ({ signal }) => apiRequest<SiteList>('/api/sites', { query: { limit: 500 }, signal }),
    staleTime: 10 * 60_000,
  })
}
