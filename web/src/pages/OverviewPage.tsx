import { useMemo, useState, useId } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Metric } from '@jangkau/shared'
import { breakdownCsvUrl, useBreakdownQuery } from '../api/use-breakdown-query.ts'
import { kimActivitiesCsvUrl, useKimActivitiesQuery } from '../api/use-kim-activities-query.ts'
import { useRealtimeQuery } from '../api/use-realtime-query.ts'
import { RegencyMap } from '../charts/lazy.tsx'
import { DownloadCsv } from '../components/DownloadCsv.tsx'
import { FilterBar } from '../components/FilterBar.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { Skeleton } from '../components/Skeleton.tsx'
import { SummaryCards } from '../components/SummaryCards.tsx'
import { TopArticles } from '../components/TopArticles.tsx'
import { EmptyState, ErrorState } from '../components/States.tsx'
import { useFilters } from '../components/use-filters.ts'
import { ViewsOverTime } from '../components/ViewsOverTime.tsx'
import { csvFileName } from '../data/csv.ts'
import { formatDay, formatNumber } from '../data/format.ts'
import { regencyName } from '../data/regencies.ts'
import { useLang } from '../i18n/use-lang.ts'

const MAP_METRICS: Metric[] = ['views', 'visitors', 'articles', 'kim_active', 'activities']

/** /ringkasan: the picture in seconds, for leadership and the wall screen. */
export default function OverviewPage() {
  const { t } = useTranslation()
  const [filters] = useFilters()
  return (
    <>
      <PageHeader title={t('overview.title')} lead={t('overview.lead')} actions={<Realtime />} />
      <FilterBar />
      <SummaryCards filters={filters} />
      <div className="grid two">
        <ViewsOverTime filters={filters} height={380} />
        <MapPanel />
      </div>
      <div className="grid two">
        <TopArticles
          filters={filters}
          title={t('overview.topArticles')}
          fileName="artikel-teratas"
          more={{ to: { pathname: '/artikel', search: '?urut=views' }, label: t('overview.allArticles') }}
        />
        <LatestActivities />
      </div>
    </>
  )
}

function Realtime() {
  const { t } = useTranslation()
  const lang = useLang()
  const [filters] = useFilters()
  const query = useRealtimeQuery(filters)
  return (
    <div className="realtime" aria-busy={query.isPending || undefined}>
      <span className="pulse" aria-hidden="true" />
      {query.isPending ? (
        <Skeleton height={18} width={160} />
      ) : query.isError ? (
        <span>{t('overview.realtimeUnavailable')}</span>
      ) : (
        <span>
          <strong className="realtime-value">{formatNumber(query.data.views, lang)}</strong> {t('overview.realtime')}
        </span>
      )}
    </div>
  )
}

function MapPanel() {
  const { t } = useTranslation()
  const lang = useLang()
  const [filters, setFilters] = useFilters()
  const [metric, setMetric] = useState<Metric>('views')
  const selectId = useId()
  // The map shows every regency, so it ignores the regency filter (which it highlights instead).
  const request = { metrics: [metric], by: 'region' as const, regions: [] }
  const query = useBreakdownQuery(filters, request)
  const values = useMemo(() => Object.fromEntries((query.data?.rows ?? []).map((r) => [r.key, r[metric] ?? null])), [query.data, metric])
  const toggle = (code: string) => setFilters({ regions: filters.regions.length === 1 && filters.regions[0] === code ? [] : [code] })
  return (
    <Panel
      title={t('overview.map')}
      subtitle={t('overview.mapHint')}
      busy={query.isFetching}
      actions={
        <>
          <label htmlFor={selectId} className="visually-hidden">
            {t('overview.mapMetric')}
          </label>
          <select id={selectId} value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>
            {MAP_METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`metric.${m}`)}
              </option>
            ))}
          </select>
          <DownloadCsv
            href={breakdownCsvUrl(filters, request, lang)}
            fileName={csvFileName('wilayah', metric, filters.range.from, filters.range.to)}
          />
        </>
      }
    >
      {query.isPending ? (
        <Skeleton height={360} />
      ) : query.isError ? (
        <ErrorState error={query.error} what={t('overview.map').toLowerCase()} onRetry={() => void query.refetch()} />
      ) : (
        <RegencyMap
          values={values}
          metricLabel={t(`metric.${metric}`)}
          lang={lang}
          selected={filters.regions}
          onSelect={toggle}
          ariaLabel={t('overview.mapLabel', { metric: t(`metric.${metric}`) })}
        />
      )}
    </Panel>
  )
}

function LatestActivities() {
  const { t } = useTranslation()
  const lang = useLang()
  const [filters] = useFilters()
  // The KIM list takes one regency; with several chosen it shows the province.
  const region = filters.regions.length === 1 ? filters.regions[0] : undefined
  const query = useKimActivitiesQuery({ region, from: filters.range.from, to: filters.range.to, limit: 6 })
  const exportQuery = { region, from: filters.range.from, to: filters.range.to }
  return (
    <Panel
      title={t('overview.latestActivities')}
      subtitle={t('overview.latestActivitiesHint')}
      busy={query.isFetching}
      actions={
        <DownloadCsv
          href={kimActivitiesCsvUrl(exportQuery, lang)}
          fileName={csvFileName('kegiatan-kim', filters.range.from, filters.range.to)}
        />
      }
    >
      {query.isPending ? (
        <Skeleton height={20} lines={5} />
      ) : query.isError ? (
        <ErrorState error={query.error} what={t('overview.latestActivities').toLowerCase()} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <EmptyState
          title={t('empty.noActivities')}
          hint={t('empty.noActivitiesHint')}
          action={<Link to="/kim">{t('overview.toKim')}</Link>}
        />
      ) : (
        <ul className="activity-list">
          {query.data.items.map((a) => (
            <li key={a.id}>
              <span className="activity-date">{formatDay(a.date, lang)}</span>
              <span className="activity-body">
                <span>
                  <span className="badge neutral">{t(`kim.type.${a.type}`)}</span> <strong>{a.title}</strong>
                </span>
                <span className="activity-meta">
                  <Link to={`/kim/grup/${a.groupId}`}>{a.groupName}</Link> · {regencyName(a.regionCode)} ·{' '}
                  {t('kim.participantsN', { count: a.participants, n: formatNumber(a.participants, lang) })}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  )
}
