import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type ApiError, apiRequest, setCsrfToken } from './client.ts'

export function useLogoutMutation() {
  const client = useQueryClient()
  return useMutation<unknown, ApiError, void>({
    mutationFn: () => apiRequest('/api/auth/logout', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(null)
      client.clear()
    },
  })
}
