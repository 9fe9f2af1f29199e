import type { Db } from '../plugins/db.ts'

/**
 * Ids of the deliveries to attempt at `now`, oldest first: pending ones whose time has come, and
 * "sending" ones whose claim has lapsed (the process died mid-send). Scheduled deliveries of a
 * disabled schedule wait until it is enabled again; an admin's "send now" is tried regardless.
 */
export async function listDueReportDeliveries(db: Db, now: Date): Promise<number[]> {
  const rows = await db
    .selectFrom('report_deliveries as d')
    .innerJoin('report_schedules as s', 's.id', 'd.schedule_id')
    .select('d.id')
    .where('d.status', 'in', ['pending', 'sending'])
    .where('d.next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('d.kind', '=', 'manual'), eb('s.enabled', '=', true)]))
    .orderBy('d.id')
    .limit(100)
    .execute()
  return rows.map((r) => r.id)
}
