import type { ReportDelivery } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toReportDelivery } from './report-rows.ts'

/** One report delivery; undefined when there is none with this id. */
export async function getReportDelivery(db: Db, id: number): Promise<ReportDelivery | undefined> {
  const row = await db.selectFrom('report_deliveries').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toReportDelivery(row)
}
