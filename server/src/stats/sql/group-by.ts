import type { Dimension, Metric, StatsQuery } from '@jangkau/shared'
import { sql, type SelectQueryBuilder } from 'kysely'
import { asText, type Key } from './keys.ts'

/** One row of a family query. Counts come back as strings (bigint) from pg; run.ts converts them. */
export interface CountRow {
  by_key?: string
  split_key?: string
  [column: string]: string | number | null | undefined
}

export interface FamilyOptions {
  /** Only these values of `by` (the comparison period asks for the keys the current period shows). */
  byKeys?: string[]
  /** Return only the top rows by this metric (a breakdown with a single metric family). */
  top?: { metric: Metric; limit: number }
}

/**
 * Adds by_key / split_key, their grouping, the key restriction and the top-N limit to a family query
 * that selects its counts. The result rows are typed as CountRow: which keys it has depends on the query.
 */
export function groupByDimensions<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  q: StatsQuery,
  keyOf: (dimension: Dimension) => Key,
  options: FamilyOptions,
): SelectQueryBuilder<DB, TB, CountRow> {
  let qb = query.$castTo<CountRow>()
  if (q.by) qb = qb.select(asText(keyOf(q.by)).as('by_key')).groupBy(keyOf(q.by).value)
  if (q.split) qb = qb.select(asText(keyOf(q.split)).as('split_key')).groupBy(keyOf(q.split).value)
  if (q.by && options.byKeys) {
    const keys = options.byKeys
    qb = keys.length ? qb.where((eb) => eb(asText(keyOf(q.by!)), 'in', keys)) : qb.where(sql.lit(false))
  }
  if (options.top) qb = qb.orderBy(sql.ref(options.top.metric), 'desc').orderBy(sql.ref('by_key')).limit(options.top.limit)
  return qb
}
