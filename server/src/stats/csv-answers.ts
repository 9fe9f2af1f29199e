import type {
  BreakdownAnswer,
  CompareAnswer,
  Metric,
  MetricChanges,
  MetricValues,
  StatsQuery,
  SummaryAnswer,
  TimeseriesAnswer,
} from '@jangkau/shared'
import type { CsvColumn } from '../csv/write-csv.ts'
import type { Msg } from '../i18n.ts'
import { CHANGE_SUFFIX, DIMENSION_NAMES, METRIC_NAMES, PREVIOUS_SUFFIX, UNMAPPED_SUFFIX } from './labels.ts'

/** A stats answer as a CSV table: file name, columns and rows (written by csv/write-csv.ts). */
export interface CsvTable<T> {
  fileName: string
  columns: CsvColumn<T>[]
  rows: T[]
}

const FILE_WORDS: Record<string, Msg> = {
  summary: { id: 'ringkasan', en: 'summary' },
  day: { id: 'harian', en: 'daily' },
  week: { id: 'mingguan', en: 'weekly' },
  month: { id: 'bulanan', en: 'monthly' },
  site: { id: 'situs', en: 'sites' },
  region: { id: 'wilayah', en: 'regions' },
  category: { id: 'kategori', en: 'categories' },
  author: { id: 'penulis', en: 'authors' },
  article: { id: 'artikel', en: 'articles' },
  referrer: { id: 'perujuk', en: 'referrers' },
  device: { id: 'perangkat', en: 'devices' },
  kim_group: { id: 'kelompok-kim', en: 'kim-groups' },
  activity_type: { id: 'jenis-kegiatan', en: 'activity-types' },
  compare: { id: 'perbandingan', en: 'comparison' },
}

/** "jangkau-wilayah-2026-01-01_2026-01-31.csv": what and when, in the answer's language. */
export function csvFileName(words: string[], q: Pick<StatsQuery, 'range' | 'lang'>): string {
  const what = words.map((w) => FILE_WORDS[w]?.[q.lang] ?? w).join('-')
  return `jangkau-${what}-${q.range.from}_${q.range.to}.csv`
}

type WithComparison = MetricValues & { previous?: MetricValues | (MetricValues & { date: string | null }); change?: MetricChanges }

/** Columns for the metrics of a row, then (with compare) their comparison values and changes. */
function metricColumns<T>(q: StatsQuery, pick: (row: T) => WithComparison | undefined, prefix = ''): CsvColumn<T>[] {
  const name = (m: Metric) => `${prefix}${METRIC_NAMES[m][q.lang]}`
  const columns: CsvColumn<T>[] = q.metrics.map((m) => ({ header: name(m), value: (row) => pick(row)?.[m] }))
  if (q.previous) {
    for (const m of q.metrics) columns.push({ header: `${name(m)} (${PREVIOUS_SUFFIX[q.lang]})`, value: (row) => pick(row)?.previous?.[m] })
    for (const m of q.metrics)
      columns.push({ header: `${name(m)} ${CHANGE_SUFFIX[q.lang]}`, value: (row) => pick(row)?.change?.[m] ?? null })
  }
  return columns
}

const FROM: Msg = { id: 'Dari', en: 'From' }
const TO: Msg = { id: 'Sampai', en: 'To' }
const CODE: Msg = { id: 'Kode', en: 'Code' }
const SERIES: Msg = { id: 'Seri', en: 'Series' }
const PREVIOUS_DATE: Msg = { id: 'Tanggal pembanding', en: 'Comparison date' }

export function summaryCsv(q: StatsQuery, answer: SummaryAnswer): CsvTable<SummaryAnswer> {
  return {
    fileName: csvFileName(['summary'], q),
    columns: [
      { header: FROM[q.lang], value: (r) => r.range.from },
      { header: TO[q.lang], value: (r) => r.range.to },
      ...metricColumns<SummaryAnswer>(q, (r) => r),
    ],
    rows: [answer],
  }
}

export function breakdownCsv(q: StatsQuery, answer: BreakdownAnswer): CsvTable<BreakdownAnswer['rows'][number]> {
  const by = q.by!
  return {
    fileName: csvFileName([by], q),
    columns: [
      { header: CODE[q.lang], value: (r) => r.key },
      { header: DIMENSION_NAMES[by][q.lang], value: (r) => (r.unmapped ? `${r.label} ${UNMAPPED_SUFFIX[q.lang]}` : r.label) },
      ...metricColumns<BreakdownAnswer['rows'][number]>(q, (r) => r),
    ],
    rows: answer.rows,
  }
}

type SeriesPoint = TimeseriesAnswer['series'][number]['points'][number] & { seriesKey: string; seriesLabel: string }

/** Long format: one line per (series, bucket). */
export function timeseriesCsv(q: StatsQuery, answer: TimeseriesAnswer): CsvTable<SeriesPoint> {
  const by = q.by!
  const columns: CsvColumn<SeriesPoint>[] = [{ header: DIMENSION_NAMES[by][q.lang], value: (p) => p.date }]
  if (q.split) {
    columns.push({ header: `${CODE[q.lang]} ${DIMENSION_NAMES[q.split][q.lang].toLowerCase()}`, value: (p) => p.seriesKey })
    columns.push({ header: DIMENSION_NAMES[q.split][q.lang], value: (p) => p.seriesLabel })
  } else {
    columns.push({ header: SERIES[q.lang], value: (p) => p.seriesLabel })
  }
  if (q.previous) columns.push({ header: PREVIOUS_DATE[q.lang], value: (p) => p.previous?.date ?? null })
  columns.push(...metricColumns<SeriesPoint>(q, (p) => p))
  const rows = answer.series.flatMap((s) => s.points.map((p) => ({ ...p, seriesKey: s.key, seriesLabel: s.label })))
  return { fileName: csvFileName([by], q), columns, rows }
}

/** Wide format: one line per value of `by`, a group of metric columns per compared value. */
export function compareCsv(q: StatsQuery, answer: CompareAnswer): CsvTable<CompareAnswer['rows'][number]> {
  const by = q.by!
  const columns: CsvColumn<CompareAnswer['rows'][number]>[] = [{ header: DIMENSION_NAMES[by][q.lang], value: (r) => r.label }]
  for (const column of answer.columns) {
    columns.push(...metricColumns<CompareAnswer['rows'][number]>(q, (r) => r.cells[column.key], `${column.label} – `))
  }
  return { fileName: csvFileName(['compare', q.split!, by], q), columns, rows: answer.rows }
}
