import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import type { KimGroupList, KimGroupQuery } from '@jangkau/shared'
import type { ApiError } from './client.ts'
import { apiGet } from './keys.ts'

/** GET /api/kim/groups: the registry, paged and filtered by the server. */
export const kimGroupsOptions = (query: KimGroupQuery) =>
  queryOptions<KimGroupList, ApiError>({
    ...apiGet<KimGroupList>('/api/kim/groups', { ...query }),
    placeholderData: keepPreviousData,
  })

export function useKimGroupsQuery(query: KimGroupQuery, options: { enabled?: boolean } = {}) {
  return useQuery({ ...kimGroupsOptions(query), enabled: options.enabled ?? true })
}
