import {
  bucketStarts,
  isPercentMetric,
  isTimeDimension,
  percentChange,
  visitorsDefinition,
  type BreakdownAnswer,
  type BreakdownRow,
  type CompareAnswer,
  type Metric,
  type MetricChanges,
  type MetricValues,
  type SummaryAnswer,
  type TimeseriesAnswer,
  type TimeseriesPoint,
} from '@jangkau/shared'
import { TOTAL_SERIES } from './labels.ts'
import { filterValues, type Cell, type StatsData } from './run.ts'

/*
 * Pure shaping: from the cells run.ts fetched to the JSON answers. No database here, so gap filling,
 * ordering, limits and comparisons are unit-testable. Every metric asked for is present in every
 * row and point (0 when there was nothing to count).
 */

function valuesOf(metrics: Metric[], cells: Cell[]): MetricValues {
  const values: Record<string, number> = {}
  for (const m of metrics) {
    // Coverage is a percentage per cell, never a sum: a group of cells has it only when it is one cell.
    values[m] = isPercentMetric(m)
      ? cells.length === 1
        ? (cells[0]!.values[m] ?? 0)
        : 0
      : cells.reduce((sum, c) => sum + (c.values[m] ?? 0), 0)
  }
  return values as MetricValues
}

function changesOf(metrics: Metric[], current: MetricValues, previous: MetricValues): MetricChanges {
  const changes: Record<string, number | null> = {}
  for (const m of metrics) changes[m] = percentChange(current[m] ?? 0, previous[m] ?? 0)
  return changes as MetricChanges
}

const groupBy = (cells: Cell[], side: 'by' | 'split') => {
  const groups = new Map<string, Cell[]>()
  for (const cell of cells) {
    const key = cell[side] ?? ''
    const list = groups.get(key)
    if (list) list.push(cell)
    else groups.set(key, [cell])
  }
  return groups
}

/** Cells by "by\0split" (a missing dimension is ""). */
function indexCells(cells: Cell[]): Map<string, Cell[]> {
  const map = new Map<string, Cell[]>()
  for (const cell of cells) {
    const id = `${cell.by ?? ''}\u0000${cell.split ?? ''}`
    const list = map.get(id)
    if (list) list.push(cell)
    else map.set(id, [cell])
  }
  return map
}

/** Order of rows, series and columns: the first metric, largest first, then the key. */
function byFirstMetric(metric: Metric) {
  return (a: { key: string; values: MetricValues }, b: { key: string; values: MetricValues }) =>
    (b.values[metric] ?? 0) - (a.values[metric] ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
}

function context(data: StatsData) {
  const q = data.query
  return {
    range: q.range,
    ...(q.previous ? { previousRange: q.previous } : {}),
    timeZone: q.timeZone,
    visitorsDefinition: visitorsDefinition(q.timeZone),
  }
}

export function shapeSummary(data: StatsData): SummaryAnswer {
  const q = data.query
  const current = valuesOf(q.metrics, data.current)
  if (!data.previous) return { ...current, ...context(data) }
  const previous = valuesOf(q.metrics, data.previous)
  return { ...current, previous, change: changesOf(q.metrics, current, previous), ...context(data) }
}

/**
 * Keys of a dimension, ordered by the first metric and cut at `limit`. The values of a filter on the
 * same dimension are always included (zeros when they had nothing): asking for two regencies side
 * by side shows both.
 */
function rankedKeys(data: StatsData, side: 'by' | 'split', limit: number): string[] {
  const q = data.query
  const dimension = side === 'by' ? q.by! : q.split!
  const groups = groupBy(data.current, side)
  for (const value of filterValues(q, dimension)) if (!groups.has(value)) groups.set(value, [])
  const ranked = [...groups].map(([key, cells]) => ({ key, values: valuesOf(q.metrics, cells) }))
  // Coverage of a group of cells is not a sum: rank by the summed counts instead.
  return ranked
    .sort(byFirstMetric(q.metrics[0]!))
    .slice(0, limit)
    .map((r) => r.key)
}

export function shapeBreakdown(data: StatsData): BreakdownAnswer {
  const q = data.query
  const current = groupBy(data.current, 'by')
  const previous = data.previous ? groupBy(data.previous, 'by') : null
  const rows: BreakdownRow[] = rankedKeys(data, 'by', q.limit).map((key) => {
    const values = valuesOf(q.metrics, current.get(key) ?? [])
    const row: BreakdownRow = { key, label: data.labels.by.get(key) ?? key, ...values }
    if (q.by === 'category' && data.unmapped?.has(key)) row.unmapped = true
    if (previous) {
      const before = valuesOf(q.metrics, previous.get(key) ?? [])
      row.previous = before
      row.change = changesOf(q.metrics, values, before)
    }
    return row
  })
  return { by: q.by!, rows, ...context(data) }
}

/** Series keys: one per split value (ranked, cut at `limit`), or the single total series. */
function seriesKeys(data: StatsData): { key: string; label: string }[] {
  const q = data.query
  if (!q.split) return [{ key: 'total', label: TOTAL_SERIES[q.lang] }]
  return rankedKeys(data, 'split', q.limit).map((key) => ({ key, label: data.labels.split.get(key) ?? key }))
}

/**
 * Every bucket of the range, in order, zeros filled. With `compare`, point i carries bucket i of the
 * comparison range (same position; null date when the comparison range has fewer buckets).
 */
export function shapeTimeseries(data: StatsData): TimeseriesAnswer {
  const q = data.query
  const bucket = q.by as 'day' | 'week' | 'month'
  const dates = bucketStarts(q.range.from, q.range.to, bucket)
  const previousDates = q.previous ? bucketStarts(q.previous.from, q.previous.to, bucket) : []
  const current = indexCells(data.current)
  const previous = data.previous ? indexCells(data.previous) : null

  const series = seriesKeys(data).map(({ key, label }) => {
    const splitKey = q.split ? key : ''
    const points = dates.map((date, i): TimeseriesPoint => {
      const values = valuesOf(q.metrics, current.get(`${date}\u0000${splitKey}`) ?? [])
      const point: TimeseriesPoint = { date, ...values }
      if (previous) {
        const previousDate = previousDates[i] ?? null
        const before = valuesOf(q.metrics, previousDate ? (previous.get(`${previousDate}\u0000${splitKey}`) ?? []) : [])
        point.previous = { date: previousDate, ...before }
        point.change = changesOf(q.metrics, values, before)
      }
      return point
    })
    return { key, label, points }
  })
  return { by: bucket, split: q.split, series, ...context(data) }
}

/**
 * The comparison table: one column per split value, one row per value of `by` (every bucket for a
 * time dimension, else the ranked keys), metrics in `cells[columnKey]`.
 */
export function shapeCompare(data: StatsData): CompareAnswer {
  const q = data.query
  const columns = seriesKeys(data)
  const rowKeys = isTimeDimension(q.by) ? bucketStarts(q.range.from, q.range.to, q.by) : rankedKeys(data, 'by', q.limit)
  const previousRowKeys = isTimeDimension(q.by) && q.previous ? bucketStarts(q.previous.from, q.previous.to, q.by) : null
  const current = indexCells(data.current)
  const previous = data.previous ? indexCells(data.previous) : null
  const find = (index: Map<string, Cell[]>, by: string | undefined, split: string) =>
    by === undefined ? [] : (index.get(`${by}\u0000${split}`) ?? [])

  const rows = rowKeys.map((key, i) => {
    const cells: CompareAnswer['rows'][number]['cells'] = {}
    for (const column of columns) {
      const values = valuesOf(q.metrics, find(current, key, column.key))
      if (previous) {
        const previousKey = previousRowKeys ? previousRowKeys[i] : key
        const before = valuesOf(q.metrics, find(previous, previousKey, column.key))
        cells[column.key] = { ...values, previous: before, change: changesOf(q.metrics, values, before) }
      } else {
        cells[column.key] = values
      }
    }
    return { key, label: isTimeDimension(q.by) ? key : (data.labels.by.get(key) ?? key), cells }
  })
  return { by: q.by!, split: q.split!, columns, rows, ...context(data) }
}
