import type { Db } from '../plugins/db.ts'

/**
 * Records a failed attempt: back to pending until `nextAttemptAt`, or failed for good when it is
 * null. Only while the row is still this attempt's (see markReportDeliverySent).
 */
export async function markReportDeliveryFailed(
  db: Db,
  id: number,
  attempt: number,
  result: { error: string; nextAttemptAt: Date | null; recipients: string[]; pdfAttached: boolean | null },
): Promise<void> {
  await db
    .updateTable('report_deliveries')
    .set({
      status: result.nextAttemptAt ? 'pending' : 'failed',
      next_attempt_at: result.nextAttemptAt,
      last_error: result.error,
      recipients: result.recipients,
      pdf_attached: result.pdfAttached,
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('attempts', '=', attempt)
    .execute()
}
