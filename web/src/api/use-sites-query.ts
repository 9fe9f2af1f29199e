import { queryOptions, useQuery } from '@tanstack/react-query'
import type { SiteList } from '@jangkau/shared'
import type { ApiError } from './client.ts'
import { apiGet } from './keys.ts'

/** All measured sites (portals); a handful, so no paging. */
export const sitesOptions = () =>
  queryOptions<SiteList, ApiError>({
    ...apiGet<SiteList>('/api/sites', { limit: 500 }),
    staleTime: 10 * 60_000,
  })

export function useSitesQuery() {
  return useQuery(sitesOptions())
}
