import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { LoginBody, MeAnswer } from '@jangkau/shared'
import { type ApiError, apiRequest, setCsrfToken } from './client.ts'
import { meOptions } from './use-me-query.ts'

export function useLoginMutation() {
  const client = useQueryClient()
  return useMutation<MeAnswer, ApiError, LoginBody>({
    mutationFn: (body) => apiRequest<MeAnswer>('/api/auth/login', { method: 'POST', body }),
    onSuccess: (me) => {
      setCsrfToken(me.csrfToken)
      // Whatever an earlier session had cached belongs to someone else.
      client.clear()
      client.setQueryData(meOptions().queryKey, me)
    },
  })
}
