import type { KimActivity, KimActivityInput, KimActivityPatch, KimGroup, KimGroupInput, KimGroupPatch } from '@jangkau/shared'
import { apiRequest } from './client.ts'
import { useWriteMutation } from './keys.ts'

// KIM writes refresh the registry and also the stats and reports that count KIM (keys.ts).

/** POST /api/kim/groups (no id) or PATCH /api/kim/groups/:id. */
export function useSaveKimGroupMutation(id: number | null) {
  return useWriteMutation<KimGroup, KimGroupInput | KimGroupPatch>('kim', (body) =>
    id === null
      ? apiRequest<KimGroup>('/api/kim/groups', { method: 'POST', body })
      : apiRequest<KimGroup>(`/api/kim/groups/${id}`, { method: 'PATCH', body }),
  )
}

/**
 * POST /api/kim/activities with an Idempotency-Key: the form makes one key when it opens, so a
 * double click or a retry after a lost answer records the activity once.
 */
export function useCreateKimActivityMutation() {
  return useWriteMutation<KimActivity, { body: KimActivityInput; idempotencyKey: string }>('kim', ({ body, idempotencyKey }) =>
    apiRequest<KimActivity>('/api/kim/activities', { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } }),
  )
}

/** PATCH /api/kim/activities/:id with only the fields that changed (audited by the server). */
export function useUpdateKimActivityMutation(id: number) {
  return useWriteMutation<KimActivity, KimActivityPatch>('kim', (body) =>
    apiRequest<KimActivity>(`/api/kim/activities/${id}`, { method: 'PATCH', body }),
  )
}

/** DELETE /api/kim/activities/:id (audited by the server, with the activity as it was). */
export function useDeleteKimActivityMutation() {
  return useWriteMutation<void, number>('kim', (id) => apiRequest<void>(`/api/kim/activities/${id}`, { method: 'DELETE' }))
}
