import type { AddressInfo } from 'node:net'
import { insertPageViews } from '@jangkau/server/queries/insert-page-views.ts'
import type { ReportMonths } from '@jangkau/shared'
import { extractText, getDocumentProxy } from 'unpdf'
import { beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, watchPageErrors } from './helpers/browser.ts'
import { monthlyReportApp, wita } from './helpers/monthly-report.ts'
import { testDatabase } from './helpers/test-app.ts'

// The monthly report's paper: page numbers and a running foot on every PDF page, no sheet left half
// empty before the last, the month picker back to the first month with data, and the favicon.
// (Its numbers and the PDF's content: report-monthly.test.ts.) Now is 10 November 2026, 10:00 WITA.

/** Points per millimetre, and the print stylesheet's page margins (monthly-report.css @page). */
const MM = 72 / 25.4
const TOP = 14 * MM
const BOTTOM = 18 * MM

interface PdfPage {
  text: string
  /** How far down the printable area the page's content reaches: 0 empty … 1 down to the bottom margin. */
  filled: number
}

describe(`the monthly report on paper on ${testDatabase}`, () => {
  const t = monthlyReportApp()
  const { headers, get } = t
  let base = ''

  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  })

  /** The PDF of `query` as pages: their text (white space collapsed) and how full each is. */
  async function pdfPages(query: string): Promise<PdfPage[]> {
    const r = await t.app.inject({ url: `/api/reports/monthly.pdf?${query}`, headers })
    expect(r.statusCode, r.body.slice(0, 500)).toBe(200)
    const doc = await getDocumentProxy(new Uint8Array(r.rawPayload))
    const { text } = await extractText(doc)
    const pages: PdfPage[] = []
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i)
      const [, , , height] = page.view as [number, number, number, number]
      // Text baselines above the bottom margin are the report's (the foot is printed inside the margin).
      const ys = (await page.getTextContent()).items.flatMap((item) =>
        'transform' in item && item.str.trim() ? [item.transform[5] as number] : [],
      )
      const lowest = Math.min(...ys.filter((y) => y > BOTTOM))
      pages.push({ text: (text as string[])[i - 1]!.replace(/\s+/g, ' '), filled: (height - TOP - lowest) / (height - TOP - BOTTOM) })
    }
    return pages
  }

  it('numbers every page "Halaman n dari N" and prints the period and when it was made in the foot', async () => {
    const pages = await pdfPages('month=2026-10')
    // Four subjects (summary, regencies, articles and categories, KIM) on at most four sheets.
    expect(pages.length).toBeGreaterThanOrEqual(2)
    expect(pages.length).toBeLessThanOrEqual(4)
    pages.forEach((page, i) => {
      expect(page.text).toContain(`Halaman ${i + 1} dari ${pages.length}`)
      expect(page.text).toContain('Oktober 2026 · Provinsi Kalimantan Timur · Dibuat 10 November 2026 10.00 WITA')
    })
    // No sheet but the last is left half empty by a section that would not start on it.
    for (const page of pages.slice(0, -1)) expect(page.filled).toBeGreaterThan(0.5)
    // Everything is still there.
    const all = pages.map((p) => p.text).join(' ')
    for (const heading of [
      'Ringkasan',
      'Tayangan per hari',
      'Peringkat kabupaten/kota menurut tayangan',
      'Sepuluh artikel teratas',
      'Kategori teratas',
    ]) {
      expect(all).toContain(heading)
    }
    expect(all).toContain('Sosialisasi 2 45')
  })

  it('prints the foot in English, and says the running month is partial', async () => {
    const english = await pdfPages('month=2026-10&region=64.08&lang=en')
    expect(english[0]!.text).toContain(`Page 1 of ${english.length}`)
    expect(english[0]!.text).toContain('October 2026 · Kabupaten Kutai Timur · Made 10 November 2026 10:00 WITA')

    const running = await pdfPages('month=2026-11')
    expect(running[0]!.text).toContain('Laporan Bulanan Jangkau: November 2026 (sementara, sampai 10 Nov 2026)')
    expect(running[0]!.text).toContain('November 2026 (sementara) · Provinsi Kalimantan Timur · Dibuat 10 November 2026 10.00 WITA')
    expect(running.at(-1)!.text).toContain(`Halaman ${running.length} dari ${running.length}`)
  })

  it('knows the first month with data, and the month picker reaches back to it', async () => {
    // The oldest data so far: the page views of October 2025.
    expect(await get<ReportMonths>('/api/reports/months')).toEqual({ first: '2025-10', current: '2026-11' })
    // A page view of April 2022 (as an old portal's history would bring) moves it back.
    await t.app.db.transaction().execute((trx) =>
      insertPageViews(trx, [
        {
          occurredAt: wita('2022-04-20T08:30:00'),
          siteId: 1,
          url: 'https://diskominfo.kaltimprov.go.id/berita/kim-teluk-singkama',
          visitorHash: '4242',
          referrerHost: null,
          device: 'mobile',
          browser: 'Chrome',
          article: { title: null, categoryId: null, regionCode: null, author: null, publishedAt: null },
        },
      ]),
    )
    expect(await get<ReportMonths>('/api/reports/months')).toEqual({ first: '2022-04', current: '2026-11' })
    const anonymous = await t.app.inject({ url: '/api/reports/months' })
    expect(anonymous.statusCode).toBe(401)

    const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } })
    try {
      const cookie = headers.cookie!
      await browser.context.addCookies([
        { name: cookie.slice(0, cookie.indexOf('=')), value: cookie.slice(cookie.indexOf('=') + 1), url: base },
      ])
      // The page's clock agrees with the server's.
      await browser.context.clock.setFixedTime(new Date('2026-11-10T02:00:00Z'))
      const page = await browser.context.newPage()
      const errors = watchPageErrors(page)
      await page.goto(`${base}/laporan`)
      const options = page.getByLabel('Bulan', { exact: true }).locator('option')
      await expect.poll(() => options.last().getAttribute('value'), { timeout: 60_000 }).toBe('2022-04')
      const values = await options.evaluateAll((els) => els.map((el) => (el as HTMLOptionElement).value))
      expect(values[0]).toBe('2026-11')
      expect(values).toHaveLength(4 * 12 + 8) // April 2022 … November 2026, every month once
      expect(new Set(values).size).toBe(values.length)
      expect(await options.first().textContent()).toBe('November 2026 (sementara)')
      expect(await options.last().textContent()).toBe('April 2022')
      // The default is still the last full month.
      expect(await page.getByLabel('Bulan', { exact: true }).inputValue()).toBe('2026-10')
      expect(errors).toEqual([])
    } finally {
      await browser.close()
    }
  })

  it('serves the favicon the dashboard links to', async () => {
    const icon = await t.app.inject({ url: '/favicon.svg' })
    expect(icon.statusCode).toBe(200)
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/)
    expect(icon.body).toContain('<svg')
    for (const path of ['/', '/laporan']) {
      const html = await t.app.inject({ url: path })
      expect(html.statusCode).toBe(200)
      expect(html.body).toContain('<link rel="icon" type="image/svg+xml" href="/favicon.svg" />')
    }
  })
})
