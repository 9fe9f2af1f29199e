import type { ReportDelivery } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toReportDelivery } from './report-rows.ts'

/**
 * Records a send to be made (status pending, first attempt at `at`). A scheduled delivery of a month
 * that already has one is not inserted (undefined): the unique index on (schedule_id, month) makes
 * sure a month goes out once, however many server processes run the scheduler.
 */
export async function insertReportDelivery(
  db: Db,
  d: { scheduleId: number; month: string; kind: 'scheduled' | 'manual'; at: Date },
): Promise<ReportDelivery | undefined> {
  const row = await db
    .insertInto('report_deliveries')
    .values({ schedule_id: d.scheduleId, month: d.month, kind: d.kind, status: 'pending', next_attempt_at: d.at, created_at: d.at })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst()
  return row && toReportDelivery(row)
}
