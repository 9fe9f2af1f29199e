import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useParams } from 'react-router'
import type { Metric } from '@jangkau/shared'
import { formatVillagePercent } from '@jangkau/shared/vocab'
import { breakdownCsvUrl, useBreakdownQuery } from '../api/use-breakdown-query.ts'
import { useSummaryQuery } from '../api/use-summary-query.ts'
import { useKimGroupsQuery } from '../api/use-kim-groups-query.ts'
import { BarListChart } from '../charts/lazy.tsx'
import { DownloadCsv } from '../components/DownloadCsv.tsx'
import { FilterBar } from '../components/FilterBar.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { Skeleton } from '../components/Skeleton.tsx'
import { EmptyState, ErrorState } from '../components/States.tsx'
import { SummaryCards } from '../components/SummaryCards.tsx'
import { TopArticles } from '../components/TopArticles.tsx'
import { useFilters } from '../components/use-filters.ts'
import { ViewsOverTime } from '../components/ViewsOverTime.tsx'
import { csvFileName } from '../data/csv.ts'
import { formatDay } from '../data/format.ts'
import { regencyByCode, regencyName } from '../data/regencies.ts'
import { useLang } from '../i18n/use-lang.ts'
import { DataTable, NO_ROWS } from '../tables/DataTable.tsx'
import { kimGroupColumns } from '../tables/kim-group-columns.tsx'
import NotFoundPage from './NotFoundPage.tsx'

const COVERAGE_METRICS: Metric[] = ['coverage', 'active_coverage']

/** /wilayah/:code: one regency: its numbers, categories, most read articles and KIM groups. */
export default function RegionDetailPage() {
  const { t } = useTranslation()
  const lang = useLang()
  const { code = '' } = useParams()
  const location = useLocation()
  const [baseFilters] = useFilters()
  const regency = regencyByCode(code)
  const filters = useMemo(() => ({ ...baseFilters, regions: [code] }), [baseFilters, code])

  const categoryRequest = { metrics: ['views'] as Metric[], by: 'category' as const }
  const categories = useBreakdownQuery(filters, categoryRequest, { enabled: !!regency })
  const groups = useKimGroupsQuery({ region: code, limit: 10 }, { enabled: !!regency })
  const coverage = useSummaryQuery(filters, { metrics: COVERAGE_METRICS })
  const groupCols = useMemo(() => kimGroupColumns(t, lang, { showRegion: false }), [t, lang])

  if (!regency) return <NotFoundPage />
  const title = regencyName(code, true)
  const bars = (categories.data?.rows ?? []).map((r) => ({ key: r.key, label: r.label, value: r.views ?? 0 })).filter((r) => r.value > 0)

  return (
    <>
      <PageHeader
        title={title}
        lead={t('regionDetail.lead', { code })}
        crumbs={
          <>
            <Link to={{ pathname: '/wilayah', search: location.search }}>{t('nav.regions')}</Link> <span aria-hidden="true">›</span>{' '}
            <span aria-current="page">{regency.name}</span>
          </>
        }
      />
      <FilterBar region={false} />
      <SummaryCards filters={filters} />
      <div className="grid two">
        <ViewsOverTime filters={filters} />
        <Panel
          title={t('regionDetail.categories')}
          busy={categories.isFetching}
          actions={
            <DownloadCsv
              href={breakdownCsvUrl(filters, categoryRequest, lang)}
              fileName={csvFileName('kategori', code, filters.range.from, filters.range.to)}
            />
          }
        >
          {categories.isPending ? (
            <Skeleton height={240} />
          ) : categories.isError ? (
            <ErrorState
              error={categories.error}
              what={t('regionDetail.categories').toLowerCase()}
              onRetry={() => void categories.refetch()}
            />
          ) : bars.length === 0 ? (
            <EmptyState title={t('empty.noViews')} hint={t('empty.noViewsHint')} />
          ) : (
            <BarListChart
              data={bars}
              metricLabel={t('metric.views')}
              lang={lang}
              ariaLabel={t('regionDetail.categoriesLabel', { name: regency.name })}
            />
          )}
        </Panel>
      </div>
      <TopArticles
        filters={filters}
        title={t('regionDetail.articles')}
        fileName={`artikel-${code}`}
        more={{
          to: { pathname: '/artikel', search: `?wilayah=${code}&urut=views` },
          label: t('regionDetail.allArticles', { name: regency.name }),
        }}
      />
      {/* The registry is today's; the coverage line above it follows the period (its last day). */}
      <Panel title={t('regionDetail.kim')} subtitle={t('regionDetail.kimNote')} busy={groups.isFetching || coverage.isFetching}>
        {coverage.data ? (
          <p className="help-text" data-testid="region-coverage">
            {t('regionDetail.coverageAsOf', {
              day: formatDay(filters.range.to, lang),
              coverage: formatVillagePercent(coverage.data.coverage, lang),
              active: formatVillagePercent(coverage.data.active_coverage, lang),
            })}
          </p>
        ) : null}
        {groups.isError ? (
          <ErrorState error={groups.error} what={t('regionDetail.kim').toLowerCase()} onRetry={() => void groups.refetch()} />
        ) : (
          <DataTable
            caption={t('regionDetail.kimCaption', { name: regency.name, count: groups.data?.total ?? 0 })}
            columns={groupCols}
            data={groups.data?.items ?? NO_ROWS}
            getRowId={(g) => String(g.id)}
            paged={false}
            loading={groups.isPending}
            empty={<EmptyState title={t('empty.noKim')} hint={t('empty.noKimHint')} />}
            actions={
              <DownloadCsv
                build={() => ({
                  header: [
                    t('kim.group'),
                    t('kim.village'),
                    t('kim.district'),
                    t('kim.statusLabel'),
                    t('kim.members'),
                    t('kim.lastActivity'),
                  ],
                  rows: (groups.data?.items ?? []).map((g) => [
                    g.name,
                    g.villageName,
                    g.districtName,
                    g.status,
                    g.members,
                    g.lastActivityDate,
                  ]),
                })}
                fileName={csvFileName('kim', code)}
              />
            }
          />
        )}
        <p className="panel-footer-link">
          <Link to={{ pathname: '/kim', search: `?wilayah=${code}` }}>{t('regionDetail.allKim', { name: regency.name })}</Link>
        </p>
      </Panel>
    </>
  )
}
