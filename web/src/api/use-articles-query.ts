import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import type { Article, ArticleList, ArticleQuery } from '@jangkau/shared'
import { type ApiError, apiRequest } from './client.ts'
import { apiGet } from './keys.ts'

/** GET /api/articles: paged, sorted and filtered by the server. */
export const articlesOptions = (query: ArticleQuery) =>
  queryOptions<ArticleList, ApiError>({
    ...apiGet<ArticleList>('/api/articles', { ...query }),
    placeholderData: keepPreviousData,
  })

export function useArticlesQuery(query: ArticleQuery, options: { enabled?: boolean } = {}) {
  return useQuery({ ...articlesOptions(query), enabled: options.enabled ?? true })
}

/** Every article matching `query`, page by page (for "Unduh CSV" of a filtered list); at most `max`. */
export async function fetchAllArticles(query: ArticleQuery, max = 10_000): Promise<Article[]> {
  const all: Article[] = []
  for (let offset = 0; offset < max; offset += 500) {
    const page = await apiRequest<ArticleList>('/api/articles', { query: { ...query, limit: 500, offset } })
    all.push(...page.items)
    if (page.items.length < 500 || all.length >= page.total) break
  }
  return all.slice(0, max)
}
