import { FAMILY_FILTERS, type FilterName, FILTERS, type Metric, METRIC_FAMILY, type MetricFamily } from '@jangkau/shared/vocab'

/*
 * The stats API refuses (400) a question whose metrics cannot all honour its filters: KIM groups
 * have no category, for instance. The dashboard asks mixed questions (cards with views AND active
 * KIM), so it splits each question into one request per metric family, leaves out the filters a
 * family cannot apply, says which ones it left out, and merges the answers.
 *
 * Which family a metric belongs to and what each family supports are shared's vocabulary
 * (@jangkau/shared/vocab, METRIC_FAMILY and FAMILY_FILTERS), the same tables the server checks with.
 */

export type QueryParams = Record<string, string | number | boolean | null | undefined | readonly (string | number)[]>

export interface PlannedRequest {
  family: MetricFamily
  metrics: Metric[]
  /** The query for this family: its metrics, and only the filters it can apply. */
  query: QueryParams
  /** Filters of the question this request had to leave out. */
  ignored: FilterName[]
}

function present(value: QueryParams[string]): boolean {
  if (value == null || value === '') return false
  return !Array.isArray(value) || value.length > 0
}

/**
 * One request per metric family, in the order the metrics first appear. `query` holds the whole
 * question (filters, range, by, ...) without `metrics`.
 */
export function planByFamily(metrics: readonly Metric[], query: QueryParams): PlannedRequest[] {
  const families = new Map<MetricFamily, Metric[]>()
  for (const m of metrics) {
    const family = METRIC_FAMILY[m]
    families.set(family, [...(families.get(family) ?? []), m])
  }
  return [...families.entries()].map(([family, familyMetrics]) => {
    const supported = FAMILY_FILTERS[family]
    const ignored = FILTERS.filter((f) => present(query[f]) && !supported.includes(f))
    const own: QueryParams = { ...query, metrics: familyMetrics.join(',') }
    for (const f of ignored) delete own[f]
    return { family, metrics: familyMetrics, query: own, ignored }
  })
}

/** The filters left out by any of the requests (for a note under the numbers). */
export function ignoredFilters(plans: readonly PlannedRequest[]): FilterName[] {
  return FILTERS.filter((f) => plans.some((p) => p.ignored.includes(f)))
}

type WithComparison = { previous?: Record<string, unknown>; change?: Record<string, unknown> }

/** One summary from the per-family answers: metric values, `previous` and `change` put together. */
export function mergeSummaries<T extends WithComparison>(parts: readonly T[]): T {
  const merged = {} as T & { previous?: Record<string, unknown>; change?: Record<string, unknown> }
  for (const part of parts) {
    const { previous, change, ...values } = part
    Object.assign(merged, values)
    if (previous) merged.previous = { ...merged.previous, ...previous }
    if (change) merged.change = { ...merged.change, ...change }
  }
  return merged
}

/**
 * Breakdown rows of the per-family answers joined by key: a regency with views but no KIM appears
 * once with what it has. Rows keep the first answer's order; keys only later answers have follow.
 */
export function mergeBreakdownRows<T extends { key: string; label: string } & WithComparison>(parts: readonly (readonly T[])[]): T[] {
  const byKey = new Map<string, T>()
  for (const rows of parts) {
    for (const row of rows) {
      const existing = byKey.get(row.key)
      byKey.set(row.key, existing ? mergeSummaries([existing, row]) : { ...row })
    }
  }
  return [...byKey.values()]
}
