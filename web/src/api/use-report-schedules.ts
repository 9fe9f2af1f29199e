import { queryOptions, useQuery } from '@tanstack/react-query'
import type {
  CreateReportScheduleBody,
  ReportDelivery,
  ReportDeliveryList,
  ReportSchedule,
  ReportScheduleList,
  UpdateReportScheduleBody,
} from '@jangkau/shared'
import { type ApiError, apiRequest } from './client.ts'
import { apiGet, useWriteMutation } from './keys.ts'

// Admin → Laporan terjadwal: the report schedules, their deliveries, and the writes. Every write
// refreshes both lists and the audit log ('reportSchedule' in keys.ts).

/** GET /api/report-schedules: the schedules, and whether this server can send email and attach the PDF. */
export const reportSchedulesOptions = () =>
  queryOptions<ReportScheduleList, ApiError>({
    ...apiGet<ReportScheduleList>('/api/report-schedules', { limit: 500 }),
  })

/** GET /api/report-deliveries, newest first; polled while a send is waiting or under way. */
export const reportDeliveriesOptions = () =>
  queryOptions<ReportDeliveryList, ApiError>({
    ...apiGet<ReportDeliveryList>('/api/report-deliveries', { limit: 100 }),
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === 'pending' || d.status === 'sending') ? 15_000 : false),
  })

export function useReportSchedulesQuery() {
  return useQuery(reportSchedulesOptions())
}

export function useReportDeliveriesQuery() {
  return useQuery(reportDeliveriesOptions())
}

export function useSaveReportScheduleMutation() {
  return useWriteMutation<ReportSchedule, { id: number | null; body: CreateReportScheduleBody | UpdateReportScheduleBody }>(
    'reportSchedule',
    ({ id, body }) =>
      id === null
        ? apiRequest('/api/report-schedules', { method: 'POST', body })
        : apiRequest(`/api/report-schedules/${id}`, { method: 'PATCH', body }),
  )
}

export function useDeleteReportScheduleMutation() {
  return useWriteMutation<unknown, number>('reportSchedule', (id) => apiRequest(`/api/report-schedules/${id}`, { method: 'DELETE' }))
}

/** POST /api/report-schedules/:id/send: the answer is the delivery after its first attempt. */
export function useSendReportMutation() {
  return useWriteMutation<ReportDelivery, { id: number; month: string }>('reportSchedule', ({ id, month }) =>
    apiRequest(`/api/report-schedules/${id}/send`, { method: 'POST', body: { month } }),
  )
}
