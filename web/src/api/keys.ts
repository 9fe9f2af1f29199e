import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query'
import { type ApiError, apiRequest, type Query } from './client.ts'

/*
 * The keys of the dashboard's cache: how they are made, and what makes them stale.
 *
 * - The key factory (`apiKey`, `apiGet`): the key of GET /api/kim/groups?… is
 *   ['kim', 'groups', query], the path's segments and what tells answers apart. Each resource's
 *   `queryOptions` (key and fetch from `apiGet`, plus its freshness) sits next to its hook in
 *   `use-….ts`: `usersOptions()`, `kimGroupsOptions(query)`, `statsOptions(endpoint, query)`, …
 *   Nothing spells a key by hand, except the signed-in person's ['auth', 'me'] (use-me-query.ts):
 *   it is part of the first load, which this module is not, and no write makes it stale.
 * - The one invalidation map (`INVALIDATES`): which resources each kind of write makes stale.
 *   Mutations name their write (`useWriteMutation('kim', …)`) and never list keys themselves.
 */

/** The resources of the API, as the first segment of its paths and of the cache keys. */
export type Resource =
  | 'auth'
  | 'stats'
  | 'reports'
  | 'kim'
  | 'articles'
  | 'categories'
  | 'sites'
  | 'users'
  | 'tokens'
  | 'audit'
  | 'report-schedules'
  | 'report-deliveries'

/** An API path whose first segment is a resource. */
export type ApiPath = `/api/${Resource}` | `/api/${Resource}/${string}`

/**
 * The cache key of GET `path`: its segments after /api/, then `parts` (its query, or what else
 * tells answers apart): /api/kim/groups + {status: 'aktif'} → ['kim', 'groups', {status: 'aktif'}].
 * The first element is the resource, which is what INVALIDATES names.
 */
export function apiKey(path: ApiPath, ...parts: unknown[]): unknown[] {
  return [...path.split('/').slice(2), ...parts]
}

/** The key (apiKey) and fetch of GET `path` with `query`, to spread into a resource's queryOptions. */
export function apiGet<T>(path: ApiPath, query?: Query) {
  return {
    queryKey: query ? apiKey(path, query) : apiKey(path),
    queryFn: ({ signal }: { signal: AbortSignal }) => apiRequest<T>(path, { query, signal }),
  }
}

/** The stats endpoints asked per metric family (see use-stats-queries.ts). */
export type StatsEndpoint = 'summary' | 'breakdown' | 'timeseries'

/*
 * The one invalidation map: which resources each kind of write makes stale, so "what else shows
 * this data?" is answered in one place. Every write is audited, so each also refreshes the audit
 * log.
 *
 * KIM writes change the KIM numbers of the stats (Ringkasan's "KIM aktif" and "Kegiatan KIM", the
 * map, the regency table) and of the monthly report, not only the registry: they refresh those too.
 */
export const INVALIDATES = {
  user: ['users', 'audit'],
  token: ['tokens', 'audit'],
  site: ['sites', 'audit'],
  category: ['categories', 'audit'],
  /** An admin confirms or corrects an article's title. */
  articleText: ['articles', 'audit'],
  /** A KIM group or activity created, changed or deleted, or a KIM CSV imported. */
  kim: ['kim', 'stats', 'reports', 'audit'],
  reportSchedule: ['report-schedules', 'report-deliveries', 'audit'],
  /** The portal's history imported: any number may change. */
  history: 'everything',
} as const satisfies Record<string, readonly Resource[] | 'everything'>

export type Write = keyof typeof INVALIDATES

/** Marks what `write` made stale; the queries on screen refetch now, the others when next shown. */
export async function invalidateAfter(client: QueryClient, write: Write): Promise<void> {
  const stale: readonly Resource[] | 'everything' = INVALIDATES[write]
  if (stale === 'everything') return client.invalidateQueries()
  await Promise.all(stale.map((resource) => client.invalidateQueries({ queryKey: [resource] })))
}

/**
 * A mutation that, once it succeeded, invalidates what INVALIDATES says for `write`. The mutation
 * stays pending until the queries on screen have their new answers, so what follows the save (a
 * closed form, a navigation) shows fresh data.
 */
export function useWriteMutation<TAnswer, TVars>(write: Write, mutationFn: (vars: TVars) => Promise<TAnswer>) {
  const client = useQueryClient()
  return useMutation<TAnswer, ApiError, TVars>({ mutationFn, onSuccess: () => invalidateAfter(client, write) })
}
