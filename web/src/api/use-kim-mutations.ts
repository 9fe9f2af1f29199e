import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { KimActivity, KimActivityInput, KimGroup, KimGroupInput, KimGroupPatch } from '@jangkau/shared'
import { type ApiError, apiRequest } from './client.ts'
import { kimKey } from './use-kim-groups-query.ts'

/** POST /api/kim/groups (no id) or PATCH /api/kim/groups/:id. */
export function useSaveKimGroupMutation(id: number | null) {
  const client = useQueryClient()
  return useMutation<KimGroup, ApiError, KimGroupInput | KimGroupPatch>({
    mutationFn: (body) =>
      id === null
        ? apiRequest<KimGroup>('/api/kim/groups', { method: 'POST', body })
        : apiRequest<KimGroup>(`/api/kim/groups/${id}`, { method: 'PATCH', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: kimKey }),
  })
}

/**
 * POST /api/kim/activities with an Idempotency-Key: the form makes one key when it opens, so a
 * double click or a retry after a lost answer records the activity once.
 */
export function useCreateKimActivityMutation() {
  const client = useQueryClient()
  return useMutation<KimActivity, ApiError, { body: KimActivityInput; idempotencyKey: string }>({
    mutationFn: ({ body, idempotencyKey }) =>
      apiRequest<KimActivity>('/api/kim/activities', { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } }),
    onSuccess: () => client.invalidateQueries({ queryKey: kimKey }),
  })
}
