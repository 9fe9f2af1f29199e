import { queryOptions, useQuery } from '@tanstack/react-query'
import type { MonthlyReport, ReportMonths } from '@jangkau/shared'
import type { Lang } from '../data/format.ts'
import { type ApiError, apiDownload } from './client.ts'
import { apiGet } from './keys.ts'

export interface MonthlyReportRequest {
  /** "YYYY-MM". */
  month: string
  /** A regency code, or null for the province. */
  region: string | null
  lang: Lang
}

const query = (r: MonthlyReportRequest) => ({ month: r.month, region: r.region, lang: r.lang })

/** GET /api/reports/monthly: the report of one month (its sentences are in `lang`). */
export const monthlyReportOptions = (request: MonthlyReportRequest) =>
  queryOptions<MonthlyReport, ApiError>({
    ...apiGet<MonthlyReport>('/api/reports/monthly', query(request)),
  })

export function useMonthlyReportQuery(request: MonthlyReportRequest) {
  return useQuery(monthlyReportOptions(request))
}

/** The same report as PDF (made by the server), through the API client's download. */
export function downloadMonthlyReportPdf(request: MonthlyReportRequest): Promise<Blob> {
  return apiDownload('/api/reports/monthly.pdf', { query: query(request) })
}

/** GET /api/reports/months: the first month with data and the running month, for the month picker. */
export function useReportMonthsQuery() {
  return useQuery(queryOptions<ReportMonths, ApiError>({ ...apiGet<ReportMonths>('/api/reports/months') }))
}
