import {
  isPercentMetric,
  isTimeDimension,
  METRIC_FAMILY,
  type DayRange,
  type Dimension,
  type MetricFamily,
  type StatsQuery,
} from '@jangkau/shared'
import type { Db } from '../db/kysely.ts'
import { addCoverage, villagesByRegency } from './coverage.ts'
import { listUnmappedCategorySlugs } from '../queries/categories.ts'
import { fixedLabel, UNKNOWN } from './labels.ts'
import { buildFamilyQuery, serialPlansForRollups, type CountRow, type FamilyOptions } from './sql/index.ts'
import { buildLabelQuery } from './sql/label-query.ts'

/** The counts of one (by, split) combination; absent dimensions are null. Values by metric name. */
export interface Cell {
  by: string | null
  split: string | null
  values: Record<string, number>
}

/** Everything a stats answer is shaped from: the cells of the range and of the comparison range, and labels. */
export interface StatsData {
  query: StatsQuery
  current: Cell[]
  previous: Cell[] | null
  /** Label per key, for `by` and for `split`. */
  labels: { by: Map<string, string>; split: Map<string, string> }
  /** Category keys shown whose category is not yet mapped by an admin (marked in the answer). */
  unmapped?: Set<string>
}

export interface RunOptions {
  /** The zone the rollups count days in (the report zone). */
  rollupTimeZone: string
  /** A breakdown lets the database keep only the top `limit` rows when it can. */
  breakdown?: boolean
}

const COUNT_COLUMNS = [
  'views',
  'imported_views',
  'visitors',
  'articles',
  'kim_groups',
  'kim_active',
  'covered_villages',
  'active_villages',
  'activities',
  'participants',
]

/**
 * Runs a parsed stats query: one SQL query per metric family, for the range and (with `compare`) for
 * the comparison range, then coverage and labels. Database access only; shaping is in shape.ts.
 */
export async function runStatsQuery(db: Db, q: StatsQuery, options: RunOptions): Promise<StatsData> {
  // One read-only snapshot for every number of the answer (range, comparison, labels).
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      if (q.timeZone === options.rollupTimeZone) await serialPlansForRollups.execute(trx)
      return run(trx, q, options)
    })
}

async function run(db: Db, q: StatsQuery, options: RunOptions): Promise<StatsData> {
  const families = [...new Set(q.metrics.map((m) => METRIC_FAMILY[m]))]
  const first = q.metrics[0]!
  // With one family of many possible keys (articles, authors), only the top rows leave the database.
  const top =
    options.breakdown && families.length === 1 && (families[0] === 'page_views' || families[0] === 'articles') && !isTimeDimension(q.by)
      ? { metric: first, limit: q.limit }
      : undefined

  const current = await runRange(db, q, families, q.range, options.rollupTimeZone, { top })
  let previous: Cell[] | null = null
  if (q.previous) {
    // Without a time dimension the comparison is only needed for the keys the answer shows: those of
    // the range, and the values of a filter on the same dimension (shown even when they had nothing).
    const byKeys = q.by && !isTimeDimension(q.by) ? [...new Set([...current.map((c) => c.by ?? ''), ...filterValues(q, q.by)])] : undefined
    previous = await runRange(db, q, families, q.previous, options.rollupTimeZone, { byKeys })
  }

  if (q.metrics.some(isPercentMetric)) {
    const villages = await villagesByRegency(db)
    for (const cells of [current, previous ?? []]) addCoverage(cells, q, villages)
  }

  // Labels for every key shown: those counted and those asked for in a filter of the same dimension.
  const labelsOf = (side: 'by' | 'split') => {
    const dimension = q[side]
    return dimension
      ? labelsFor(db, dimension, [...keysOf(current, previous, side), ...filterValues(q, dimension)], q.lang)
      : new Map<string, string>()
  }
  const labels = { by: await labelsOf('by'), split: await labelsOf('split') }
  const categoryKeys = q.by === 'category' ? labels.by : q.split === 'category' ? labels.split : null
  const unmapped = categoryKeys ? await listUnmappedCategorySlugs(db, [...categoryKeys.keys()].filter(Boolean)) : new Set<string>()
  return { query: q, current, previous, labels, unmapped }
}

async function runRange(
  db: Db,
  q: StatsQuery,
  families: MetricFamily[],
  range: DayRange,
  rollupTimeZone: string,
  options: FamilyOptions,
): Promise<Cell[]> {
  const cells = new Map<string, Cell>()
  // One family after the other: PGlite has a single connection, and on Postgres each is a few ms.
  for (const family of families) {
    const rows = await buildFamilyQuery(db, family, q, range, rollupTimeZone, options).execute()
    for (const row of rows) mergeRow(cells, row)
  }
  return [...cells.values()]
}

function mergeRow(cells: Map<string, Cell>, row: CountRow): void {
  const by = row.by_key ?? null
  const split = row.split_key ?? null
  const id = `${by}\u0000${split}`
  let cell = cells.get(id)
  if (!cell) {
    cell = { by: by === null ? null : String(by), split: split === null ? null : String(split), values: {} }
    cells.set(id, cell)
  }
  for (const column of COUNT_COLUMNS) {
    if (column in row) cell.values[column] = Number(row[column] ?? 0)
  }
}

/** The values of a filter that has the dimension's name (e.g. the regions asked for side by side). */
export function filterValues(q: StatsQuery, dimension: Dimension): string[] {
  const filters = q.filters as unknown as Record<string, (string | number)[] | undefined>
  return (filters[dimension] ?? []).map(String)
}

function keysOf(current: Cell[], previous: Cell[] | null, side: 'by' | 'split'): string[] {
  const keys = new Set<string>()
  for (const cell of [...current, ...(previous ?? [])]) {
    const key = cell[side]
    if (key !== null) keys.add(key)
  }
  return [...keys]
}

async function labelsFor(db: Db, dimension: Dimension, keys: string[], lang: 'id' | 'en'): Promise<Map<string, string>> {
  const labels = new Map<string, string>()
  const lookup: string[] = []
  for (const key of new Set(keys)) {
    const fixed = fixedLabel(dimension, key, lang)
    if (fixed !== null) labels.set(key, fixed)
    else lookup.push(key)
  }
  const query = lookup.length ? buildLabelQuery(db, dimension, lookup) : null
  if (query) {
    for (const row of (await query.execute()) as { key: string; label: string | null }[]) labels.set(row.key, row.label ?? UNKNOWN[lang])
  }
  // A key that names nothing (a deleted site, an unknown region code) keeps its key as label.
  for (const key of lookup) if (!labels.has(key)) labels.set(key, key)
  return labels
}
