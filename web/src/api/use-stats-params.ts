import type { Dimension, Metric } from '@jangkau/shared'
import type { Filters } from '../data/filters.ts'
import { filterQuery } from '../data/filters.ts'
import type { QueryParams } from '../data/stats-plan.ts'

/** What a stats request asks, on top of the filter bar: metrics, dimensions, a comparison. */
export interface StatsRequest {
  metrics: readonly Metric[]
  /** A breakdown dimension, or the time bucket of a time series (day, week, month). */
  by?: Dimension
  /** A second dimension: one series per value (timeseries). */
  split?: Dimension
  compare?: boolean
  /** Overrides the filter bar's regencies ([] = the whole province). */
  regions?: readonly string[]
  /** One article's statistics. */
  article?: number
  limit?: number
}

/** The question without its metrics (they are added per metric family): filters, range, dimensions. */
export function statsQuery(filters: Filters, request: StatsRequest): QueryParams {
  const q: QueryParams = { ...filterQuery(filters) }
  if (request.regions) q.region = request.regions.length > 0 ? request.regions.join(',') : undefined
  if (request.by) q.by = request.by
  if (request.split) q.split = request.split
  if (request.compare) q.compare = 'previous'
  if (request.article !== undefined) q.article = request.article
  if (request.limit !== undefined) q.limit = request.limit
  return q
}
