import { queryOptions, useQuery } from '@tanstack/react-query'
import type { CategoryList } from '@jangkau/shared'
import type { ApiError } from './client.ts'
import { apiGet } from './keys.ts'

/** All categories (a short list: the filter bar and the admin page both use all of it). */
export const categoriesOptions = () =>
  queryOptions<CategoryList, ApiError>({
    ...apiGet<CategoryList>('/api/categories', { limit: 500 }),
    staleTime: 10 * 60_000,
  })

export function useCategoriesQuery() {
  return useQuery(categoriesOptions())
}
