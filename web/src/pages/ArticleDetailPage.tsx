import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { Article } from '@jangkau/shared'
import { Link, useLocation, useParams } from 'react-router'
import type { Metric } from '@jangkau/shared'
import { regencyOf } from '@jangkau/shared/vocab'
import { useArticleLabelQuery, useArticleQuery } from '../api/use-article-query.ts'
import { breakdownCsvUrl, useBreakdownQuery } from '../api/use-breakdown-query.ts'
import { BarListChart } from '../charts/lazy.tsx'
import { DownloadCsv } from '../components/DownloadCsv.tsx'
import { FilterBar } from '../components/FilterBar.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { Skeleton } from '../components/Skeleton.tsx'
import { EmptyState, ErrorState } from '../components/States.tsx'
import { useFilters } from '../components/use-filters.ts'
import { ViewsOverTime } from '../components/ViewsOverTime.tsx'
import { csvFileName } from '../data/csv.ts'
import { formatDateTime, formatNumber } from '../data/format.ts'
import { useLang } from '../i18n/use-lang.ts'
import NotFoundPage from './NotFoundPage.tsx'

/** /artikel/:id: one article: its public counter, views over time and where readers came from. */
export default function ArticleDetailPage() {
  const { t } = useTranslation()
  const lang = useLang()
  const { id: idParam = '' } = useParams()
  const id = /^\d{1,10}$/.test(idParam) ? Number(idParam) : null
  const [baseFilters] = useFilters()
  // An article's numbers are the article's, whatever regency or category the bar had chosen.
  const filters = useMemo(() => ({ ...baseFilters, regions: [], category: null, site: null }), [baseFilters])
  const initial = (useLocation().state as { article?: Article } | null)?.article
  const article = useArticleQuery(id, initial)
  // Without the catalogue answer (a 404) the page still shows what the stats know, by title.
  const missing = article.isError && article.error.status === 404
  const label = useArticleLabelQuery(id, missing)
  const referrerRequest = { metrics: ['views'] as Metric[], by: 'referrer' as const, article: id ?? undefined, limit: 20 }
  const referrers = useBreakdownQuery(filters, referrerRequest, { enabled: id !== null })

  if (id === null || (missing && (label.isError || (label.isSuccess && label.data === null)))) return <NotFoundPage />
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
  const bars = (referrers.data?.rows ?? [])
    .map((r) => ({ key: r.key, label: r.label || t('article.direct'), value: r.views ?? 0 }))
    .filter((r) => r.value > 0)

  return (
    <>
      <PageHeader
        title={title}
        crumbs={
          <>
            <Link to="/artikel">{t('nav.articles')}</Link> <span aria-hidden="true">›</span>{' '}
            <span aria-current="page">{t('article.one')}</span>
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
        <Panel
          title={t('article.referrers')}
          subtitle={t('article.referrersHint')}
          busy={referrers.isFetching}
          actions={
            <DownloadCsv
              href={breakdownCsvUrl(filters, referrerRequest, lang)}
              fileName={csvFileName('perujuk', String(id), filters.range.from, filters.range.to)}
            />
          }
        >
          {referrers.isPending ? (
            <Skeleton height={240} />
          ) : referrers.isError ? (
            <ErrorState error={referrers.error} what={t('article.referrers').toLowerCase()} onRetry={() => void referrers.refetch()} />
          ) : bars.length === 0 ? (
            <EmptyState title={t('empty.noViews')} hint={t('empty.noViewsPeriodHint')} />
          ) : (
            <BarListChart data={bars} metricLabel={t('metric.views')} lang={lang} ariaLabel={t('article.referrers')} />
          )}
        </Panel>
      </div>
    </>
  )
}
