import type { ReportDelivery, ReportSchedule } from '@jangkau/shared'
import type { Selectable } from 'kysely'
import type { ReportDeliveriesTable, ReportSchedulesTable } from '../db/tables.ts'
import { MAX_ATTEMPTS } from '../reports/retry-policy.ts'

// Row (snake_case, Date) → JSON (camelCase, ISO string) for the report email tables.

export const toReportSchedule = (r: Selectable<ReportSchedulesTable>): ReportSchedule => ({
  id: r.id,
  recipients: r.recipients,
  regionCode: r.region_code,
  lang: r.lang,
  dayOfMonth: r.day_of_month,
  hour: r.hour,
  enabled: r.enabled,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
})

export const toReportDelivery = (r: Selectable<ReportDeliveriesTable>): ReportDelivery => ({
  id: r.id,
  scheduleId: r.schedule_id,
  month: r.month,
  kind: r.kind,
  status: r.status,
  attempts: r.attempts,
  maxAttempts: MAX_ATTEMPTS,
  nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
  lastError: r.last_error,
  recipients: r.recipients,
  pdfAttached: r.pdf_attached,
  sentAt: r.sent_at?.toISOString() ?? null,
  messageId: r.message_id,
  createdAt: r.created_at.toISOString(),
})
