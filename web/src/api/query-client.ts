import { QueryClient } from '@tanstack/react-query'
import { ApiError } from './client.ts'

/**
 * One cache for the app. Stats change every few seconds at most and people flip between pages, so
 * a minute of freshness saves the server repeated identical queries. 4xx answers are not retried:
 * asking again will not fix a bad filter or a missing permission.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
    },
    mutations: { retry: false },
  },
})
