import { createColumnHelper } from '@tanstack/react-table'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { BreakdownRow, Metric } from '@jangkau/shared'
import { breakdownCsvUrl, useBreakdownQuery } from '../api/use-breakdown-query.ts'
import { BarListChart } from '../charts/lazy.tsx'
import { DownloadCsv } from '../components/DownloadCsv.tsx'
import { FilterBar } from '../components/FilterBar.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { Skeleton } from '../components/Skeleton.tsx'
import { EmptyState, ErrorState } from '../components/States.tsx'
import { useFilters } from '../components/use-filters.ts'
import { shareOf } from '../data/compare.ts'
import { csvFileName } from '../data/csv.ts'
import { formatChange, formatNumber, formatShare } from '../data/format.ts'
import { useLang } from '../i18n/use-lang.ts'
import { DataTable } from '../tables/DataTable.tsx'

const METRICS: Metric[] = ['views', 'visitors', 'articles']

interface CategoryRow {
  key: string
  label: string
  /** A category a portal sent that no admin mapped yet. */
  unmapped: boolean
  views: number
  visitors: number
  articles: number
  share: number | null
  change: number | null
}

const col = createColumnHelper<CategoryRow>()

/** /kategori: which subjects people read, as a ranking and a table. */
export default function CategoriesPage() {
  const { t } = useTranslation()
  const lang = useLang()
  const [filters] = useFilters()
  const request = { metrics: METRICS, by: 'category' as const, compare: true }
  const query = useBreakdownQuery(filters, request)
  const rows = useMemo(() => toRows(query.data?.rows ?? []), [query.data])
  const columns = useMemo(
    () => [
      col.accessor('label', {
        header: t('categories.category'),
        cell: (c) => (
          <>
            <Link
              to={{ pathname: '/artikel', search: `?kategori=${encodeURIComponent(c.row.original.key)}&urut=views` }}
              className="strong-link"
            >
              {c.getValue()}
            </Link>
            {c.row.original.unmapped ? (
              <>
                {' '}
                <span className="badge neutral" title={t('categories.unmappedHint')}>
                  {t('categories.unmapped')}
                </span>
              </>
            ) : null}
          </>
        ),
      }),
      col.accessor('views', {
        header: t('metric.views'),
        cell: (c) => formatNumber(c.getValue(), lang),
        meta: { align: 'right' },
        sortDescFirst: true,
      }),
      col.accessor('share', {
        header: t('categories.share'),
        cell: (c) => formatShare(c.getValue(), lang),
        meta: { align: 'right' },
        sortDescFirst: true,
      }),
      col.accessor('change', {
        header: t('regions.change'),
        cell: (c) => formatChange(c.getValue(), lang),
        meta: { align: 'right' },
        sortDescFirst: true,
      }),
      col.accessor('visitors', {
        header: t('metric.visitors'),
        cell: (c) => formatNumber(c.getValue(), lang),
        meta: { align: 'right' },
        sortDescFirst: true,
      }),
      col.accessor('articles', {
        header: t('metric.articles'),
        cell: (c) => formatNumber(c.getValue(), lang),
        meta: { align: 'right' },
        sortDescFirst: true,
      }),
    ],
    [t, lang],
  )
  const bars = rows
    .filter((r) => r.views > 0)
    .sort((a, b) => b.views - a.views)
    .slice(0, 12)
    .map((r) => ({ key: r.key, label: r.unmapped ? `${r.label} (${t('categories.unmapped')})` : r.label, value: r.views }))
  const csvHref = breakdownCsvUrl(filters, request, lang)
  const fileName = csvFileName('kategori', filters.range.from, filters.range.to)
  return (
    <>
      <PageHeader title={t('categories.title')} lead={t('categories.lead')} />
      <FilterBar category={false} />
      {query.isError ? (
        <ErrorState error={query.error} what={t('categories.title').toLowerCase()} onRetry={() => void query.refetch()} />
      ) : (
        <div className="grid two">
          <Panel title={t('categories.chart')} busy={query.isFetching} actions={<DownloadCsv href={csvHref} fileName={fileName} />}>
            {query.isPending ? (
              <Skeleton height={300} />
            ) : bars.length === 0 ? (
              <EmptyState title={t('empty.noViews')} hint={t('empty.noViewsHint')} />
            ) : (
              <BarListChart data={bars} metricLabel={t('metric.views')} lang={lang} ariaLabel={t('categories.chart')} />
            )}
          </Panel>
          <Panel title={t('categories.table')} busy={query.isFetching}>
            <DataTable
              caption={t('categories.table')}
              captionHidden
              columns={columns}
              data={rows}
              getRowId={(r) => r.key}
              initialSorting={[{ id: 'views', desc: true }]}
              loading={query.isPending}
              empty={<EmptyState title={t('empty.noCategories')} hint={t('empty.noCategoriesHint')} />}
              actions={<DownloadCsv href={csvHref} fileName={fileName} />}
            />
          </Panel>
        </div>
      )}
    </>
  )
}

function toRows(rows: readonly BreakdownRow[]): CategoryRow[] {
  const total = rows.reduce((sum, r) => sum + (r.views ?? 0), 0)
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    unmapped: r.unmapped ?? false,
    views: r.views ?? 0,
    visitors: r.visitors ?? 0,
    articles: r.articles ?? 0,
    share: shareOf(r.views ?? 0, total),
    change: r.change?.views ?? null,
  }))
}
