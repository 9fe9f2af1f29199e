import type { Selectable } from 'kysely'
import type { ReportDeliveriesTable } from '../db/tables.ts'
import type { Db } from '../plugins/db.ts'

/**
 * Takes a due delivery for one attempt: status sending, attempts + 1, and a claim that lapses at
 * `leaseUntil`. The update is conditional, so of two processes only one gets the row; the other
 * gets undefined and leaves it alone.
 */
export async function claimReportDelivery(db: Db, id: number, now: Date, leaseUntil: Date): Promise<Selectable<ReportDeliveriesTable> | undefined> {
  return db
    .updateTable('report_deliveries')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'sending'])
    .where('next_attempt_at', '<=', now)
    .returningAll()
    .executeTakeFirst()
}
