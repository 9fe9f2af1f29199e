import { queryOptions, useQuery } from '@tanstack/react-query'
import type { KimGroupDetail } from '@jangkau/shared'
import type { ApiError } from './client.ts'
import { apiGet } from './keys.ts'

/** GET /api/kim/groups/:id: one group with its status history (oldest first). */
export const kimGroupOptions = (id: number | null) =>
  queryOptions<KimGroupDetail, ApiError>({
    ...apiGet<KimGroupDetail>(`/api/kim/groups/${id}`),
    enabled: id !== null,
  })

export function useKimGroupQuery(id: number | null) {
  return useQuery(kimGroupOptions(id))
}
