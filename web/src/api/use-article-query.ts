import { queryOptions, useQuery } from '@tanstack/react-query'
import type { Article, BreakdownAnswer } from '@jangkau/shared'
import { MAX_RANGE_DAYS } from '@jangkau/shared/vocab'
import { addDays, dayIn } from '../data/dates.ts'
import { type ApiError, apiRequest } from './client.ts'
import { apiGet, apiKey } from './keys.ts'

/** GET /api/articles/:id: one article of the catalogue. */
export const articleOptions = (id: number | null) =>
  queryOptions<Article, ApiError>({
    ...apiGet<Article>(`/api/articles/${id}`),
    enabled: id !== null,
  })

/**
 * The article's title as the stats know it (breakdown by article over the longest range the API
 * answers), for when the catalogue answer is missing. Null when the stats have never seen the
 * article: a filtered breakdown lists the asked id even without views, so a row needs views.
 */
export const articleLabelOptions = (id: number | null) =>
  queryOptions<string | null, ApiError>({
    queryKey: apiKey(`/api/articles/${id}`, 'label'),
    queryFn: async ({ signal }) => {
      const to = dayIn(new Date())
      const answer = await apiRequest<BreakdownAnswer>('/api/stats/breakdown', {
        query: { metrics: 'views', by: 'article', article: id, from: addDays(to, -(MAX_RANGE_DAYS - 1)), to },
        signal,
      })
      return answer.rows.find((r) => r.key === String(id) && (r.views ?? 0) > 0)?.label ?? null
    },
    enabled: id !== null,
  })

/**
 * One article. Links from the article list pass the row they show (router state), so the page
 * appears at once and the request only refreshes it.
 */
export function useArticleQuery(id: number | null, initial?: Article) {
  return useQuery({
    ...articleOptions(id),
    initialData: initial && initial.id === id ? initial : undefined,
    initialDataUpdatedAt: 0,
  })
}

/** The stats' title of the article, asked only when `enabled` (the catalogue had none). */
export function useArticleLabelQuery(id: number | null, enabled: boolean) {
  return useQuery({ ...articleLabelOptions(id), enabled: enabled && id !== null })
}
