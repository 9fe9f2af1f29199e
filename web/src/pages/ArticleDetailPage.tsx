import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Article, BreakdownRow, Dimension } from '@jangkau/shared'
import { Link, useLocation, useParams } from 'react-router'
import type { Metric } from '@jangkau/shared'
import { regencyOf } from '@jangkau/shared/vocab'
import { localMessage } from '../api/client.ts'
import { useArticleLabelQuery, useArticleQuery } from '../api/use-article-query.ts'
import { breakdownCsvUrl, useBreakdownQuery } from '../api/use-breakdown-query.ts'
import { BarListChart } from '../charts/lazy.tsx'
import { DownloadCsv } from '../components/DownloadCsv.tsx'
import { FilterBar } from '../components/FilterBar.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { Skeleton } from '../components/Skeleton.tsx'
import { EmptyState, ErrorState } from '../components/States.tsx'
import { type FilterScope, FilterScopeProvider, useFilters } from '../components/use-filters.ts'
import { ViewsOverTime } from '../components/ViewsOverTime.tsx'
import { csvFileName } from '../data/csv.ts'
import type { Filters } from '../data/filters.ts'
import { formatDateTime, formatNumber } from '../data/format.ts'
import { useLang } from '../i18n/use-lang.ts'
import NotFoundPage from './NotFoundPage.tsx'

/** The largest id the API takes (a Postgres integer): a longer one cannot name an article. */
const MAX_ID = 2_147_483_647

/**
 * /artikel/:id: one article: its public counter, views over time and where readers came from, on
 * what devices and in which browsers. The page opens on the article's whole life ("seluruh waktu":
 * since its publication day, or its first view), so a long-lived article is charted by month.
 */
export default function ArticleDetailPage() {
  const { id: idParam = '' } = useParams()
  const id = /^\d{1,10}$/.test(idParam) && Number(idParam) <= MAX_ID ? Number(idParam) : null
  const scope = useMemo<FilterScope>(() => ({ article: id ?? undefined, defaultPreset: 'seluruh-waktu' }), [id])
  return (
    <FilterScopeProvider value={scope}>
      <ArticleDetail id={id} />
    </FilterScopeProvider>
  )
}

function ArticleDetail({ id }: { id: number | null }) {
  const { t } = useTranslation()
  const lang = useLang()
  const initial = (useLocation().state as { article?: Article } | null)?.article
  // Asked first, so the catalogue answer is on its way while the period's first day is fetched.
  const article = useArticleQuery(id, initial)
  const [baseFilters] = useFilters()
  // An article's numbers are the article's, whatever regency or category the bar had chosen.
  const filters = useMemo(() => ({ ...baseFilters, regions: [], category: null, site: null }), [baseFilters])
  // Without the catalogue answer (a 404) the page still shows what the stats know, by title.
  const missing = article.isError && article.error.status === 404
  const label = useArticleLabelQuery(id, missing)

  const notFound = { title: t('article.notFoundTitle'), back: { to: '/artikel', label: t('article.notFoundBack') } }
  if (id === null) return <NotFoundPage {...notFound} />
  if (missing && (label.isError || (label.isSuccess && label.data === null))) {
    return <NotFoundPage {...notFound} text={localMessage(article.error.message, lang)} />
  }
  if (article.isPending || (missing && label.isPending)) {
    return (
      <div className="page-loading">
        <Skeleton height={32} width="60%" />
        <Skeleton height={120} lines={3} />
      </div>
    )
  }
  if (article.isError && !missing)
    return <ErrorState error={article.error} what={t('article.one')} onRetry={() => void article.refetch()} />
  const a: Article | null = article.data ?? null
  const title = a?.title ?? label.data ?? t('article.untitled')
  const deviceName = (r: BreakdownRow) => t(`article.deviceNames.${r.key}`, { defaultValue: r.label })

  return (
    <>
      <PageHeader
        title={title}
        crumbs={
          <>
            <Link to="/artikel">{t('nav.articles')}</Link> <span aria-hidden="true">›</span> <span aria-current="page">{title}</span>
          </>
        }
        lead={
          a ? (
            <a href={a.url} target="_blank" rel="noopener noreferrer" className="url">
              {a.url}
              <span className="visually-hidden"> ({t('action.opensNewTab')})</span>
            </a>
          ) : undefined
        }
      />
      {a ? (
        <div className="grid article-head">
          <article className="stat-card counter" aria-labelledby="counter-label">
            <h2 id="counter-label" className="stat-label">
              {t('article.counter')}
            </h2>
            <p className="stat-value">{formatNumber(a.counterViews, lang)}</p>
            <p className="stat-hint">{t('article.counterHint', { n: formatNumber(a.counterViews, lang) })}</p>
            {a.counterViews > a.views ? (
              <p className="stat-hint">
                {t('history.counterNote', {
                  counter: formatNumber(a.counterViews, lang),
                  base: formatNumber(a.counterViews - a.views, lang),
                  views: formatNumber(a.views, lang),
                })}
              </p>
            ) : null}
          </article>
          <dl className="facts">
            <div>
              <dt>{t('article.site')}</dt>
              <dd>{a.siteName}</dd>
            </div>
            <div>
              <dt>{t('article.category')}</dt>
              <dd>{a.categoryName ?? '–'}</dd>
            </div>
            <div>
              <dt>{t('article.region')}</dt>
              <dd>
                {a.regionCode ? (
                  <Link to={`/wilayah/${regencyOf(a.regionCode) ?? a.regionCode}`}>{a.regionName ?? a.regionCode}</Link>
                ) : (
                  '–'
                )}
              </dd>
            </div>
            <div>
              <dt>{t('article.author')}</dt>
              <dd>{a.author ?? '–'}</dd>
            </div>
            <div>
              <dt>{t('article.published')}</dt>
              <dd>{a.publishedAt ? formatDateTime(a.publishedAt, lang) : '–'}</dd>
            </div>
          </dl>
        </div>
      ) : (
        <p className="notice">{t('article.catalogMissing')}</p>
      )}
      <FilterBar region={false} category={false} site={false} />
      <div className="grid two">
        <ViewsOverTime filters={filters} article={id} title={t('article.trend')} />
        <FacetPanel
          filters={filters}
          article={id}
          by="referrer"
          title={t('article.referrers')}
          hint={t('article.referrersHint')}
          csv="perujuk"
          label={(r) => r.label || t('article.direct')}
        />
      </div>
      <div className="grid two">
        <FacetPanel
          filters={filters}
          article={id}
          by="device"
          title={t('article.devices')}
          hint={t('article.devicesHint')}
          csv="perangkat"
          label={deviceName}
        />
        <FacetPanel
          filters={filters}
          article={id}
          by="browser"
          title={t('article.browsers')}
          hint={t('article.browsersHint')}
          csv="peramban"
          label={(r) => r.label}
        />
      </div>
    </>
  )
}

/** Views of the article by one facet of its readers (referrer, device, browser) as bars, with its CSV. */
function FacetPanel({
  filters,
  article,
  by,
  title,
  hint,
  csv,
  label,
}: {
  filters: Filters
  article: number
  by: Extract<Dimension, 'referrer' | 'device' | 'browser'>
  title: string
  hint: string
  csv: string
  label: (row: BreakdownRow) => string
}) {
  const { t } = useTranslation()
  const lang = useLang()
  const request = { metrics: ['views'] as Metric[], by, article, limit: 20 }
  const query = useBreakdownQuery(filters, request)
  const bars = (query.data?.rows ?? []).map((r) => ({ key: r.key, label: label(r), value: r.views ?? 0 })).filter((r) => r.value > 0)
  return (
    <Panel
      title={title}
      subtitle={hint}
      busy={query.isFetching}
      actions={
        <DownloadCsv
          href={breakdownCsvUrl(filters, request, lang)}
          fileName={csvFileName(csv, String(article), filters.range.from, filters.range.to)}
        />
      }
    >
      {query.isPending ? (
        <Skeleton height={240} />
      ) : query.isError ? (
        <ErrorState error={query.error} what={title.toLowerCase()} onRetry={() => void query.refetch()} />
      ) : bars.length === 0 ? (
        <EmptyState title={t('empty.noViews')} hint={t('empty.noViewsPeriodHint')} />
      ) : (
        <BarListChart data={bars} metricLabel={t('metric.views')} lang={lang} ariaLabel={title} />
      )}
    </Panel>
  )
}
