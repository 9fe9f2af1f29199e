import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { dayIn, ErrorBody, MonthlyReport, MonthlyReportQuery, ReportMonths } from '@jangkau/shared'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { getFirstKimActivityDay } from '../queries/first-kim-activity-day.ts'
import { buildMonthlyReport } from '../reports/monthly.ts'
import { pdfAvailable, renderReportPdf } from '../reports/pdf.ts'
import { firstDayWithData } from '../stats/first-day.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody }

/** "laporan-jangkau-2026-10.pdf", "laporan-jangkau-2026-10-64-08.pdf" for one regency. */
export const reportFileName = (month: string, region: string | null) =>
  `laporan-jangkau-${month}${region ? `-${region.replace('.', '-')}` : ''}.pdf`

/**
 * /api/reports/*: the monthly report for leadership, as JSON (the dashboard's /laporan page) and as
 * the same page printed to PDF. Readable by every signed-in reader, like the stats it is made of.
 */
const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/reports/months',
    {
      config: { access: 'read' },
      schema: {
        tags: ['reports'],
        summary: 'The months a monthly report can be asked for: from the first month with data to the running one',
        response: { 200: ReportMonths, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async () => {
      // Views not yet counted into the rollups would be missed on a fresh install otherwise.
      await app.rollups.catchUp()
      // The first counted or imported view (as "seluruh waktu" starts), or an earlier KIM activity.
      const days = [await firstDayWithData(app.readDb, app.config.timeZone), await getFirstKimActivityDay(app.readDb)]
      const first = days.filter((d) => d !== null).sort()[0] ?? null
      return { first: first?.slice(0, 7) ?? null, current: dayIn(app.clock(), app.config.timeZone).slice(0, 7) }
    },
  )

  app.get(
    '/api/reports/monthly',
    {
      config: { access: 'read' },
      schema: {
        tags: ['reports'],
        summary: 'The monthly report: reach, changes, regencies ranked, top articles and categories, KIM, and short sentences',
        description:
          "Every number is the stats API's for the same month and filters (summary, breakdown by region/article/category/activity_type, " +
          'timeseries by day). `change` compares with the previous calendar month and the same month a year earlier.',
        querystring: MonthlyReportQuery,
        response: { 200: MonthlyReport, ...errors },
      },
    },
    async (request) => {
      const { month, region, lang } = request.query
      const report = await buildMonthlyReport(app, { month, region: region ?? null, lang: lang ?? 'id' })
      return { ...report, pdfAvailable: pdfAvailable(app) }
    },
  )

  app.get(
    '/api/reports/monthly.pdf',
    {
      config: { access: 'read' },
      schema: {
        tags: ['reports'],
        summary: "The monthly report as an A4 PDF (the dashboard's print page, rendered by Chromium on the server)",
        description:
          '503 `pdf_unavailable` when the server has no Chromium (CHROMIUM_PATH) or no built dashboard: ' +
          'print the /laporan page from the browser instead. ' +
          'Renders are queued (REPORT_PDF_CONCURRENCY, REPORT_PDF_QUEUE): 429 `pdf_busy` ' +
          "while the same user's previous PDF is still being made, " +
          '503 `pdf_queue_full` when too many wait; both with Retry-After.',
        querystring: MonthlyReportQuery,
        response: {
          200: { content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } } },
          ...errors,
          429: ErrorBody,
          500: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const { month, region, lang } = request.query
      // access 'read' guarantees an actor; a person and each API token get one PDF at a time.
      const user = `${request.actor!.kind}:${request.actor!.id}`
      const pdf = await renderReportPdf(app, { month, region: region ?? null, lang: lang ?? 'id' }, { kind: 'download', user })
      // A Buffer is sent as it is; the typed reply only knows the schema's string.
      return (reply as FastifyReply)
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${reportFileName(month, region ?? null)}"`)
        .header('cache-control', 'no-store')
        .send(pdf)
    },
  )
}

export default reportRoutes
