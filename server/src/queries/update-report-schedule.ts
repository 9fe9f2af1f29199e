import type { ReportSchedule } from '@jangkau/shared'
import type { Updateable } from 'kysely'
import type { ReportSchedulesTable } from '../db/tables.ts'
import type { Db } from '../plugins/db.ts'
import { toReportSchedule } from './report-rows.ts'

export interface ReportScheduleChanges {
  recipients?: string[]
  regionCode?: string | null
  lang?: 'id' | 'en'
  dayOfMonth?: number
  hour?: number
  enabled?: boolean
}

/** Applies the given changes and stamps updated_at with `at`; undefined when there is no such schedule. */
export async function updateReportSchedule(db: Db, id: number, changes: ReportScheduleChanges, at: Date): Promise<ReportSchedule | undefined> {
  const set: Updateable<ReportSchedulesTable> = { updated_at: at }
  if (changes.recipients !== undefined) set.recipients = changes.recipients
  if (changes.regionCode !== undefined) set.region_code = changes.regionCode
  if (changes.lang !== undefined) set.lang = changes.lang
  if (changes.dayOfMonth !== undefined) set.day_of_month = changes.dayOfMonth
  if (changes.hour !== undefined) set.hour = changes.hour
  if (changes.enabled !== undefined) set.enabled = changes.enabled
  const row = await db.updateTable('report_schedules').set(set).where('id', '=', id).returningAll().executeTakeFirst()
  return row && toReportSchedule(row)
}
