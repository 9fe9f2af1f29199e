import { useCallback, useMemo, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useLocation, useNavigate, useSearchParams } from 'react-router'
import type { Metric } from '@jangkau/shared'
import { formatVillagePercent } from '@jangkau/shared/vocab'
import { useBreakdownQuery } from '../api/use-breakdown-query.ts'
import { useTimeseriesQuery } from '../api/use-timeseries-query.ts'
import { TimeSeriesChart } from '../charts/lazy.tsx'
import { DownloadCsv } from '../components/DownloadCsv.tsx'
import { FilterBar } from '../components/FilterBar.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { Skeleton } from '../components/Skeleton.tsx'
import { EmptyState, ErrorState } from '../components/States.tsx'
import { useFilters } from '../components/use-filters.ts'
import { parseCompareCodes, pivotComparison, pivotSeries, searchWithCodes } from '../data/compare.ts'
import { csvFileName } from '../data/csv.ts'
import { daysInclusive } from '../data/dates.ts'
import { formatBucketLong, formatDay, formatNumber } from '../data/format.ts'
import { isRegencyCode, regencyByCode } from '../data/regencies.ts'
import { mergeRegionRows, type RegionRow } from '../data/region-table.ts'
import { granularityFor } from '../data/series.ts'
import { useLang } from '../i18n/use-lang.ts'
import { DataTable } from '../tables/DataTable.tsx'
import { regionColumns } from '../tables/region-columns.tsx'

const MAX_COMPARE = 4
const COMPARE_PARAM = 'banding'
// KIM figures come from the stats too, so every column follows the filter's period (stock figures: its last day).
const TABLE_METRICS: Metric[] = ['views', 'visitors', 'articles', 'activities', 'kim_groups', 'kim_active', 'coverage', 'active_coverage']
const COMPARE_METRICS: Metric[] = ['views', 'visitors', 'articles', 'activities']

/** Which RegionRow field holds which comparison metric. */
const ROW_FIELD = {
  views: 'views',
  visitors: 'visitors',
  articles: 'articles',
  activities: 'activities',
  kimActive: 'kimActive',
  kimDormant: 'kimDormant',
  coverage: 'coverage',
  activeCoverage: 'activeCoverage',
} as const
type RowMetric = keyof typeof ROW_FIELD

/** /wilayah: the ten regencies side by side; tick 2–4 to compare them on one chart and one table. */
export default function RegionsPage() {
  const { t } = useTranslation()
  const lang = useLang()
  const location = useLocation()
  const [filters] = useFilters()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const compareParam = params.get(COMPARE_PARAM)
  const selected = useMemo(() => parseCompareCodes(compareParam, isRegencyCode, MAX_COMPARE), [compareParam])
  // Each tick is a new history entry (Back returns to the previous selection), written with literal
  // commas so a shared link stays readable: /wilayah?banding=64.08,64.72.
  const setCompared = useCallback(
    (codes: readonly string[]) => navigate({ search: searchWithCodes(location.search, COMPARE_PARAM, codes) }),
    [navigate, location.search],
  )

  // The table always lists all ten regencies: the regency filter does not apply here.
  const stats = useBreakdownQuery(filters, { metrics: TABLE_METRICS, by: 'region', compare: true, regions: [] })
  const rows = useMemo(() => mergeRegionRows(stats.data?.rows ?? []), [stats.data])

  const columns = useMemo(() => {
    const toggle = (code: string) => {
      const next = selected.includes(code) ? selected.filter((c) => c !== code) : [...selected, code].slice(0, MAX_COMPARE)
      setCompared(next)
    }
    return regionColumns(t, lang, { search: location.search, compare: { selected, toggle, max: MAX_COMPARE } })
  }, [t, lang, location.search, selected, setCompared])
  const csv = () => ({
    header: [
      t('regions.code'),
      t('regions.regency'),
      ...(['views', 'visitors', 'articles', 'kimActive', 'kimDormant', 'coverage', 'activeCoverage', 'activities'] as RowMetric[]).map(
        // Coverage is percent (42.5), as the stats give it and the server's CSV names it.
        (m) => (m === 'coverage' || m === 'activeCoverage' ? `${t(`rowMetric.${m}`)} (%)` : t(`rowMetric.${m}`)),
      ),
    ],
    rows: rows.map((r) => [
      r.key,
      r.label,
      r.views,
      r.visitors,
      r.articles,
      r.kimActive,
      r.kimDormant,
      r.coverage,
      r.activeCoverage,
      r.activities,
    ]),
  })

  return (
    <>
      <PageHeader title={t('regions.title')} lead={t('regions.lead')} />
      <FilterBar region={false} />
      <Panel title={t('regions.tableTitle')} busy={stats.isFetching}>
        {stats.isError ? (
          <ErrorState error={stats.error} what={t('regions.tableTitle').toLowerCase()} onRetry={() => void stats.refetch()} />
        ) : (
          <>
            <DataTable
              caption={t('regions.tableCaption', { from: formatDay(filters.range.from, lang), to: formatDay(filters.range.to, lang) })}
              columns={columns}
              data={rows}
              getRowId={(r) => r.key}
              paged={false}
              initialSorting={[{ id: 'views', desc: true }]}
              loading={stats.isPending}
              actions={<DownloadCsv build={csv} fileName={csvFileName('wilayah', filters.range.from, filters.range.to)} />}
            />
            <p className="help-text">{selected.length < 2 ? t('regions.compareHelp', { max: MAX_COMPARE }) : null}</p>
          </>
        )}
      </Panel>
      {selected.length >= 2 ? <Comparison selected={selected} rows={rows} onClear={() => setCompared([])} /> : null}
    </>
  )
}

/** The chosen regencies on one chart (one line each) and one table (metrics × regencies). */
function Comparison({ selected, rows, onClear }: { selected: string[]; rows: RegionRow[]; onClear: () => void }) {
  const { t } = useTranslation()
  const lang = useLang()
  const [filters] = useFilters()
  const [metric, setMetric] = useState<Metric>('views')
  const metricId = useId()
  const { from, to } = filters.range
  const granularity = granularityFor(daysInclusive(from, to))
  const request = { metrics: [metric], by: granularity, split: 'region' as const, regions: selected }
  const series = useTimeseriesQuery(filters, request)
  const ordered = useMemo(() => {
    const byKey = new Map((series.data?.series ?? []).map((s) => [s.key, s]))
    // Keep the order the user ticked them in (legend and table follow it), a line even for a regency without data.
    return selected.map((code) => byKey.get(code) ?? { key: code, label: regencyByCode(code)?.name ?? code, points: [] })
  }, [series.data, selected])
  const chartData = useMemo(() => pivotSeries(ordered, metric, { from, to, granularity }), [ordered, metric, from, to, granularity])
  const tableMetrics: RowMetric[] = ['views', 'visitors', 'articles', 'activities', 'kimActive', 'kimDormant', 'coverage', 'activeCoverage']
  const comparison = pivotComparison(
    rows.map((r) => ({ ...r })),
    selected,
    tableMetrics.map((m) => ROW_FIELD[m]),
  )
  const names = selected.map((c) => regencyByCode(c)?.name ?? c)
  const fmt = (m: string, v: number | null) =>
    m === 'coverage' || m === 'activeCoverage' ? formatVillagePercent(v, lang) : formatNumber(v, lang)
  const pivotCsv = () => ({
    header: [t('regions.period'), ...names],
    rows: chartData.map((p) => [formatBucketLong(p.date, granularity, lang), ...selected.map((c) => p[c] as number)]),
  })
  const tableCsv = () => ({
    header: [t('regions.metric'), ...names],
    rows: comparison.map((r) => [t(`rowMetric.${r.metric as RowMetric}`), ...selected.map((c) => r.values[c] ?? null)]),
  })
  return (
    <section className="comparison" aria-labelledby="compare-title">
      <div className="section-heading">
        <h2 id="compare-title">{t('regions.compareTitle', { names: names.join(' · ') })}</h2>
        <button type="button" className="button ghost small" onClick={onClear}>
          {t('regions.compareClear')}
        </button>
      </div>
      <div className="grid two">
        <Panel
          title={t('regions.compareChart', { metric: t(`metric.${metric}`) })}
          headingLevel={3}
          busy={series.isFetching}
          actions={
            <>
              <label htmlFor={metricId} className="visually-hidden">
                {t('regions.metric')}
              </label>
              <select id={metricId} value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
                {COMPARE_METRICS.map((m) => (
                  <option key={m} value={m}>
                    {t(`metric.${m}`)}
                  </option>
                ))}
              </select>
              <DownloadCsv build={pivotCsv} fileName={csvFileName('banding', metric, ...selected, from, to)} />
            </>
          }
        >
          {series.isPending ? (
            <Skeleton height={280} />
          ) : series.isError ? (
            <ErrorState error={series.error} what={t('regions.compareChartShort')} onRetry={() => void series.refetch()} />
          ) : (
            <TimeSeriesChart
              data={chartData}
              series={ordered.map((s) => ({ key: s.key, label: regencyByCode(s.key)?.name ?? s.label }))}
              granularity={granularity}
              lang={lang}
              ariaLabel={t('regions.compareChart', { metric: t(`metric.${metric}`) })}
            />
          )}
        </Panel>
        <Panel
          title={t('regions.compareTable')}
          headingLevel={3}
          actions={<DownloadCsv build={tableCsv} fileName={csvFileName('banding-tabel', ...selected, from, to)} />}
        >
          {rows.length === 0 ? (
            <EmptyState title={t('table.empty')} />
          ) : (
            /* biome-ignore lint/a11y/useSemanticElements: a scroll region for keyboard users, not a set of form controls:
               a fieldset is wrong here */
            <div className="table-scroll" role="group" aria-labelledby="compare-table-caption" tabIndex={0}>
              <table>
                <caption id="compare-table-caption" className="visually-hidden">
                  {t('regions.compareTable')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('regions.metric')}</th>
                    {names.map((n, i) => (
                      <th key={selected[i]} scope="col" className="align-right">
                        {n}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {comparison.map((r) => (
                    <tr key={r.metric}>
                      <th scope="row">{t(`rowMetric.${r.metric as RowMetric}`)}</th>
                      {selected.map((c) => (
                        <td key={c} className={`align-right${r.leader === c ? ' leader' : ''}`}>
                          {fmt(r.metric, r.values[c] ?? null)}
                          {r.leader === c ? <span className="visually-hidden"> ({t('regions.highest')})</span> : null}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Panel>
      </div>
    </section>
  )
}
