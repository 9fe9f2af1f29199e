import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { KimGroupList, KimGroupQuery } from '@jangkau/shared'
import { type ApiError, apiRequest } from './client.ts'

export const kimKey = ['kim'] as const

/** GET /api/kim/groups: the registry, paged and filtered by the server. */
export function useKimGroupsQuery(query: KimGroupQuery, options: { enabled?: boolean } = {}) {
  return useQuery<KimGroupList, ApiError>({
    queryKey: [...kimKey, 'groups', query],
    queryFn: ({ signal }) => apiRequest<KimGroupList>('/api/kim/groups', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  })
}
