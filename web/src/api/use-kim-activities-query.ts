import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import type { KimActivityList, KimActivityQuery } from '@jangkau/shared'
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
