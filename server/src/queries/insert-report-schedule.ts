import type { ReportSchedule } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toReportSchedule } from './report-rows.ts'

export interface NewReportSchedule {
  /** Lower-case, checked addresses. */
  recipients: string[]
  /** A regency ("64.08"); null = the whole province. */
  regionCode: string | null
  lang: 'id' | 'en'
  dayOfMonth: number
  /** 0–23 in the report time zone (WITA). */
  hour: number
  enabled: boolean
  createdBy: number | null
  /** The app's clock: a schedule only sends for months whose send time comes after it was created. */
  at: Date
}

export async function insertReportSchedule(db: Db, s: NewReportSchedule): Promise<ReportSchedule> {
  const row = await db
    .insertInto('report_schedules')
    .values({
      recipients: s.recipients,
      region_code: s.regionCode,
      lang: s.lang,
      day_of_month: s.dayOfMonth,
      hour: s.hour,
      enabled: s.enabled,
      created_by: s.createdBy,
      created_at: s.at,
      updated_at: s.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toReportSchedule(row)
}
