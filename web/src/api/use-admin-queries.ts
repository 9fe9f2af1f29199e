import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
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
import { categoriesKey } from './use-categories-query.ts'
import { sitesKey } from './use-sites-query.ts'

// The admin pages: one query per list endpoint, one mutation per write. Each write refreshes the
// list it changed and the audit log (every write is audited).

const usersKey = ['users'] as const
const tokensKey = ['tokens'] as const
const auditKey = ['audit'] as const

/** GET /api/users. */
export function useUsersQuery() {
  return useQuery<UserList, ApiError>({
    queryKey: usersKey,
    queryFn: ({ signal }) => apiRequest<UserList>('/api/users', { query: { limit: 500 }, signal }),
  })
}

/** GET /api/tokens (never with secrets). */
export function useTokensQuery() {
  return useQuery<TokenList, ApiError>({
    queryKey: tokensKey,
    queryFn: ({ signal }) => apiRequest<TokenList>('/api/tokens', { query: { limit: 500 }, signal }),
  })
}

/** GET /api/audit, newest first, paged. */
export function useAuditQuery(query: AuditQuery) {
  return useQuery<AuditList, ApiError>({
    queryKey: [...auditKey, query],
    queryFn: ({ signal }) => apiRequest<AuditList>('/api/audit', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
  })
}

function useWrite<TAnswer, TVars>(fn: (vars: TVars) => Promise<TAnswer>, key: readonly string[]) {
  const client = useQueryClient()
  return useMutation<TAnswer, ApiError, TVars>({
    mutationFn: fn,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: key })
      void client.invalidateQueries({ queryKey: auditKey })
    },
  })
}

export function useSaveUserMutation() {
  return useWrite<User, { id: number | null; body: CreateUserBody | UpdateUserBody }>(
    ({ id, body }) => (id === null ? apiRequest('/api/users', { method: 'POST', body }) : apiRequest(`/api/users/${id}`, { method: 'PATCH', body })),
    usersKey,
  )
}

/** POST /api/users/:id/unlock: forgets the user's failed logins from every address. */
export function useUnlockUserMutation() {
  return useWrite<UnlockAnswer, number>((id) => apiRequest(`/api/users/${id}/unlock`, { method: 'POST' }), usersKey)
}

/** POST /api/tokens: the answer holds the secret, the only time it is ever shown. */
export function useCreateTokenMutation() {
  return useWrite<CreatedToken, CreateTokenBody>((body) => apiRequest('/api/tokens', { method: 'POST', body }), tokensKey)
}

export function useRevokeTokenMutation() {
  return useWrite<unknown, number>((id) => apiRequest(`/api/tokens/${id}`, { method: 'DELETE' }), tokensKey)
}

export function useSaveSiteMutation() {
  return useWrite<Site, { id: number | null; body: CreateSiteBody | UpdateSiteBody }>(
    ({ id, body }) => (id === null ? apiRequest('/api/sites', { method: 'POST', body }) : apiRequest(`/api/sites/${id}`, { method: 'PATCH', body })),
    sitesKey,
  )
}

/** POST /api/sites/:id/sync: "Sinkronkan sekarang"; the answer is the site with the sync's outcome (also a failed one). */
export function useSyncSiteFeedMutation() {
  return useWrite<Site, number>((id) => apiRequest(`/api/sites/${id}/sync`, { method: 'POST' }), sitesKey)
}

/** PATCH /api/articles/:id: an admin confirms or corrects an article's title (audited). */
export function useArticleTextMutation() {
  return useWrite<Article, { id: number; body: ArticleTextBody }>(({ id, body }) => apiRequest(`/api/articles/${id}`, { method: 'PATCH', body }), ['articles'])
}

export function useSaveCategoryMutation() {
  return useWrite<Category, { id: number | null; body: CreateCategoryBody | UpdateCategoryBody }>(
    ({ id, body }) =>
      id === null ? apiRequest('/api/categories', { method: 'POST', body }) : apiRequest(`/api/categories/${id}`, { method: 'PATCH', body }),
    categoriesKey,
  )
}

export function useDeleteCategoryMutation() {
  return useWrite<unknown, number>((id) => apiRequest(`/api/categories/${id}`, { method: 'DELETE' }), categoriesKey)
}

/** GET /api/categories/unmapped: names portals sent that wait for an admin (under the categories key, so every category write refreshes it). */
export function useUnmappedCategoriesQuery() {
  return useQuery<UnmappedCategoryList, ApiError>({
    queryKey: [...categoriesKey, 'unmapped'],
    queryFn: ({ signal }) => apiRequest<UnmappedCategoryList>('/api/categories/unmapped', { query: { limit: 500 }, signal }),
  })
}

/** POST /api/categories/:id/adopt. */
export function useAdoptCategoryMutation() {
  return useWrite<Category, { id: number; body: AdoptCategoryBody }>(({ id, body }) => apiRequest(`/api/categories/${id}/adopt`, { method: 'POST', body }), categoriesKey)
}

/** POST /api/categories/:id/map: the answer says how many articles and views moved. */
export function useMapCategoryMutation() {
  return useWrite<MapCategoryAnswer, { id: number; targetId: number }>(
    ({ id, targetId }) => apiRequest(`/api/categories/${id}/map`, { method: 'POST', body: { targetId } }),
    categoriesKey,
  )
}
