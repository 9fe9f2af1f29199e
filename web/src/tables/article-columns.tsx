import { createColumnHelper } from '@tanstack/react-table'
import type { Article } from '@jangkau/shared'
import type { TFunction } from 'i18next'
import { Link } from 'react-router'
import { formatDateTime, formatNumber, type Lang } from '../data/format.ts'

const col = createColumnHelper<Article>()

/** The columns the articles API can sort by (its `sort` values), by column id. */
export const ARTICLE_SORTS = { publishedAt: 'published', views: 'views' } as const

/** Columns of the article catalogue. Only published date and views sort (server-side). */
export function articleColumns(t: TFunction, lang: Lang) {
  return [
    col.accessor('title', {
      header: t('article.title'),
      enableSorting: false,
      cell: (c) => (
        <span className="title-cell">
          <Link to={`/artikel/${c.row.original.id}`} state={{ article: c.row.original }} className="strong-link">
            {c.getValue() || t('article.untitled')}
          </Link>
          <span className="muted small url">{c.row.original.url}</span>
          {c.getValue() && c.row.original.titleSource === 'view' ? (
            <span className="badge" title={t('verification.unverifiedHint')}>
              {t('verification.unverified')}
            </span>
          ) : null}
        </span>
      ),
    }),
    col.accessor('categoryName', { header: t('article.category'), enableSorting: false, cell: (c) => c.getValue() ?? '–' }),
    col.accessor('regionName', { header: t('article.region'), enableSorting: false, cell: (c) => c.getValue() ?? '–' }),
    col.accessor('author', { header: t('article.author'), enableSorting: false, cell: (c) => c.getValue() ?? '–' }),
    col.accessor('publishedAt', {
      id: 'publishedAt',
      header: t('article.published'),
      sortDescFirst: true,
      meta: { className: 'nowrap' },
      cell: (c) => {
        const v = c.getValue()
        return v ? formatDateTime(v, lang) : '–'
      },
    }),
    col.accessor('views', {
      id: 'views',
      header: t('article.views'),
      sortDescFirst: true,
      cell: (c) => formatNumber(c.getValue(), lang),
      meta: { align: 'right' },
    }),
  ]
}
