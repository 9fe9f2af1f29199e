import { createColumnHelper, type SortingState } from '@tanstack/react-table'
import type { Article, ArticleQuery } from '@jangkau/shared'
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { useArticleTextMutation } from '../api/use-admin-queries.ts'
import { fetchAllArticles, useArticlesQuery } from '../api/use-articles-query.ts'
import { useMeQuery } from '../api/use-me-query.ts'
import { DownloadCsv } from '../components/DownloadCsv.tsx'
import { FilterBar } from '../components/FilterBar.tsx'
import { PageHeader } from '../components/PageHeader.tsx'
import { Panel } from '../components/Panel.tsx'
import { EmptyState, ErrorState, useErrorText } from '../components/States.tsx'
import { useFilters } from '../components/use-filters.ts'
import { csvFileName } from '../data/csv.ts'
import { isAdmin } from '../data/roles.ts'
import { useLang } from '../i18n/use-lang.ts'
import { ARTICLE_SORTS, articleColumns } from '../tables/article-columns.tsx'
import { DataTable, NO_ROWS, PAGE_SIZES } from '../tables/DataTable.tsx'

/** URL params of this page: search, author, sort, order, page (1-based) and rows per page. */
const P = {
  q: 'cari',
  author: 'penulis',
  sort: 'urut',
  order: 'arah',
  page: 'halaman',
  size: 'per',
  unverified: 'belum-dikonfirmasi',
} as const

const col = createColumnHelper<Article>()

/** /artikel: the article catalogue, paged, sorted and searched by the server; the view lives in the URL. */
export default function ArticlesPage() {
  const { t } = useTranslation()
  const lang = useLang()
  const [filters] = useFilters()
  const [params, setParams] = useSearchParams()
  const sort = params.get(P.sort) === 'views' ? 'views' : 'published'
  const order = params.get(P.order) === 'asc' ? 'asc' : 'desc'
  const size = PAGE_SIZES.includes(Number(params.get(P.size)) as 25) ? Number(params.get(P.size)) : 25
  const page = Math.max(1, Math.floor(Number(params.get(P.page)) || 1))
  const q = params.get(P.q) ?? ''
  const author = params.get(P.author) ?? ''
  const admin = isAdmin(useMeQuery().data?.user)
  // Admins: only the titles that came with page views and wait for confirmation.
  const unverified = admin && params.get(P.unverified) === '1'
  const [editing, setEditing] = useState<Article | null>(null)

  const apiQuery: ArticleQuery = {
    // The article list takes one regency; with several chosen it lists the province.
    region: filters.regions.length === 1 ? filters.regions[0] : undefined,
    category: filters.category ?? undefined,
    site: filters.site ?? undefined,
    q: q || undefined,
    author: author || undefined,
    unverified: unverified || undefined,
    sort,
    order,
    limit: size,
    offset: (page - 1) * size,
  }
  const query = useArticlesQuery(apiQuery)
  const columns = useMemo(
    () => (admin ? [...articleColumns(t, lang), titleActions(t, setEditing)] : articleColumns(t, lang)),
    [admin, t, lang],
  )

  const update = (patch: Record<string, string | null>) =>
    setParams((current) => {
      const next = new URLSearchParams(current)
      for (const [k, v] of Object.entries(patch)) {
        if (v === null || v === '') next.delete(k)
        else next.set(k, v)
      }
      return next
    })

  const sorting: SortingState = [{ id: sort === 'views' ? 'views' : 'publishedAt', desc: order === 'desc' }]
  const onSortingChange = (next: SortingState) => {
    const first = next[0]
    if (!first) return
    const apiSort = ARTICLE_SORTS[first.id as keyof typeof ARTICLE_SORTS]
    update({ [P.sort]: apiSort === 'published' ? null : apiSort, [P.order]: first.desc ? null : 'asc', [P.page]: null })
  }

  // The whole filtered list (fetched page by page), not just the page on screen.
  const csv = async () => {
    const items = await fetchAllArticles({ ...apiQuery, limit: undefined, offset: undefined })
    return {
      header: [
        'id',
        t('article.title'),
        'URL',
        t('article.site'),
        t('article.category'),
        t('article.region'),
        t('article.author'),
        t('article.published'),
        t('article.views'),
      ],
      rows: items.map((a) => [a.id, a.title, a.url, a.siteHostname, a.categoryName, a.regionName, a.author, a.publishedAt, a.views]),
    }
  }

  return (
    <>
      <PageHeader title={t('articles.title')} lead={t('articles.lead')} />
      <FilterBar period={false} />
      <SearchForm q={q} author={author} onSubmit={(nq, na) => update({ [P.q]: nq, [P.author]: na, [P.page]: null })} />
      {admin ? (
        <label className="field inline">
          <input
            type="checkbox"
            checked={unverified}
            onChange={(e) => update({ [P.unverified]: e.target.checked ? '1' : null, [P.page]: null })}
          />{' '}
          {t('verification.onlyUnverified')}
        </label>
      ) : null}
      {filters.regions.length > 1 ? <p className="notice">{t('articles.oneRegionOnly')}</p> : null}
      {editing ? <TitleForm key={editing.id} article={editing} onDone={() => setEditing(null)} /> : null}
      <Panel title={t('articles.table')} busy={query.isFetching}>
        {query.isError ? (
          <ErrorState error={query.error} what={t('articles.table').toLowerCase()} onRetry={() => void query.refetch()} />
        ) : (
          <DataTable
            caption={t('articles.caption', { count: query.data?.total ?? 0 })}
            columns={columns}
            data={query.data?.items ?? NO_ROWS}
            getRowId={(a) => String(a.id)}
            manual
            rowCount={query.data?.total ?? 0}
            sorting={sorting}
            onSortingChange={onSortingChange}
            pagination={{ pageIndex: page - 1, pageSize: size }}
            onPaginationChange={(p) =>
              update({
                [P.page]: p.pageIndex === 0 ? null : String(p.pageIndex + 1),
                [P.size]: p.pageSize === 25 ? null : String(p.pageSize),
              })
            }
            loading={query.isPending}
            empty={
              <EmptyState
                title={q || author ? t('empty.noMatch') : t('empty.noArticles')}
                hint={q || author ? t('empty.noMatchHint') : t('empty.noArticlesHint')}
              />
            }
            actions={<DownloadCsv build={csv} fileName={csvFileName('artikel')} />}
          />
        )}
      </Panel>
    </>
  )
}

function SearchForm({ q, author, onSubmit }: { q: string; author: string; onSubmit: (q: string, author: string) => void }) {
  const { t } = useTranslation()
  const [text, setText] = useState(q)
  const [who, setWho] = useState(author)
  const ids = { q: useId(), author: useId() }
  useEffect(() => setText(q), [q])
  useEffect(() => setWho(author), [author])
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSubmit(text.trim(), who.trim())
  }
  return (
    /* biome-ignore lint/a11y/useSemanticElements: role="search" on the form itself is the ARIA search-landmark pattern;
       a <search> wrapper would add a layout box for the same semantics */
    <form className="search-form" role="search" aria-label={t('articles.search')} onSubmit={submit}>
      <span className="field inline">
        <label htmlFor={ids.q}>{t('articles.searchLabel')}</label>
        <input
          id={ids.q}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={200}
          placeholder={t('articles.searchPlaceholder')}
        />
      </span>
      <span className="field inline">
        <label htmlFor={ids.author}>{t('article.author')}</label>
        <input id={ids.author} type="text" value={who} onChange={(e) => setWho(e.target.value)} maxLength={200} />
      </span>
      <button type="submit" className="button small">
        {t('action.search')}
      </button>
    </form>
  )
}

/** Admins: confirm the title as it is, or open the form to correct it. */
function titleActions(t: ReturnType<typeof useTranslation>['t'], edit: (a: Article) => void) {
  return col.display({
    id: 'titleActions',
    header: () => <span className="visually-hidden">{t('admin.actions')}</span>,
    cell: (c) => <TitleActions article={c.row.original} onEdit={() => edit(c.row.original)} />,
  })
}

function TitleActions({ article, onEdit }: { article: Article; onEdit: () => void }) {
  const { t } = useTranslation()
  const save = useArticleTextMutation()
  return (
    <span className="row-actions">
      {article.title && article.titleSource === 'view' ? (
        <button
          type="button"
          className="button ghost small"
          disabled={save.isPending}
          onClick={() => save.mutate({ id: article.id, body: { title: article.title } })}
          aria-label={t('verification.confirmNamed', { title: article.title })}
        >
          {t('verification.confirm')}
        </button>
      ) : null}
      <button
        type="button"
        className="button ghost small"
        onClick={onEdit}
        aria-label={t('verification.editTitleNamed', { url: article.url })}
      >
        {t('verification.editTitle')}
      </button>
    </span>
  )
}

function TitleForm({ article, onDone }: { article: Article; onDone: () => void }) {
  const { t } = useTranslation()
  const save = useArticleTextMutation()
  const errorText = useErrorText()
  const [title, setTitle] = useState(article.title ?? '')
  const id = useId()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!title.trim()) return
    save.mutate({ id: article.id, body: { title: title.trim() } }, { onSuccess: onDone })
  }
  return (
    <Panel title={t('verification.editTitleNamed', { url: article.url })} className="form-panel">
      <form onSubmit={submit}>
        {save.isError ? (
          <p className="notice error" role="alert">
            {t('verification.saveFailed')} {errorText(save.error)}
          </p>
        ) : null}
        <span className="field">
          <label htmlFor={id}>{t('verification.titleLabel')}</label>
          <input id={id} type="text" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} required />
        </span>
        <p className="muted small">{t(`verification.source.${article.titleSource}`)}</p>
        <div className="row-actions">
          <button type="submit" className="button small" disabled={save.isPending}>
            {t('verification.save')}
          </button>
          <button type="button" className="button ghost small" onClick={onDone}>
            {t('verification.cancel')}
          </button>
        </div>
      </form>
    </Panel>
  )
}
