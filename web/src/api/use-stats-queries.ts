import { keepPreviousData, queryOptions, useQueries, type UseQueryResult } from '@tanstack/react-query'
import type { FilterName, Metric } from '@jangkau/shared'
import { useCallback } from 'react'
import type { Filters } from '../data/filters.ts'
import { ignoredFilters, planByFamily, type QueryParams } from '../data/stats-plan.ts'
import { apiUrl, type ApiError } from './client.ts'
import { apiGet, type StatsEndpoint } from './keys.ts'
import { type StatsRequest, statsQuery } from './use-stats-params.ts'

/** GET /api/stats/<endpoint> for one metric family's part of a question. */
export const statsOptions = <T>(endpoint: StatsEndpoint, query: QueryParams) =>
  queryOptions<T, ApiError>({
    ...apiGet<T>(`/api/stats/${endpoint}`, query),
    placeholderData: keepPreviousData,
  })

/** A stats answer put together from one request per metric family. */
export interface StatsResult<T> {
  data: T | undefined
  isPending: boolean
  isFetching: boolean
  isError: boolean
  error: ApiError | null
  /** Filters that do not apply to some of the metrics and were left out for those. */
  ignored: FilterName[]
  refetch: () => Promise<unknown>
}

/**
 * GET /api/stats/<endpoint> for a question that may mix metric families: one cached request per
 * family (see data/stats-plan.ts), merged by `merge` once all have answered.
 */
export function useStatsQueries<T>(
  endpoint: StatsEndpoint,
  filters: Filters,
  request: StatsRequest,
  merge: (parts: T[]) => T,
  enabled = true,
): StatsResult<T> {
  const plans = planByFamily(request.metrics as Metric[], statsQuery(filters, request))
  const combine = useCallback(
    (results: UseQueryResult<T, Error>[]) => ({
      data: results.length > 0 && results.every((r) => r.data !== undefined) ? merge(results.map((r) => r.data as T)) : undefined,
      isPending: results.some((r) => r.isPending),
      isFetching: results.some((r) => r.isFetching),
      isError: results.some((r) => r.isError),
      // Every query here goes through apiRequest, which only throws ApiError (or AbortError, never kept).
      error: (results.find((r) => r.error)?.error as ApiError | undefined) ?? null,
      refetch: () => Promise.all(results.map((r) => r.refetch())),
    }),
    [merge],
  )
  const combined = useQueries({
    queries: plans.map((plan) => ({ ...statsOptions<T>(endpoint, plan.query), enabled })),
    combine,
  })
  return { ...combined, ignored: ignoredFilters(plans) }
}

/**
 * The server's CSV of the same question (for "Unduh CSV"). Only for single-family questions: a mixed
 * one would need several files; the page builds those in the browser instead.
 */
export function statsCsvUrl(endpoint: 'breakdown' | 'timeseries', filters: Filters, request: StatsRequest, lang: 'id' | 'en'): string {
  const [plan] = planByFamily(request.metrics as Metric[], statsQuery(filters, request))
  return apiUrl(`/api/stats/${endpoint}`, { ...(plan?.query ?? {}), format: 'csv', lang })
}
