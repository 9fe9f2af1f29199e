import type { ReportSchedule } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toReportSchedule } from './report-rows.ts'

/** One report schedule; undefined when there is none with this id. */
export async function getReportSchedule(db: Db, id: number): Promise<ReportSchedule | undefined> {
  const row = await db.selectFrom('report_schedules').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toReportSchedule(row)
}
