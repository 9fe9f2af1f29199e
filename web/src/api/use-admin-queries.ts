import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import type {
  AuditList,
  AuditQuery,
  AdoptCategoryBody,
  Category,
  Article,
  ArticleTextBody,
  CreateCategoryBody,
  CreatedToken,
  CreateSiteBody,
  CreateTokenBody,
  CreateUserBody,
  Site,
  TokenList,
  UnlockAnswer,
  MapCategoryAnswer,
  UnmappedCategoryList,
  UpdateCategoryBody,
  UpdateSiteBody,
  UpdateUserBody,
  User,
  UserList,
} from '@jangkau/shared'
import { type ApiError, apiRequest } from './client.ts'
import { apiGet, useWriteMutation } from './keys.ts'

// The admin pages: one query per list endpoint, one mutation per write. What each write refreshes
// (the list it changed and the audit log) is said in keys.ts.

/** GET /api/users. */
export const usersOptions = () =>
  queryOptions<UserList, ApiError>({
    ...apiGet<UserList>('/api/users', { limit: 500 }),
  })

/** GET /api/tokens (never with secrets). */
export const tokensOptions = () =>
  queryOptions<TokenList, ApiError>({
    ...apiGet<TokenList>('/api/tokens', { limit: 500 }),
  })

/** GET /api/audit, newest first, paged. */
export const auditOptions = (query: AuditQuery) =>
  queryOptions<AuditList, ApiError>({
    ...apiGet<AuditList>('/api/audit', { ...query }),
    placeholderData: keepPreviousData,
  })

/**
 * GET /api/categories/unmapped: names portals sent that wait for an admin (under the categories resource, so every
 * category write refreshes it).
 */
export const unmappedCategoriesOptions = () =>
  queryOptions<UnmappedCategoryList, ApiError>({
    ...apiGet<UnmappedCategoryList>('/api/categories/unmapped', { limit: 500 }),
  })

export function useUsersQuery() {
  return useQuery(usersOptions())
}

export function useTokensQuery() {
  return useQuery(tokensOptions())
}

export function useAuditQuery(query: AuditQuery) {
  return useQuery(auditOptions(query))
}

export function useSaveUserMutation() {
  return useWriteMutation<User, { id: number | null; body: CreateUserBody | UpdateUserBody }>('user', ({ id, body }) =>
    id === null ? apiRequest('/api/users', { method: 'POST', body }) : apiRequest(`/api/users/${id}`, { method: 'PATCH', body }),
  )
}

/** POST /api/users/:id/unlock: forgets the user's failed logins from every address. */
export function useUnlockUserMutation() {
  return useWriteMutation<UnlockAnswer, number>('user', (id) => apiRequest(`/api/users/${id}/unlock`, { method: 'POST' }))
}

/** POST /api/tokens: the answer holds the secret, the only time it is ever shown. */
export function useCreateTokenMutation() {
  return useWriteMutation<CreatedToken, CreateTokenBody>('token', (body) => apiRequest('/api/tokens', { method: 'POST', body }))
}

export function useRevokeTokenMutation() {
  return useWriteMutation<unknown, number>('token', (id) => apiRequest(`/api/tokens/${id}`, { method: 'DELETE' }))
}

export function useSaveSiteMutation() {
  return useWriteMutation<Site, { id: number | null; body: CreateSiteBody | UpdateSiteBody }>('site', ({ id, body }) =>
    id === null ? apiRequest('/api/sites', { method: 'POST', body }) : apiRequest(`/api/sites/${id}`, { method: 'PATCH', body }),
  )
}

/** POST /api/sites/:id/sync: "Sinkronkan sekarang"; the answer is the site with the sync's outcome (also a failed one). */
export function useSyncSiteFeedMutation() {
  return useWriteMutation<Site, number>('site', (id) => apiRequest(`/api/sites/${id}/sync`, { method: 'POST' }))
}

/** PATCH /api/articles/:id: an admin confirms or corrects an article's title (audited). */
export function useArticleTextMutation() {
  return useWriteMutation<Article, { id: number; body: ArticleTextBody }>('articleText', ({ id, body }) =>
    apiRequest(`/api/articles/${id}`, { method: 'PATCH', body }),
  )
}

export function useSaveCategoryMutation() {
  return useWriteMutation<Category, { id: number | null; body: CreateCategoryBody | UpdateCategoryBody }>('category', ({ id, body }) =>
    id === null ? apiRequest('/api/categories', { method: 'POST', body }) : apiRequest(`/api/categories/${id}`, { method: 'PATCH', body }),
  )
}

export function useDeleteCategoryMutation() {
  return useWriteMutation<unknown, number>('category', (id) => apiRequest(`/api/categories/${id}`, { method: 'DELETE' }))
}

export function useUnmappedCategoriesQuery() {
  return useQuery(unmappedCategoriesOptions())
}

/** POST /api/categories/:id/adopt. */
export function useAdoptCategoryMutation() {
  return useWriteMutation<Category, { id: number; body: AdoptCategoryBody }>('category', ({ id, body }) =>
    apiRequest(`/api/categories/${id}/adopt`, { method: 'POST', body }),
  )
}

/** POST /api/categories/:id/map: the answer says how many articles and views moved. */
export function useMapCategoryMutation() {
  return useWriteMutation<MapCategoryAnswer, { id: number; targetId: number }>('category', ({ id, targetId }) =>
    apiRequest(`/api/categories/${id}/map`, { method: 'POST', body: { targetId } }),
  )
}
