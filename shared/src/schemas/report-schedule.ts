import { Type, type Static, type TSchema } from 'typebox'
import { MAX_REPORT_RECIPIENTS, REGENCY_CODE_PATTERN, REPORT_MONTH_PATTERN } from '../vocab/index.ts'
import { ListQuery } from './params.ts'

/*
 * The monthly report by email (Admin → Laporan terjadwal). A schedule sends last month's report to
 * its recipients on `dayOfMonth` at `hour` in the report zone (WITA); each send is a delivery, tried
 * again with backoff when the mail server refuses it. Dates are ISO 8601 strings (UTC).
 */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

// The address rule (isEmailAddress) and MAX_REPORT_RECIPIENTS are in vocab/patterns.ts.

export const ReportLang = Type.Enum(['id', 'en'] as const)
export type ReportLang = Static<typeof ReportLang>

export const ReportSchedule = Type.Object({
  id: Type.Integer(),
  /** Lower-case addresses. */
  recipients: Type.Array(Type.String()),
  /** A regency or city ("64.08"); null = the whole province. */
  regionCode: Nullable(Type.String()),
  lang: ReportLang,
  /** Day of the month (1–28) and hour (0–23, WITA) on or after which last month's report is sent. */
  dayOfMonth: Type.Integer(),
  hour: Type.Integer(),
  enabled: Type.Boolean(),
  createdBy: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
})
export type ReportSchedule = Static<typeof ReportSchedule>

/** The schedules, and whether this server can send at all (SMTP_URL) and attach the PDF (Chromium). */
export const ReportScheduleList = Type.Object({
  items: Type.Array(ReportSchedule),
  total: Type.Integer(),
  emailConfigured: Type.Boolean(),
  pdfAvailable: Type.Boolean(),
  timeZone: Type.String(),
})
export type ReportScheduleList = Static<typeof ReportScheduleList>

const ScheduleFields = {
  /** Checked one by one by the server (400 invalid_email names the bad one); duplicates are dropped. */
  recipients: Type.Array(Type.String({ minLength: 1, maxLength: 254 }), { minItems: 1, maxItems: MAX_REPORT_RECIPIENTS }),
  regionCode: Nullable(Type.String({ pattern: REGENCY_CODE_PATTERN })),
  lang: ReportLang,
  dayOfMonth: Type.Integer({ minimum: 1, maximum: 28 }),
  hour: Type.Integer({ minimum: 0, maximum: 23 }),
  enabled: Type.Boolean(),
}

/** Defaults: the whole province, Indonesian, the 1st at 08:00 WITA, enabled. */
export const CreateReportScheduleBody = Type.Object(
  {
    recipients: ScheduleFields.recipients,
    regionCode: Type.Optional(ScheduleFields.regionCode),
    lang: Type.Optional(ScheduleFields.lang),
    dayOfMonth: Type.Optional(ScheduleFields.dayOfMonth),
    hour: Type.Optional(ScheduleFields.hour),
    enabled: Type.Optional(ScheduleFields.enabled),
  },
  { additionalProperties: false },
)
export type CreateReportScheduleBody = Static<typeof CreateReportScheduleBody>

export const UpdateReportScheduleBody = Type.Object(
  {
    recipients: Type.Optional(ScheduleFields.recipients),
    regionCode: Type.Optional(ScheduleFields.regionCode),
    lang: Type.Optional(ScheduleFields.lang),
    dayOfMonth: Type.Optional(ScheduleFields.dayOfMonth),
    hour: Type.Optional(ScheduleFields.hour),
    enabled: Type.Optional(ScheduleFields.enabled),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateReportScheduleBody = Static<typeof UpdateReportScheduleBody>

/** POST /api/report-schedules/:id/send: the month to send now, "YYYY-MM" (not in the future). */
export const SendReportBody = Type.Object(
  { month: Type.String({ pattern: REPORT_MONTH_PATTERN, description: 'Calendar month in the report zone (WITA), e.g. 2026-10.' }) },
  { additionalProperties: false },
)
export type SendReportBody = Static<typeof SendReportBody>

export const ReportDeliveryStatus = Type.Enum(['pending', 'sending', 'sent', 'failed'] as const)
export type ReportDeliveryStatus = Static<typeof ReportDeliveryStatus>

/**
 * One send of one month's report for one schedule. pending: waiting for its (next) attempt at
 * `nextAttemptAt`; sending: an attempt is under way; sent; failed: every attempt failed
 * (`lastError` says why).
 */
export const ReportDelivery = Type.Object({
  id: Type.Integer(),
  scheduleId: Type.Integer(),
  month: Type.String(),
  /** scheduled: by the scheduler, once per month; manual: "send now". */
  kind: Type.Enum(['scheduled', 'manual'] as const),
  status: ReportDeliveryStatus,
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  nextAttemptAt: Nullable(Type.String({ format: 'date-time' })),
  lastError: Nullable(Type.String()),
  /** The addresses of the last attempt. */
  recipients: Type.Array(Type.String()),
  /** Whether the PDF was attached (null before the first attempt). */
  pdfAttached: Nullable(Type.Boolean()),
  sentAt: Nullable(Type.String({ format: 'date-time' })),
  messageId: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
})
export type ReportDelivery = Static<typeof ReportDelivery>

export const ReportDeliveryList = Type.Object({ items: Type.Array(ReportDelivery), total: Type.Integer() })
export type ReportDeliveryList = Static<typeof ReportDeliveryList>

/** Newest first; narrowed to one schedule or one status when given. */
export const ReportDeliveryQuery = Type.Object(
  {
    ...ListQuery.properties,
    scheduleId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    status: Type.Optional(ReportDeliveryStatus),
  },
  { additionalProperties: false },
)
export type ReportDeliveryQuery = Static<typeof ReportDeliveryQuery>
