import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Metric } from '@jangkau/shared'
import { timeseriesCsvUrl, useTimeseriesQuery } from '../api/use-timeseries-query.ts'
import { TimeSeriesChart } from '../charts/lazy.tsx'
import { daysInclusive } from '../data/dates.ts'
import type { Filters } from '../data/filters.ts'
import { csvFileName } from '../data/csv.ts'
import { formatDay } from '../data/format.ts'
import { gapFill, granularityFor } from '../data/series.ts'
import { useLang } from '../i18n/use-lang.ts'
import { DownloadCsv } from './DownloadCsv.tsx'
import { Panel } from './Panel.tsx'
import { Skeleton } from './Skeleton.tsx'
import { EmptyState, ErrorState } from './States.tsx'

/** The two series drawn; a module constant so the memoised gap-fill below does not depend on a fresh array. */
const metrics: Metric[] = ['views', 'visitors']

/** Views and visitors per day (or hour / month, by the range's length) for the filters given. */
export function ViewsOverTime({
  filters,
  article,
  title,
  height = 280,
}: {
  filters: Filters
  article?: number
  title?: string
  height?: number
}) {
  const { t } = useTranslation()
  const lang = useLang()
  const { from, to } = filters.range
  const granularity = granularityFor(daysInclusive(from, to))
  const request = { metrics, by: granularity, article }
  const query = useTimeseriesQuery(filters, request)
  const data = useMemo(() => {
    const points = query.data?.series.flatMap((s) => s.points) ?? []
    return gapFill(points, { from, to, granularity, metrics })
  }, [query.data, from, to, granularity])
  const total = data.reduce((sum, p) => sum + (p.views as number), 0)
  const heading = title ?? t('overview.viewsOverTime')
  return (
    <Panel
      title={heading}
      subtitle={t(`granularity.${granularity}`)}
      busy={query.isFetching}
      actions={<DownloadCsv href={timeseriesCsvUrl(filters, request, lang)} fileName={csvFileName('tayangan', from, to)} />}
    >
      {query.isPending ? (
        <Skeleton height={height} />
      ) : query.isError ? (
        <ErrorState error={query.error} what={heading.toLowerCase()} onRetry={() => void query.refetch()} />
      ) : total === 0 ? (
        <EmptyState title={t('empty.noViews')} hint={t('empty.noViewsHint')} />
      ) : (
        <TimeSeriesChart
          data={data}
          series={metrics.map((m) => ({ key: m, label: t(`metric.${m}`) }))}
          granularity={granularity}
          lang={lang}
          height={height}
          ariaLabel={t('overview.chartLabel', { what: heading, from: formatDay(from, lang), to: formatDay(to, lang) })}
        />
      )}
    </Panel>
  )
}
