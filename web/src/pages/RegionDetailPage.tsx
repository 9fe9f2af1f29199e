import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useParams } from 'react-router'
import type { Metric } from '@jangkau/shared'
import { useArticlesQuery } from '../api/use-articles-query.ts'
import { breakdownCsvUrl, useBreakdownQuery } from '../api/use-breakdown-query.ts'
import { useKimGroupsQuery } from '../api/use-kim-groups-query.ts'
import { BarListChart } from '../charts/lazy.tsx'
import { DownloadCsv } from '../components/DownloadCsv.tsx'
import { FilterBar } from '../components/FilterBar.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { Skeleton } from '../components/Skeleton.tsx'
import { EmptyState, ErrorState } from '../components/States.tsx'
import { SummaryCards } from '../components/SummaryCards.tsx'
import { useFilters } from '../components/use-filters.ts'
import { ViewsOverTime } from '../components/ViewsOverTime.tsx'
import { csvFileName } from '../data/csv.ts'
import { regencyByCode, regencyName } from '../data/regencies.ts'
import { useLang } from '../i18n/use-lang.ts'
import { articleColumns } from '../tables/article-columns.tsx'
import { DataTable, NO_ROWS } from '../tables/DataTable.tsx'
import { kimGroupColumns } from '../tables/kim-group-columns.tsx'
import NotFoundPage from './NotFoundPage.tsx'

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
  const articles = useArticlesQuery({ region: code, sort: 'views', order: 'desc', limit: 10 }, { enabled: !!regency })
  const groups = useKimGroupsQuery({ region: code, limit: 10 }, { enabled: !!regency })
  const articleCols = useMemo(() => articleColumns(t, lang).map((c) => ({ ...c, enableSorting: false })), [t, lang])
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
      <Panel title={t('regionDetail.articles')} busy={articles.isFetching}>
        {articles.isError ? (
          <ErrorState error={articles.error} what={t('regionDetail.articles').toLowerCase()} onRetry={() => void articles.refetch()} />
        ) : (
          <DataTable
            caption={t('regionDetail.articlesCaption', { name: regency.name })}
            captionHidden
            columns={articleCols}
            data={articles.data?.items ?? NO_ROWS}
            getRowId={(a) => String(a.id)}
            paged={false}
            loading={articles.isPending}
            empty={<EmptyState title={t('empty.noArticles')} hint={t('empty.noArticlesHint')} />}
            actions={
              <DownloadCsv
                build={() => ({
                  header: [
                    t('article.title'),
                    'URL',
                    t('article.category'),
                    t('article.author'),
                    t('article.published'),
                    t('article.views'),
                  ],
                  rows: (articles.data?.items ?? []).map((a) => [a.title, a.url, a.categoryName, a.author, a.publishedAt, a.views]),
                })}
                fileName={csvFileName('artikel', code)}
              />
            }
          />
        )}
        <p className="panel-footer-link">
          <Link to={{ pathname: '/artikel', search: `?wilayah=${code}&urut=views` }}>
            {t('regionDetail.allArticles', { name: regency.name })}
          </Link>
        </p>
      </Panel>
      <Panel title={t('regionDetail.kim')} busy={groups.isFetching}>
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
