import type { Db } from '../plugins/db.ts'

/**
 * Records a successful attempt. Only while the row is still this attempt's (status sending, same
 * attempt count): a process whose claim lapsed and was taken over does not overwrite the newer one.
 */
export async function markReportDeliverySent(
  db: Db,
  id: number,
  attempt: number,
  result: { at: Date; messageId: string | null; recipients: string[]; pdfAttached: boolean },
): Promise<void> {
  await db
    .updateTable('report_deliveries')
    .set({
      status: 'sent',
      sent_at: result.at,
      message_id: result.messageId,
      recipients: result.recipients,
      pdf_attached: result.pdfAttached,
      next_attempt_at: null,
      last_error: null,
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('attempts', '=', attempt)
    .execute()
}
