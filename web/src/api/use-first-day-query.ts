import { queryOptions } from '@tanstack/react-query'
import type { FirstDayAnswer, SummaryAnswer } from '@jangkau/shared'
import { type ApiError, apiRequest } from './client.ts'
import { apiGet, apiKey } from './keys.ts'

/**
 * GET /api/stats/first-day: where "seluruh waktu" (all time) begins, for the whole dashboard or one
 * article. It moves only when older data arrives (an import), so an hour of freshness is plenty.
 */
export const firstDayOptions = (article?: number) =>
  queryOptions<FirstDayAnswer, ApiError>({
    ...apiGet<FirstDayAnswer>('/api/stats/first-day', article === undefined ? undefined : { article }),
    staleTime: 3_600_000,
  })

/**
 * Asks the stats API whether it answers the range (the cheapest question: one summary of views), so
 * the filter bar can show the API's own reason for a range it refuses (reversed, too long, before
 * 2000) instead of applying it. Resolves with the API's answer, rejects with its ApiError.
 */
export const rangeCheckOptions = (from: string, to: string) =>
  queryOptions<SummaryAnswer, ApiError>({
    queryKey: apiKey('/api/stats/summary', 'range-check', { from, to }),
    queryFn: ({ signal }) => apiRequest<SummaryAnswer>('/api/stats/summary', { query: { metrics: 'views', from, to }, signal }),
    staleTime: 3_600_000,
  })
