import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MonthlyReport } from '@jangkau/shared'
import type { FastifyInstance } from 'fastify'
import type { BrowserContext } from 'playwright-core'
import { AppError } from '../errors.ts'
import { t } from '../i18n.ts'
import { buildMonthlyReport } from './monthly.ts'
import { CHROMIUM_ARGS } from './chromium-args.ts'
import { pdfFooterTemplate } from './pdf-footer.ts'
import type { RenderFor } from './render-queue.ts'

/*
 * The monthly report as PDF: the dashboard's own print page (/cetak/laporan/:month, outside the
 * signed-in frame) opened in headless Chromium and printed to A4. The page asks
 * /api/reports/monthly for its data; that one request is answered inside Chromium with the report
 * built here, so the browser needs no credentials and prints exactly the numbers of the JSON answer.
 */

/** A4 (210 mm) less the print page's margins (2 × 14 mm) in CSS pixels: charts are drawn at the width they print at. */
const PRINT_WIDTH_PX = 688
const TIMEOUT_MS = 60_000

const NO_CHROMIUM = t(
  'PDF tidak tersedia di server ini (Chromium tidak terpasang). Gunakan Cetak (Ctrl+P) di peramban lalu pilih "Simpan sebagai PDF".',
  'PDF is not available on this server (Chromium is not installed). Use Print (Ctrl+P) in the browser and choose "Save as PDF".',
)
const NO_WEB = t(
  'PDF tidak tersedia: dasbor belum dibangun (jalankan `pnpm build`). Gunakan Cetak (Ctrl+P) di peramban.',
  'PDF is not available: the dashboard is not built (run `pnpm build`). Use Print (Ctrl+P) in the browser.',
)
const NOT_LISTENING = t(
  'PDF tidak tersedia: server belum menerima koneksi pada suatu port, padahal PDF dicetak dari halamannya sendiri.',
  'PDF is not available: the server is not listening on a port, and the PDF is printed from its own page.',
)

/** Why this server cannot make PDFs, or null when it can (Chromium present, dashboard built). */
function unavailableReason(app: FastifyInstance): string | null {
  const path = app.config.chromiumPath
  if (!path || !existsSync(path)) return NO_CHROMIUM
  if (!existsSync(join(app.config.webDist, 'index.html'))) return NO_WEB
  return null
}

/** Whether GET /api/reports/monthly.pdf can answer (the dashboard says so, and offers Print otherwise). */
export function pdfAvailable(app: FastifyInstance): boolean {
  return unavailableReason(app) === null
}

/** http://host:port of this app as Chromium on the same machine reaches it. */
function ownBaseUrl(app: FastifyInstance): string {
  const address = app.server.address() as AddressInfo | string | null
  if (!address || typeof address === 'string') throw new AppError(503, 'pdf_unavailable', NOT_LISTENING)
  const wildcard = address.address === '0.0.0.0' || address.address === '::'
  const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}`
}

/**
 * The report of `month` (province or one regency, Indonesian or English) as an A4 PDF, rendered
 * when app.pdfRenders has a slot for it (`renderFor`: a user's download or an email). Throws 400
 * like buildMonthlyReport, 503 `pdf_unavailable` without Chromium, a built dashboard or a listening
 * server, 429 `pdf_busy` / 503 `pdf_queue_full` (with Retry-After) when a download is not admitted
 * (render-queue.ts), and 500 `pdf_failed` when Chromium could not print (the cause is logged).
 */
export async function renderReportPdf(
  app: FastifyInstance,
  opts: { month: string; region: string | null; lang: 'id' | 'en' },
  renderFor: RenderFor,
): Promise<Buffer> {
  // The report first: a bad month or region is the caller's 400 whatever this server can print.
  const report = await buildMonthlyReport(app, opts)
  const reason = unavailableReason(app)
  if (reason) throw new AppError(503, 'pdf_unavailable', reason)
  const base = ownBaseUrl(app)
  // Outside the try: a refusal (429, 503) is the caller's answer as it is, not a failed print.
  const rendering = app.pdfRenders.run(renderFor, () => print(app.config.chromiumPath!, base, report))
  try {
    return await rendering
  } catch (error) {
    app.log.error({ err: error }, 'the monthly report could not be printed to PDF')
    throw new AppError(
      500,
      'pdf_failed',
      t(
        'PDF gagal dibuat. Coba lagi, atau gunakan Cetak (Ctrl+P) di peramban.',
        'The PDF could not be made. Try again, or use Print (Ctrl+P) in the browser.',
      ),
    )
  }
}

async function print(executablePath: string, base: string, report: MonthlyReport): Promise<Buffer> {
  const profile = await mkdtemp(join(tmpdir(), 'jangkau-pdf-'))
  let context: BrowserContext | undefined
  try {
    // Loaded on the first PDF, not at start: most processes never print one.
    const { chromium } = await import('playwright-core')
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: report.lang === 'id' ? 'id-ID' : 'en-GB',
      timezoneId: report.timeZone,
      viewport: { width: PRINT_WIDTH_PX, height: 1000 },
      timeout: TIMEOUT_MS,
    })
    const page = await context.newPage()
    page.setDefaultTimeout(TIMEOUT_MS)
    // Laid out for paper from the start, so the charts measure the width they are printed at.
    await page.emulateMedia({ media: 'print' })
    // The page's one API call gets this report; any other API call is refused rather than sent unsigned.
    await page.route(
      (url) => url.pathname.startsWith('/api/'),
      (route) =>
        new URL(route.request().url()).pathname === '/api/reports/monthly'
          ? route.fulfill({ json: report })
          : route.fulfill({
              status: 404,
              json: { error: { code: 'not_found', message: t('Tidak tersedia saat mencetak.', 'Not available while printing.') } },
            }),
    )
    const query = new URLSearchParams({ lang: report.lang, ...(report.region ? { wilayah: report.region } : {}) })
    await page.goto(`${base}/cetak/laporan/${report.month}?${query}`, { waitUntil: 'load' })
    // The page sets data-report-ready once its data is shown and every chart is drawn ("error" if not).
    const marker = await page.waitForSelector('[data-report-ready]')
    const state = await marker.getAttribute('data-report-ready')
    if (state !== 'true') throw new Error(`the print page did not become ready: ${state}`)
    // Every page's foot: the period and when the report was made, and "Halaman 1 dari 3" (pdf-footer.ts).
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: pdfFooterTemplate(report),
    })
  } finally {
    await context?.close().catch(() => undefined)
    await rm(profile, { recursive: true, force: true })
  }
}
