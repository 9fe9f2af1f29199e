import type { ReportSchedule } from '@jangkau/shared'
import type { FastifyInstance } from 'fastify'
import { insertReportDelivery, listDueReportDeliveries } from '../queries/report-deliveries.ts'
import { listReportSchedules } from '../queries/report-schedules.ts'
import { attemptReportDelivery } from './deliver.ts'
import { addMonths } from './monthly.ts'

const wallClocks = new Map<string, Intl.DateTimeFormat>()

/** "YYYY-MM-DDTHH:mm" of the instant `at` on the wall clock of `timeZone` (comparable as text). */
export function wallClock(at: Date, timeZone: string): string {
  let f = wallClocks.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    wallClocks.set(timeZone, f)
  }
  const p = Object.fromEntries(f.formatToParts(at).map((part) => [part.type, part.value]))
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`
}

/**
 * The month whose report `schedule` owes at `now`, or null: last month's, once this month's send
 * time (day_of_month at hour, wall clock of the report zone) has come. A schedule created (or, for
 * tests, clocked) after this month's send time starts with next month, so that saving a schedule
 * on the 20th does not mail last month's report at once. A server that was down at the send time
 * sends when it is back, within the month.
 */
export function monthDue(schedule: ReportSchedule, now: Date, timeZone: string): string | null {
  const current = wallClock(now, timeZone)
  const sendAt = `${current.slice(0, 7)}-${String(schedule.dayOfMonth).padStart(2, '0')}T${String(schedule.hour).padStart(2, '0')}:00`
  if (current < sendAt) return null
  if (wallClock(new Date(schedule.createdAt), timeZone) > sendAt) return null
  return addMonths(current.slice(0, 7), -1)
}

export interface ReportRun {
  /** Deliveries created now (months that became due). */
  created: number
  sent: number
  /** Attempts that failed and will be retried. */
  retrying: number
  /** Deliveries that failed for good now. */
  failed: number
}

/**
 * One pass of the scheduler at `now`: record a delivery for every enabled schedule whose send time
 * has come (once per month: the database refuses a second one), then attempt every delivery that
 * is due, new ones and retries. Does nothing without SMTP_URL. Tests call it with their own clock;
 * the PDF needs the app listening on a port.
 */
export async function runDueReports(app: FastifyInstance, now: Date): Promise<ReportRun> {
  const run: ReportRun = { created: 0, sent: 0, retrying: 0, failed: 0 }
  if (!app.config.smtpUrl) return run
  const { items: schedules } = await listReportSchedules(app.db, { limit: 1000, offset: 0, enabledOnly: true })
  for (const schedule of schedules) {
    const month = monthDue(schedule, now, app.config.timeZone)
    if (month && (await insertReportDelivery(app.db, { scheduleId: schedule.id, month, kind: 'scheduled', at: now }))) run.created++
  }
  for (const id of await listDueReportDeliveries(app.db, now)) {
    const outcome = await attemptReportDelivery(app, id, now)
    if (outcome === 'sent') run.sent++
    else if (outcome === 'retrying') run.retrying++
    else if (outcome === 'failed') run.failed++
  }
  return run
}
