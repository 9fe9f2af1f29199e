import type { FastifyInstance } from 'fastify'
import {
  claimReportDelivery,
  markReportDeliveryFailed,
  markReportDeliverySent,
  MAX_ATTEMPTS,
  nextAttemptAfter,
} from '../queries/report-deliveries.ts'
import { getReportSchedule } from '../queries/report-schedules.ts'
import { composeReportEmail } from './email.ts'
import { buildMonthlyReport } from './monthly.ts'
import { pdfAvailable, renderReportPdf } from './pdf.ts'
import { sendMail } from './send-mail.ts'

/**
 * How long an attempt holds its delivery. Longer than any attempt takes (the report, the PDF and the
 * SMTP timeouts of send-mail.ts); after it, another tick takes the delivery over, as after a crash.
 */
const CLAIM_MS = 30 * 60_000

export type AttemptOutcome = 'sent' | 'retrying' | 'failed' | 'skipped'

/** The link to the report page in Jangkau (PUBLIC_URL), or null when the server does not know its address. */
export function reportPageLink(app: FastifyInstance, opts: { month: string; region: string | null; lang: 'id' | 'en' }): string | null {
  if (!app.config.publicUrl) return null
  const query = new URLSearchParams({ bulan: opts.month, ...(opts.region ? { wilayah: opts.region } : {}) })
  return `${app.config.publicUrl}/laporan?${query}`
}

/**
 * One attempt at one delivery: claim it (another process may have it: 'skipped'), build the report
 * of its month for its schedule, attach the PDF when this server can make one, and send it. Every
 * attempt is logged and recorded on the delivery (attempts, last_error); a failed one is tried
 * again after the retry policy's delay, and after the last attempt the delivery is failed.
 */
export async function attemptReportDelivery(app: FastifyInstance, deliveryId: number, now: Date): Promise<AttemptOutcome> {
  const smtpUrl = app.config.smtpUrl
  if (!smtpUrl) return 'skipped'
  const claimed = await claimReportDelivery(app.db, deliveryId, now, new Date(now.getTime() + CLAIM_MS))
  if (!claimed) return 'skipped'
  const attempt = claimed.attempts
  const log = app.log.child({ deliveryId, scheduleId: claimed.schedule_id, month: claimed.month, attempt })
  const schedule = await getReportSchedule(app.db, claimed.schedule_id)
  const recipients = schedule?.recipients ?? []
  let pdfAttached: boolean | null = null
  try {
    // The attempt before this one was cut off mid-send (the process stopped) and it was the last.
    if (attempt > MAX_ATTEMPTS) throw new Error('the last attempt was interrupted (the server stopped while sending)')
    if (!schedule) throw new Error('the schedule no longer exists')
    const opts = { month: claimed.month, region: schedule.regionCode, lang: schedule.lang }
    const report = await buildMonthlyReport(app, opts)
    let pdf: Buffer | null = null
    if (pdfAvailable(app)) {
      // The summary still goes out when only the PDF fails; the email then says so and links the page.
      pdf = await renderReportPdf(app, opts, { kind: 'email' }).catch((err: unknown) => {
        log.warn({ err }, 'the report PDF could not be made; sending the email without it')
        return null
      })
    }
    pdfAttached = pdf !== null
    const email = composeReportEmail(report, { pdf, link: reportPageLink(app, opts) })
    const { messageId } = await sendMail({ url: smtpUrl, from: app.config.smtpFrom }, recipients, email)
    await markReportDeliverySent(app.db, deliveryId, attempt, { at: now, messageId, recipients, pdfAttached })
    log.info({ messageId, recipients: recipients.length, pdfAttached }, 'monthly report sent')
    return 'sent'
  } catch (err) {
    const nextAttemptAt = attempt >= MAX_ATTEMPTS ? null : nextAttemptAfter(attempt, now)
    const error = errorText(err)
    await markReportDeliveryFailed(app.db, deliveryId, attempt, { error, nextAttemptAt, recipients, pdfAttached })
    if (nextAttemptAt) {
      log.warn(
        { err, nextAttemptAt: nextAttemptAt.toISOString() },
        `monthly report not sent (attempt ${attempt} of ${MAX_ATTEMPTS}); will retry`,
      )
      return 'retrying'
    }
    log.error({ err }, `monthly report not sent after ${attempt} attempts; giving up`)
    return 'failed'
  }
}

/** What an admin sees of an error: nodemailer's message carries the SMTP server's answer. Never the SMTP URL. */
function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  return message.slice(0, 1000)
}
