import { useQuery } from '@tanstack/react-query'
import type { MeAnswer } from '@jangkau/shared'
import { ApiError, apiRequest, setCsrfToken } from './client.ts'

export const meKey = ['auth', 'me'] as const

/** The signed-in person, or the ApiError (401 unauthenticated / session_expired) when nobody is. */
export function useMeQuery() {
  return useQuery<MeAnswer, ApiError>({
    queryKey: meKey,
    queryFn: async ({ signal }) => {
      const me = await apiRequest<MeAnswer>('/api/auth/me', { signal })
      setCsrfToken(me.csrfToken)
      return me
    },
    staleTime: 5 * 60_000,
    retry: false,
  })
}
