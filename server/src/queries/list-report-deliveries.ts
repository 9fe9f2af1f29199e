import type { ReportDelivery } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toReportDelivery } from './report-rows.ts'

/** One page of report deliveries, newest first, with the total; narrowed to a schedule or a status when given. */
export async function listReportDeliveries(
  db: Db,
  q: { limit: number; offset: number; scheduleId?: number; status?: ReportDelivery['status'] },
): Promise<{ items: ReportDelivery[]; total: number }> {
  let rows = db.selectFrom('report_deliveries')
  if (q.scheduleId !== undefined) rows = rows.where('schedule_id', '=', q.scheduleId)
  if (q.status !== undefined) rows = rows.where('status', '=', q.status)
  const [items, count] = await Promise.all([
    rows.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
    rows.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: items.map(toReportDelivery), total: Number(count.n) }
}
