import type { AddressInfo } from 'node:net'
import type { MonthlyReport } from '@jangkau/shared'
import { extractText, getDocumentProxy } from 'unpdf'
import { beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from './helpers/auth.ts'
import { launchBrowser, watchPageErrors } from './helpers/browser.ts'
import { enNumber, idNumber, idPercent, monthlyReportApp } from './helpers/monthly-report.ts'
import { recountPageViews } from './helpers/page-views.ts'
import { testDatabase } from './helpers/test-app.ts'

// The monthly report for leadership: every number must be the stats API's for the same month and
// filters, the sentences must say those numbers the Indonesian way, and the PDF is the report page
// printed by the real Chromium (the built dashboard served by the app on a real port).

describe(`monthly report on ${testDatabase}`, () => {
  const t = monthlyReportApp()
  const { headers, get, errorOf, expectStatsApiNumbers } = t

  it('gives every number of the month as the stats API does, for the province', async () => {
    const report = await get<MonthlyReport>('/api/reports/monthly?month=2026-10')
    await expectStatsApiNumbers(report, { from: '2026-10-01', to: '2026-10-31' }, null)

    // And the numbers are right, not only equal: an independent recount of the raw views.
    const recount = [...(await recountPageViews(t.app.db, { from: '2026-10-01', to: '2026-10-31', tz: 'Asia/Makassar' })).values()][0]!
    expect(report.totals).toEqual({ views: 1207, importedViews: 0, visitors: recount.visitors, articles: 3 })
    expect(recount.views).toBe(1207)
    expect(report.previous.views).toBe(321)
    expect(report.yearAgo.views).toBe(40)
    expect(report.change.previousMonth.views).toEqual({ absolute: 886, percent: 276 })
    expect(report.kim).toMatchObject({ groups: 3, active: 2, dormant: 1, activities: 3, participants: 65 })
    expect(report.kim.previous).toMatchObject({ groups: 3, active: 2, dormant: 1, activities: 1, participants: 8 })
    expect(report.kim.byType).toEqual([
      { type: 'sosialisasi', label: 'Sosialisasi', activities: 2, participants: 45 },
      { type: 'bimtek', label: 'Bimtek', activities: 1, participants: 20 },
    ])
    expect(report.regencies[0]).toMatchObject({
      code: '64.08',
      label: 'Kabupaten Kutai Timur',
      rank: 1,
      views: 1201,
      kimActive: 1,
      activities: 2,
    })
    expect(report.regencies.filter((r) => r.views === 0)).toHaveLength(7)
    expect(report.topArticles[0]).toEqual({
      id: expect.any(Number),
      title: 'KIM Teluk Singkama ikut Bimtek Dunia Digital',
      titleConfirmed: true,
      url: 'https://diskominfo.kaltimprov.go.id/berita/kim-teluk-singkama',
      views: 1200,
      visitors: expect.any(Number),
    })
    expect(report.daily).toHaveLength(31)
    expect(report.daily[30]).toEqual({ date: '2026-10-31', views: 1, visitors: 1 })
    expect(report).toMatchObject({
      month: '2026-10',
      monthLabel: 'Oktober 2026',
      lang: 'id',
      title: 'Laporan Bulanan Jangkau: Oktober 2026',
      region: null,
      regionLabel: 'Provinsi Kalimantan Timur',
      complete: true,
      timeZone: 'Asia/Makassar',
      previousMonth: { month: '2026-09', label: 'September 2026', range: { from: '2026-09-01', to: '2026-09-30' } },
      yearAgoMonth: { month: '2025-10', label: 'Oktober 2025', range: { from: '2025-10-01', to: '2025-10-31' } },
      pdfAvailable: true,
    })
  })

  it('filters by one regency, and still ranks all ten', async () => {
    const report = await get<MonthlyReport>('/api/reports/monthly?month=2026-10&region=64.08')
    await expectStatsApiNumbers(report, { from: '2026-10-01', to: '2026-10-31' }, '64.08')
    // The Kutim article and the one about a Kutim district (64.08.12) count; others do not.
    expect(report.totals.views).toBe(1201)
    expect(report.topArticles.map((a) => a.title)).toEqual(['KIM Teluk Singkama ikut Bimtek Dunia Digital', 'Sangatta'])
    expect(report.kim).toMatchObject({ groups: 2, active: 1, dormant: 1, activities: 2, participants: 35 })
    expect(report.regionLabel).toBe('Kabupaten Kutai Timur')
    expect(report.title).toBe('Laporan Bulanan Jangkau: Oktober 2026, Kabupaten Kutai Timur')
    expect(report.regencies).toHaveLength(10)
    expect(report.sentences).toContain('Kabupaten Kutai Timur berada di peringkat 1 dari 10 kabupaten/kota menurut tayangan.')
  })

  it('writes short sentences with the numbers formatted the Indonesian way', async () => {
    const r = await get<MonthlyReport>('/api/reports/monthly?month=2026-10')
    expect(idNumber(r.totals.views)).toBe('1.207')
    expect(r.sentences).toEqual([
      `Pada Oktober 2026, artikel dilihat 1.207 kali oleh ${idNumber(r.totals.visitors)} pengunjung harian, dan 3 artikel baru terbit.`,
      'Dibanding September 2026, tayangan naik 276% (+886).',
      `Dibanding Oktober 2025, tayangan naik ${idNumber(r.change.yearAgo.views.percent!)}% (+1.167).`,
      'Tayangan terbanyak: Kabupaten Kutai Timur (1.201), Kota Samarinda (3) dan Kabupaten Kutai Kartanegara (1).',
      `Tanpa tayangan: ${r.regencies
        .filter((x) => x.views === 0)
        .map((x) => x.label)
        .join(', ')
        .replace(/, ([^,]*)$/, ' dan $1')}.`,
      'Artikel terpopuler: “KIM Teluk Singkama ikut Bimtek Dunia Digital” (1.200 kali dilihat).',
      `Kategori paling banyak dibaca: Pemerintahan (${idNumber(r.topCategories[0]!.share!)}% dari tayangan).`,
      // Village coverage always with one decimal, as every page writes it.
      `Dari 3 KIM terdaftar, 2 aktif dan 1 vakum; ${idPercent(r.kim.coverage)} desa/kelurahan sudah memiliki KIM, ` +
        `${idPercent(r.kim.activeCoverage)} memiliki KIM aktif.`,
      'Tercatat 3 kegiatan KIM dengan 65 peserta, terbanyak sosialisasi (2 kegiatan).',
    ])
    // 2,917.5 % a year on: a decimal comma, a thousands point.
    expect(r.sentences[2]).toContain('2.917,5%')
    expect(r.sentences[6]).toContain('99,5%')

    const en = await get<MonthlyReport>('/api/reports/monthly?month=2026-10&lang=en')
    expect(en.monthLabel).toBe('October 2026')
    expect(en.title).toBe('Jangkau monthly report: October 2026')
    expect(en.sentences[0]).toBe(
      `In October 2026, articles were viewed ${enNumber(1207)} times by ${enNumber(en.totals.visitors)} daily visitors, ` +
        `and 3 new articles were published.`,
    )
    expect(en.sentences[1]).toBe('Compared with September 2026, views rose by 276% (+886).')
    expect(en.sentences).toContain('Most read article: “KIM Teluk Singkama ikut Bimtek Dunia Digital” (1,200 views).')
    expect(en.visitorsDefinition).toMatch(/^Visitors are counted per article per day \(WITA\)/)
    expect(en.kim.byType[0]!.label).toBe('Socialisation')
  })

  it('says when there is nothing to compare with, and when the month is not over', async () => {
    const empty = await get<MonthlyReport>('/api/reports/monthly?month=2020-01')
    expect(empty.totals).toEqual({ views: 0, importedViews: 0, visitors: 0, articles: 0 })
    expect(empty.change.previousMonth.views).toEqual({ absolute: 0, percent: null })
    expect(empty.topArticles).toEqual([])
    expect(empty.sentences).toContain('Belum ada tayangan pada Desember 2019 untuk dibandingkan.')
    expect(empty.sentences).toContain('Belum ada KIM terdaftar.')
    expect(empty.sentences).toContain('Tidak ada kegiatan KIM yang tercatat bulan ini.')

    const running = await get<MonthlyReport>('/api/reports/monthly?month=2026-11')
    expect(running.complete).toBe(false)
    expect(running.range).toEqual({ from: '2026-11-01', to: '2026-11-30' })
    expect(running.totals.views).toBe(1)
    expect(running.sentences[0]).toBe('Bulan ini belum selesai: angka sampai 10 November 2026.')
    // A year back from a leap day's month still lands on a whole month.
    const february = await get<MonthlyReport>('/api/reports/monthly?month=2024-02')
    expect(february.range).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(february.yearAgoMonth.range).toEqual({ from: '2023-02-01', to: '2023-02-28' })
  })

  it.each([
    ['month=2026-13', 400, 'invalid_request'],
    ['month=2026-1', 400, 'invalid_request'],
    ['month=26-10', 400, 'invalid_request'],
    ['month=2026-10-01', 400, 'invalid_request'],
    ['', 400, 'invalid_request'],
    ['month=2026-12', 400, 'month_in_future'],
    ['month=2026-10&region=64.99', 400, 'unknown_region'],
    ['month=2026-10&region=64.08.12', 400, 'invalid_request'],
    ['month=2026-10&region=64', 400, 'invalid_request'],
    ['month=2026-10&lang=fr', 400, 'invalid_request'],
    ['month=2026-10&extra=1', 400, 'invalid_request'],
  ])('refuses %s with %i %s, for JSON and PDF', async (query, status, code) => {
    for (const path of ['/api/reports/monthly', '/api/reports/monthly.pdf']) {
      const e = await errorOf(`${path}?${query}`)
      expect({ path, status: e.status, code: e.code }, query).toEqual({ path, status, code })
      expect(e.message.length).toBeGreaterThan(0)
      // The report's own checks say it in both languages.
      if (code !== 'invalid_request') expect(e.message).toContain(' / ')
    }
  })

  it("counts the days imported from the portal's old counter, and says so", async () => {
    const admin = await createApiToken(t.app, { role: 'admin' })
    const csv =
      'url;date;views\nhttps://diskominfo.kaltimprov.go.id/berita/kim-teluk-singkama;2024-05-02;40\n' +
      'https://diskominfo.kaltimprov.go.id/berita/kim-teluk-singkama;2024-05-03;2\n'
    const imported = await t.app.inject({
      method: 'POST',
      url: '/api/import/daily-views',
      headers: { ...admin.headers, 'content-type': 'text/csv' },
      payload: csv,
    })
    expect(imported.statusCode, imported.body).toBe(200)
    const report = await get<MonthlyReport>('/api/reports/monthly?month=2024-05')
    await expectStatsApiNumbers(report, { from: '2024-05-01', to: '2024-05-31' }, null)
    expect(report.totals).toMatchObject({ views: 42, importedViews: 42, visitors: 0 })
    expect(report.sentences[1]).toBe('42 di antaranya diimpor dari penghitung lama portal (tanpa data pengunjung).')
    expect(report.topArticles[0]).toMatchObject({ title: 'KIM Teluk Singkama ikut Bimtek Dunia Digital', views: 42 })
  })

  it('needs a signed-in reader, and lets operators of any regency read it like the stats', async () => {
    const anonymous = await t.app.inject({ url: '/api/reports/monthly?month=2026-10' })
    expect(anonymous.statusCode).toBe(401)
    const operator = await createApiToken(t.app, { role: 'operator', regions: ['64.03'] })
    const r = await t.app.inject({ url: '/api/reports/monthly?month=2026-10&region=64.08', headers: operator.headers })
    expect(r.statusCode).toBe(200)
    const stats = await t.app.inject({ url: '/api/stats/summary?from=2026-10-01&to=2026-10-31&region=64.08', headers: operator.headers })
    expect(stats.statusCode).toBe(200)
  })

  it('answers 503 pdf_unavailable while the app does not listen on a port', async () => {
    const r = await t.app.inject({ url: '/api/reports/monthly.pdf?month=2026-10', headers })
    expect(r.statusCode).toBe(503)
    expect(r.json().error.code).toBe('pdf_unavailable')
  })

  describe('PDF', () => {
    let base = ''
    beforeAll(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' })
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
    })

    /** The PDF's bytes, its pages' text (white space collapsed) and all of it as one text. */
    async function pdfOf(query: string): Promise<{ bytes: Uint8Array; pages: string[]; text: string; disposition: string }> {
      const r = await t.app.inject({ url: `/api/reports/monthly.pdf?${query}`, headers })
      expect(r.statusCode, r.body.slice(0, 500)).toBe(200)
      expect(r.headers['content-type']).toBe('application/pdf')
      const bytes = new Uint8Array(r.rawPayload)
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)))
      const pages = (text as string[]).map((p) => p.replace(/\s+/g, ' '))
      return { bytes, pages, text: pages.join(' '), disposition: String(r.headers['content-disposition']) }
    }

    it('prints the report page to A4 pages with its title and numbers', async () => {
      const report = await get<MonthlyReport>('/api/reports/monthly?month=2026-10')
      const pdf = await pdfOf('month=2026-10')
      expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
      expect(pdf.disposition).toBe('attachment; filename="laporan-jangkau-2026-10.pdf"')
      // The sections follow each other without forced breaks (report-pdf-pages.test.ts): a few A4 sheets.
      expect(pdf.pages.length).toBeGreaterThanOrEqual(2)
      expect(pdf.pages.length).toBeLessThanOrEqual(4)
      // The count of page objects agrees with the parser.
      expect(
        Buffer.from(pdf.bytes)
          .toString('latin1')
          .match(/\/Type\s*\/Page(?!s)/g),
      ).toHaveLength(pdf.pages.length)
      const summary = pdf.pages[0]!
      expect(summary).toContain(report.title)
      for (const sentence of report.sentences) expect(summary).toContain(sentence)
      expect(summary).toContain('Tayangan per hari')
      // The charts are drawn: their axis labels are text of the page.
      expect(summary).toContain('1 Okt')
      expect(summary).toContain('31 Okt')
      expect(pdf.text).toContain('Peringkat kabupaten/kota menurut tayangan')
      expect(pdf.text).toContain('Kab. Kutai Timur')
      expect(pdf.text).toContain('Kabupaten Kutai Timur 1.201')
      expect(pdf.text).toContain('Sepuluh artikel teratas')
      expect(pdf.text).toContain(
        'KIM Teluk Singkama ikut Bimtek Dunia Digital https://diskominfo.kaltimprov.go.id/berita/kim-teluk-singkama 1.200',
      )
      expect(pdf.text).toContain('Kategori teratas')
      expect(pdf.text).toContain('KIM terdaftar 3 KIM aktif 2 KIM vakum 1')
      expect(pdf.text).toContain('Sosialisasi 2 45')
      // No dashboard navigation or buttons on paper.
      expect(pdf.text).not.toContain('Unduh PDF')
      expect(pdf.text).not.toContain('Keluar')
    })

    it('prints one regency in English', async () => {
      const pdf = await pdfOf('month=2026-10&region=64.08&lang=en')
      expect(pdf.disposition).toBe('attachment; filename="laporan-jangkau-2026-10-64-08.pdf"')
      expect(pdf.pages[0]).toContain('Jangkau monthly report: October 2026, Kabupaten Kutai Timur')
      expect(pdf.text).toContain('Kabupaten Kutai Timur ranks 1 of 10 regencies and cities by views.')
    })

    it('hides the navigation, filters and buttons when the report page is printed', async () => {
      const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } })
      try {
        const cookie = headers.cookie!
        await browser.context.addCookies([
          { name: cookie.slice(0, cookie.indexOf('=')), value: cookie.slice(cookie.indexOf('=') + 1), url: base },
        ])
        const page = await browser.context.newPage()
        const errors = watchPageErrors(page)
        await page.goto(`${base}/laporan?bulan=2026-10`)
        await page
          .locator('.monthly-report .report-chart svg.recharts-surface')
          .first()
          .waitFor()
          .catch(async (e) => {
            // biome-ignore lint/performance/useDomNodeTextContent: Playwright's Locator.innerText, not the DOM property
            throw new Error(`${e}\n${page.url()}\n${await page.locator('body').innerText()}\n${errors.join('\n')}`)
          })
        await expect(
          page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Laporan bulanan' }).isVisible(),
        ).resolves.toBe(true)
        await expect(page.getByRole('button', { name: 'Unduh PDF' }).isEnabled()).resolves.toBe(true)
        expect(await page.locator('.report-title').textContent()).toBe('Laporan Bulanan Jangkau: Oktober 2026')

        await page.emulateMedia({ media: 'print' })
        for (const selector of ['.topbar', '.report-controls', '.page-header', '.footer']) {
          expect(await page.locator(selector).first().isVisible(), selector).toBe(false)
        }
        expect(await page.getByRole('button', { name: 'Cetak' }).isVisible()).toBe(false)
        expect(await page.locator('.monthly-report').isVisible()).toBe(true)
        // Each chart, drawn for the 1280-pixel screen, shrinks to the paper's width and stays visible.
        await page.setViewportSize({ width: 700, height: 900 })
        const widths = await page.evaluate(() =>
          [...document.querySelectorAll('.report-chart svg.recharts-surface')].map((svg) => svg.getBoundingClientRect().width),
        )
        expect(widths).toHaveLength(2)
        for (const width of widths) {
          expect(width).toBeGreaterThan(400)
          expect(width).toBeLessThanOrEqual(700)
        }
      } finally {
        await browser.close()
      }
    })
  })
})
