import { useQuery } from '@tanstack/react-query'
import type { CategoryList } from '@jangkau/shared'
import { type ApiError, apiRequest } from './client.ts'

export const categoriesKey = ['categories'] as const

/** All categories (a short list: the filter bar and the admin page both use all of it). */
export function useCategoriesQuery() {
  return useQuery<CategoryList, ApiError>({
    queryKey: categoriesKey,
    queryFn: ({ signal }) => apiRequest<CategoryList>('/api/categories', { query: { limit: 500 }, signal }),
    staleTime: 10 * 60_000,
  })
}
