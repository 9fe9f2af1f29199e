import type { ReportSchedule } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toReportSchedule } from './report-rows.ts'

/** One page of report schedules, oldest first, with the total count; `enabledOnly` for the scheduler. */
export async function listReportSchedules(
  db: Db,
  page: { limit: number; offset: number; enabledOnly?: boolean },
): Promise<{ items: ReportSchedule[]; total: number }> {
  let rows = db.selectFrom('report_schedules')
  if (page.enabledOnly) rows = rows.where('enabled', '=', true)
  const [items, count] = await Promise.all([
    rows.selectAll().orderBy('id').limit(page.limit).offset(page.offset).execute(),
    rows.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: items.map(toReportSchedule), total: Number(count.n) }
}
