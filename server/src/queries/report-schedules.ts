import type { ReportSchedule } from '@jangkau/shared'
import type { Selectable, Updateable } from 'kysely'
import type { Db } from '../db/kysely.ts'
import type { ReportSchedulesTable } from '../db/tables.ts'
import { paged } from './paging.ts'

// The monthly report emails an admin set up (report_schedules): to whom, for which region, when.

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

/** One report schedule; undefined when there is none with this id. */
export async function getReportSchedule(db: Db, id: number): Promise<ReportSchedule | undefined> {
  const row = await db.selectFrom('report_schedules').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toReportSchedule(row)
}

/** One page of report schedules, oldest first, with the total count; `enabledOnly` for the scheduler. */
export async function listReportSchedules(
  db: Db,
  page: { limit: number; offset: number; enabledOnly?: boolean },
): Promise<{ items: ReportSchedule[]; total: number }> {
  let rows = db.selectFrom('report_schedules')
  if (page.enabledOnly) rows = rows.where('enabled', '=', true)
  return paged(db, rows.selectAll(), (query) => query.orderBy('id'), page, toReportSchedule)
}

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

export interface ReportScheduleChanges {
  recipients?: string[]
  regionCode?: string | null
  lang?: 'id' | 'en'
  dayOfMonth?: number
  hour?: number
  enabled?: boolean
}

/** Applies the given changes and stamps updated_at with `at`; undefined when there is no such schedule. */
export async function updateReportSchedule(
  db: Db,
  id: number,
  changes: ReportScheduleChanges,
  at: Date,
): Promise<ReportSchedule | undefined> {
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

/** Deletes a schedule and, with it, its deliveries (the audit log keeps the schedule); true when one was deleted. */
export async function deleteReportSchedule(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('report_schedules').where('id', '=', id).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
