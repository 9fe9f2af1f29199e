import fp from 'fastify-plugin'
import { runDueReports } from '../reports/scheduler.ts'

const TICK_MS = 60_000

/**
 * Sends the scheduled monthly reports: a pass (runDueReports, reports/scheduler.ts) every minute from
 * the moment the server listens (the PDF is printed from the server's own page), one pass at a time. Off with REPORT_SCHEDULER=0
 * (tests drive runDueReports themselves) and without SMTP_URL (nothing could be sent). The timer
 * does not keep the process alive and stops when the app closes.
 */
export default fp(
  async (app) => {
    if (!app.config.reportScheduler) return
    if (!app.config.smtpUrl) {
      app.addHook('onReady', async () => app.log.info('SMTP_URL is not set: scheduled report emails are not sent'))
      return
    }
    let timer: NodeJS.Timeout | undefined
    let running: Promise<unknown> | undefined
    const tick = () => {
      if (running) return
      running = runDueReports(app, app.clock())
        .then((run) => {
          if (run.created + run.sent + run.retrying + run.failed > 0) app.log.info({ ...run }, 'report scheduler pass')
        })
        .catch((err: unknown) => app.log.warn({ err }, 'report scheduler pass failed'))
        .finally(() => {
          running = undefined
        })
    }
    app.addHook('onListen', async () => {
      if (timer) return
      timer = setInterval(tick, TICK_MS)
      timer.unref()
    })
    app.addHook('preClose', async () => {
      clearInterval(timer)
      await running
    })
  },
  { name: 'report-scheduler', dependencies: ['db'] },
)
