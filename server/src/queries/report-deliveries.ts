import type { ReportDelivery } from '@jangkau/shared'
import type { Selectable, Updateable } from 'kysely'
import type { Db } from '../db/kysely.ts'
import type { ReportDeliveriesTable } from '../db/tables.ts'
import { paged } from './paging.ts'

// The report emails' sends (report_deliveries), each with its attempts: recorded, claimed by one
// process, marked sent or failed, and tried again on the schedule below.

/**
 * How a report email that the mail server refused is tried again: after 1 minute, 5 minutes, half
 * an hour, 2 hours and 6 hours, so a short outage of the mail server costs minutes and a long one
 * still ends (failed, visible in the admin page) the same working day.
 */
export const RETRY_DELAYS_MINUTES = [1, 5, 30, 120, 360] as const

/** Attempts in all, the first one included. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1

/** When to try again after attempt number `attempt` (1-based) failed at `now`; null after the last one. */
export function nextAttemptAfter(attempt: number, now: Date): Date | null {
  const minutes = RETRY_DELAYS_MINUTES[attempt - 1]
  return minutes === undefined ? null : new Date(now.getTime() + minutes * 60_000)
}

export const toReportDelivery = (r: Selectable<ReportDeliveriesTable>): ReportDelivery => ({
  id: r.id,
  scheduleId: r.schedule_id,
  month: r.month,
  kind: r.kind,
  status: r.status,
  attempts: r.attempts,
  maxAttempts: MAX_ATTEMPTS,
  nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
  lastError: r.last_error,
  recipients: r.recipients,
  pdfAttached: r.pdf_attached,
  sentAt: r.sent_at?.toISOString() ?? null,
  messageId: r.message_id,
  createdAt: r.created_at.toISOString(),
})

/** One report delivery; undefined when there is none with this id. */
export async function getReportDelivery(db: Db, id: number): Promise<ReportDelivery | undefined> {
  const row = await db.selectFrom('report_deliveries').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toReportDelivery(row)
}

/** One page of report deliveries, newest first, with the total; narrowed to a schedule or a status when given. */
export async function listReportDeliveries(
  db: Db,
  q: { limit: number; offset: number; scheduleId?: number; status?: ReportDelivery['status'] },
): Promise<{ items: ReportDelivery[]; total: number }> {
  let rows = db.selectFrom('report_deliveries')
  if (q.scheduleId !== undefined) rows = rows.where('schedule_id', '=', q.scheduleId)
  if (q.status !== undefined) rows = rows.where('status', '=', q.status)
  return paged(db, rows.selectAll(), (query) => query.orderBy('id', 'desc'), q, toReportDelivery)
}

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

/**
 * Takes a due delivery for one attempt: status sending, attempts + 1, and a claim that lapses at
 * `leaseUntil`. The update is conditional, so of two processes only one gets the row; the other
 * gets undefined and leaves it alone.
 */
export async function claimReportDelivery(
  db: Db,
  id: number,
  now: Date,
  leaseUntil: Date,
): Promise<Selectable<ReportDeliveriesTable> | undefined> {
  return db
    .updateTable('report_deliveries')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'sending'])
    .where('next_attempt_at', '<=', now)
    .returningAll()
    .executeTakeFirst()
}

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
  await finishAttempt(db, id, attempt, {
    status: 'sent',
    sent_at: result.at,
    message_id: result.messageId,
    recipients: result.recipients,
    pdf_attached: result.pdfAttached,
    next_attempt_at: null,
    last_error: null,
  })
}

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
  await finishAttempt(db, id, attempt, {
    status: result.nextAttemptAt ? 'pending' : 'failed',
    next_attempt_at: result.nextAttemptAt,
    last_error: result.error,
    recipients: result.recipients,
    pdf_attached: result.pdfAttached,
  })
}

/** Writes the outcome of attempt number `attempt`, only while the row is still that attempt's. */
async function finishAttempt(db: Db, id: number, attempt: number, outcome: Updateable<ReportDeliveriesTable>): Promise<void> {
  await db
    .updateTable('report_deliveries')
    .set(outcome)
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('attempts', '=', attempt)
    .execute()
}
