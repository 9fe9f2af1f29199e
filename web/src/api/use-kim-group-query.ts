import { useQuery } from '@tanstack/react-query'
import type { KimGroupDetail } from '@jangkau/shared'
import { type ApiError, apiRequest } from './client.ts'
import { kimKey } from './use-kim-groups-query.ts'

/** GET /api/kim/groups/:id: one group with its status history (oldest first). */
export function useKimGroupQuery(id: number | null) {
  return useQuery<KimGroupDetail, ApiError>({
    queryKey: [...kimKey, 'group', id],
    queryFn: ({ signal }) => apiRequest<KimGroupDetail>(`/api/kim/groups/${id}`, { signal }),
    enabled: id !== null,
  })
}
