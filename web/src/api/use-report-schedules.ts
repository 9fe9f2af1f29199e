import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type {
  CreateReportScheduleBody,
  ReportDelivery,
  ReportDeliveryList,
  ReportSchedule,
  ReportScheduleList,
  UpdateReportScheduleBody,
} from '@jangkau/shared'
import { type ApiError, apiRequest } from './client.ts'

// Admin → Laporan terjadwal: the report schedules, their deliveries, and the writes. Every write
// refreshes both lists and the audit log.

const schedulesKey = ['report-schedules'] as const
const deliveriesKey = ['report-deliveries'] as const

/** GET /api/report-schedules: the schedules, and whether this server can send email and attach the PDF. */
export function useReportSchedulesQuery() {
  return useQuery<ReportScheduleList, ApiError>({
    queryKey: schedulesKey,
    queryFn: ({ signal }) => apiRequest<ReportScheduleList>('/api/report-schedules', { query: { limit: 500 }, signal }),
  })
}

/** GET /api/report-deliveries, newest first; polled while a send is waiting or under way. */
export function useReportDeliveriesQuery() {
  return useQuery<ReportDeliveryList, ApiError>({
    queryKey: deliveriesKey,
    queryFn: ({ signal }) => apiRequest<ReportDeliveryList>('/api/report-deliveries', { query: { limit: 100 }, signal }),
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === 'pending' || d.status === 'sending') ? 15_000 : false),
  })
}

function useWrite<TAnswer, TVars>(fn: (vars: TVars) => Promise<TAnswer>) {
  const client = useQueryClient()
  return useMutation<TAnswer, ApiError, TVars>({
    mutationFn: fn,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: schedulesKey })
      void client.invalidateQueries({ queryKey: deliveriesKey })
      void client.invalidateQueries({ queryKey: ['audit'] })
    },
  })
}

export function useSaveReportScheduleMutation() {
  return useWrite<ReportSchedule, { id: number | null; body: CreateReportScheduleBody | UpdateReportScheduleBody }>(({ id, body }) =>
    id === null ? apiRequest('/api/report-schedules', { method: 'POST', body }) : apiRequest(`/api/report-schedules/${id}`, { method: 'PATCH', body }),
  )
}

export function useDeleteReportScheduleMutation() {
  return useWrite<unknown, number>((id) => apiRequest(`/api/report-schedules/${id}`, { method: 'DELETE' }))
}

/** POST /api/report-schedules/:id/send: the answer is the delivery after its first attempt. */
export function useSendReportMutation() {
  return useWrite<ReportDelivery, { id: number; month: string }>(({ id, month }) => apiRequest(`/api/report-schedules/${id}/send`, { method: 'POST', body: { month } }))
}
