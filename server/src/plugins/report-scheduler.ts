import fp from 'fastify-plugin'
import { runDueReports } from '../reports/scheduler.ts'
import { everyMinute } from './every-minute.ts'

/**
 * Sends the scheduled monthly reports: a pass (runDueReports, reports/scheduler.ts) every minute from
 * the moment the server listens (the PDF is printed from the server's own page), one pass at a time. Off with REPORT_SCHEDULER=0
 * (tests drive runDueReports themselves) and without SMTP_URL (nothing could be sent).
 */
export default fp(
  async (app) => {
    if (!app.config.reportScheduler) return
    if (!app.config.smtpUrl) {
      app.addHook('onReady', async () => app.log.info('SMTP_URL is not set: scheduled report emails are not sent'))
      return
    }
    everyMinute(app, 'report scheduler', async () => {
      const run = await runDueReports(app, app.clock())
      if (run.created + run.sent + run.retrying + run.failed > 0) app.log.info({ ...run }, 'report scheduler pass')
    })
  },
  { name: 'report-scheduler', dependencies: ['db'] },
)
