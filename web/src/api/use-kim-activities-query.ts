import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import type { KimActivity, KimActivityList, KimActivityQuery } from '@jangkau/shared'
import { apiUrl, type ApiError } from './client.ts'
import { apiGet } from './keys.ts'

/** GET /api/kim/activities (newest first). */
export const kimActivitiesOptions = (query: KimActivityQuery) =>
  queryOptions<KimActivityList, ApiError>({
    ...apiGet<KimActivityList>('/api/kim/activities', { ...query }),
    placeholderData: keepPreviousData,
  })

export function useKimActivitiesQuery(query: KimActivityQuery, options: { enabled?: boolean } = {}) {
  return useQuery({ ...kimActivitiesOptions(query), enabled: options.enabled ?? true })
}

/** GET /api/kim/activities/:id: one activity, for its edit form (null id: nothing asked). */
export const kimActivityOptions = (id: number | null) =>
  queryOptions<KimActivity, ApiError>({
    ...apiGet<KimActivity>(`/api/kim/activities/${id}`),
    enabled: id !== null,
  })

export function useKimActivityQuery(id: number | null) {
  return useQuery(kimActivityOptions(id))
}

/** Filters of the raw KIM activities export (the stats names: `kim_group`, not `group`). */
export interface KimActivityExportQuery {
  region?: string
  kim_group?: number
  from?: string
  to?: string
}

/** GET /api/export/kim-activities.csv with these filters (";" and decimal comma, for Excel). */
export function kimActivitiesCsvUrl(query: KimActivityExportQuery, lang: 'id' | 'en'): string {
  return apiUrl('/api/export/kim-activities.csv', { ...query, lang })
}
