import { useQuery } from '@tanstack/react-query'
import type { MonthlyReport } from '@jangkau/shared'
import type { Lang } from '../data/format.ts'
import { type ApiError, apiRequest, apiUrl } from './client.ts'

export interface MonthlyReportRequest {
  /** "YYYY-MM". */
  month: string
  /** A regency code, or null for the province. */
  region: string | null
  lang: Lang
}

const query = (r: MonthlyReportRequest) => ({ month: r.month, region: r.region, lang: r.lang })

/** GET /api/reports/monthly: the report of one month (its sentences are in `lang`). */
export function useMonthlyReportQuery(request: MonthlyReportRequest) {
  return useQuery<MonthlyReport, ApiError>({
    queryKey: ['reports', 'monthly', request.month, request.region, request.lang],
    queryFn: ({ signal }) => apiRequest<MonthlyReport>('/api/reports/monthly', { query: query(request), signal }),
  })
}

/** The address of the same report as PDF. */
export function monthlyReportPdfUrl(request: MonthlyReportRequest): string {
  return apiUrl('/api/reports/monthly.pdf', query(request))
}
