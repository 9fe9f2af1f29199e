import { useTranslation } from 'react-i18next'
import { Link, type To } from 'react-router'
import type { Metric } from '@jangkau/shared'
import { breakdownCsvUrl, useBreakdownQuery } from '../api/use-breakdown-query.ts'
import { csvFileName } from '../data/csv.ts'
import type { Filters } from '../data/filters.ts'
import { formatDay, formatNumber } from '../data/format.ts'
import { useLang } from '../i18n/use-lang.ts'
import { DownloadCsv } from './DownloadCsv.tsx'
import { Panel } from './Panel.tsx'
import { Skeleton } from './Skeleton.tsx'
import { EmptyState, ErrorState } from './States.tsx'

const REQUEST = { metrics: ['views'] as Metric[], by: 'article' as const, limit: 10 }

/**
 * The ten most read articles of the filter's period (and regencies, categories, portals): views in
 * the period from the stats, never the all-time counter, so the list adds up to the period's total.
 * Ringkasan and /wilayah/:code show it.
 */
export function TopArticles({
  filters,
  title,
  fileName,
  more,
}: {
  filters: Filters
  title: string
  /** Name of the CSV file, before the period. */
  fileName: string
  /** The link under the list: to all articles. */
  more: { to: To; label: string }
}) {
  const { t } = useTranslation()
  const lang = useLang()
  const query = useBreakdownQuery(filters, REQUEST)
  const rows = (query.data?.rows ?? []).filter((r) => (r.views ?? 0) > 0).slice(0, 10)
  const { from, to } = filters.range
  return (
    <Panel
      title={title}
      subtitle={t('filter.showing', { from: formatDay(from, lang), to: formatDay(to, lang) })}
      busy={query.isFetching}
      actions={<DownloadCsv href={breakdownCsvUrl(filters, REQUEST, lang)} fileName={csvFileName(fileName, from, to)} />}
    >
      {query.isPending ? (
        <Skeleton height={20} lines={6} />
      ) : query.isError ? (
        <ErrorState error={query.error} what={title.toLowerCase()} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t('empty.noArticles')} hint={t('empty.noViewsHint')} />
      ) : (
        <ol className="rank-list">
          {rows.map((r) => (
            <li key={r.key}>
              <Link to={`/artikel/${encodeURIComponent(r.key)}`} className="rank-label">
                {r.label || t('article.untitled')}
              </Link>
              <span className="rank-value">
                {formatNumber(r.views, lang)} <span className="unit">{t('metric.views').toLowerCase()}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
      <p className="panel-footer-link">
        <Link to={more.to}>{more.label}</Link>
      </p>
    </Panel>
  )
}
