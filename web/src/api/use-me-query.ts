import { queryOptions, useQuery } from '@tanstack/react-query'
import type { MeAnswer } from '@jangkau/shared'
import { type ApiError, apiRequest, setCsrfToken } from './client.ts'

/**
 * GET /api/auth/me: the signed-in person (and the CSRF token every write sends). Its key is written
 * out (what keys.ts's apiKey would make): this is part of the first load, keys.ts is not.
 */
export const meOptions = () =>
  queryOptions<MeAnswer, ApiError>({
    queryKey: ['auth', 'me'],
    queryFn: async ({ signal }) => {
      const me = await apiRequest<MeAnswer>('/api/auth/me', { signal })
      setCsrfToken(me.csrfToken)
      return me
    },
    staleTime: 5 * 60_000,
    retry: false,
  })

/** The signed-in person, or the ApiError (401 unauthenticated / session_expired) when nobody is. */
export function useMeQuery() {
  return useQuery(meOptions())
}
