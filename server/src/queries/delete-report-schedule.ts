import type { Db } from '../plugins/db.ts'

/** Deletes a schedule and, with it, its deliveries (the audit log keeps the schedule); true when one was deleted. */
export async function deleteReportSchedule(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('report_schedules').where('id', '=', id).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
