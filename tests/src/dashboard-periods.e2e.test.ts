import { parse } from 'csv-parse/sync'
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { SEED_ARTICLE } from '@jangkau/server/demo/catalog.ts'
import type { BreakdownAnswer, FirstDayAnswer, SummaryAnswer, TimeseriesAnswer } from '@jangkau/shared'
import { formatDay } from '../../web/src/data/format.ts'
import { dashboardApp, TEST_TIMEOUT, TODAY, VIEWER, WAIT } from './helpers/dashboard.ts'
import { testDatabase } from './helpers/test-app.ts'

// Periods people ask for (issue 15): the presets from "Hari ini" to "Seluruh waktu" on the WITA
// calendar, a four-year range drawn by month, a range the API refuses shown in the form, and the
// article page on the article's whole life. The demo's now is Friday 27 November 2026, 10:00 WITA.
describe(`periods in Chromium on ${testDatabase}`, () => {
  const t = dashboardApp()
  const { signInAs, api, openPage, settled, cardValues, expectAccessible, screenshot } = t

  const panel = (page: Page, title: string): Locator =>
    page.locator('section.panel', { has: page.getByRole('heading', { name: title, exact: true }) })
  const rangeNote = (page: Page) => page.locator('.range-note').textContent()
  const note = (from: string, to: string) => `${formatDay(from)} – ${formatDay(to)} (WITA)`
  const views = async (from: string, to: string) =>
    (await api<SummaryAnswer>(`/api/stats/summary?metrics=views&from=${from}&to=${to}`)).views ?? 0

  /** The tooltip of the chart's first point, as a person hovering the chart's left edge reads it. */
  async function firstPointTooltip(page: Page, chart: Locator): Promise<string> {
    await chart.locator('svg.recharts-surface[role="application"]').waitFor({ timeout: WAIT.timeout })
    const grid = (await chart.locator('.recharts-cartesian-grid').boundingBox())!
    await page.mouse.move(grid.x + 2, grid.y + grid.height / 2)
    const tooltip = chart.locator('.chart-tooltip')
    await tooltip.waitFor({ timeout: WAIT.timeout })
    return (await tooltip.textContent()) ?? ''
  }

  it(
    'gives every preset its WITA days, in the address and in the numbers',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/ringkasan`)
      await settled(page)
      const { firstDay } = await api<FirstDayAnswer>('/api/stats/first-day')
      // The demo's views begin in January 2022.
      expect(firstDay! < '2022-02-01').toBe(true)
      // Today is Friday 27 November 2026 in WITA.
      const presets: [label: string, param: string, from: string, to: string][] = [
        ['Hari ini', 'hari-ini', TODAY, TODAY],
        ['Kemarin', 'kemarin', '2026-11-26', '2026-11-26'],
        ['7 hari', '7-hari', '2026-11-21', TODAY],
        ['Bulan ini', 'bulan-ini', '2026-11-01', TODAY],
        ['Bulan lalu', 'bulan-lalu', '2026-10-01', '2026-10-31'],
        ['12 bulan', '12-bulan', '2025-12-01', TODAY],
        ['Tahun ini', 'tahun-ini', '2026-01-01', TODAY],
        ['Tahun lalu', 'tahun-lalu', '2025-01-01', '2025-12-31'],
        ['Seluruh waktu', 'seluruh-waktu', firstDay!, TODAY],
        ['30 hari', '30-hari', '2026-10-29', TODAY],
      ]
      for (const [label, param, from, to] of presets) {
        await page.getByRole('button', { name: label, exact: true }).click()
        // The default (30 hari) leaves the address plain; every other preset is named in it.
        await page.waitForURL((url) => url.searchParams.get('periode') === (param === '30-hari' ? null : param), { timeout: WAIT.timeout })
        await expect.poll(() => rangeNote(page), WAIT).toBe(note(from, to))
        expect(await page.getByRole('button', { name: label, exact: true }).getAttribute('aria-pressed')).toBe('true')
        await settled(page)
        await expect.poll(async () => (await cardValues(page)).Tayangan, WAIT).toBe(await views(from, to))
      }

      // A shared link keeps working: opened cold, "12 bulan" is the same twelve months.
      await page.goto(`${t.base}/ringkasan?periode=12-bulan`)
      await settled(page)
      expect(await rangeNote(page)).toBe(note('2025-12-01', TODAY))
      // The English names.
      await page.getByRole('button', { name: 'Switch to English' }).click()
      await expect.poll(() => page.getByRole('button', { name: 'All time', exact: true }).count(), WAIT).toBe(1)
      await expect.poll(() => page.getByRole('button', { name: 'Last month', exact: true }).count(), WAIT).toBe(1)
      await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click()
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  it(
    'draws 2022–2026 by month, with the views of 2022',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/ringkasan?periode=kustom&dari=2022-01-01&sampai=${TODAY}`)
      await settled(page)
      expect(await rangeNote(page)).toBe(note('2022-01-01', TODAY))
      const trend = panel(page, 'Tayangan dari waktu ke waktu')
      expect(await trend.locator('.panel-subtitle').textContent()).toBe('Per bulan')
      const months = await api<TimeseriesAnswer>(`/api/stats/timeseries?metrics=views&by=month&from=2022-01-01&to=${TODAY}`)
      const points = months.series[0]!.points
      expect(points).toHaveLength(59) // January 2022 to November 2026
      const january = points[0]!
      expect(january.date).toBe('2022-01-01')
      expect(january.views).toBeGreaterThan(0)
      const tooltip = await firstPointTooltip(page, trend.locator('figure.chart'))
      expect(tooltip).toContain('Januari 2022')
      expect(tooltip).toContain(`Tayangan: ${january.views!.toLocaleString('id-ID')}`)
      // The panel's CSV is the same monthly series: one row per month.
      const href = await trend.getByRole('link', { name: 'Unduh CSV' }).getAttribute('href')
      const csv = await t.browser.context.request.get(`${t.base}${href}`)
      const rows: string[][] = parse((await csv.text()).replace(/^\uFEFF/, '').replace(/^sep=;\r?\n/, ''), { delimiter: ';' })
      expect(rows.slice(1).map((r) => r[0])).toHaveLength(59)
      await expect.poll(async () => (await cardValues(page)).Tayangan, WAIT).toBe(await views('2022-01-01', TODAY))
      await expectAccessible(page, 'Ringkasan over four years')
      await screenshot(page, 'ringkasan-2022-2026', { scrollTo: 'figure.chart' })
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  it(
    'shows the API’s reason for a refused range in the form and keeps showing the period it had',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/ringkasan?periode=7-hari`)
      await settled(page)
      const shown = await cardValues(page)
      const alert = page.locator('.custom-range [role="alert"]')
      await page.getByRole('button', { name: 'Rentang khusus' }).click()
      const refused: [from: string, to: string, code: string][] = [
        ['1999-06-01', TODAY, 'range_too_early'],
        ['2026-10-10', '2026-10-01', 'invalid_range'],
        ['2000-01-01', TODAY, 'range_too_long'],
      ]
      for (const [from, to, code] of refused) {
        const answer = await t.browser.context.request.get(`${t.base}/api/stats/summary?metrics=views&from=${from}&to=${to}`)
        const error = (await answer.json()).error as { code: string; message: string }
        expect({ status: answer.status(), code: error.code }).toEqual({ status: 400, code })
        await page.getByLabel('Dari', { exact: true }).fill(from)
        await page.getByLabel('Sampai', { exact: true }).fill(to)
        await page.getByRole('button', { name: 'Terapkan' }).click()
        // The Indonesian half of the API's message, next to the date inputs.
        await expect.poll(() => alert.textContent(), WAIT).toBe(error.message.split(' / ')[0])
        expect(new URL(page.url()).search).toBe('?periode=7-hari')
        expect(await rangeNote(page)).toBe(note('2026-11-21', TODAY))
        expect(await cardValues(page)).toEqual(shown)
      }
      await expectAccessible(page, 'a refused range')
      await screenshot(page, 'periode-ditolak')

      // A link with a refused range says why too, instead of quietly showing 30 days.
      await page.goto(`${t.base}/ringkasan?periode=kustom&dari=1999-06-01&sampai=${TODAY}`)
      await expect.poll(() => alert.textContent(), WAIT).toBe('Tidak ada data sebelum 2000-01-01.')
      expect(await rangeNote(page)).toBe(note('1999-06-01', TODAY))
      expect(errors.filter((e) => !e.includes('400'))).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  it(
    'opens an article on its whole life by month, with referrers, devices and browsers, under "Artikel › title"',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/artikel/${t.seedArticleId}`)
      await settled(page)
      expect(await page.locator('h1').textContent()).toBe(SEED_ARTICLE.title)
      // Published 20 April 2022 (08.26 WITA): the page opens on that day to today, by month.
      const { firstDay } = await api<FirstDayAnswer>(`/api/stats/first-day?article=${t.seedArticleId}`)
      expect(firstDay).toBe('2022-04-20')
      expect(await rangeNote(page)).toBe(note('2022-04-20', TODAY))
      expect(new URL(page.url()).search).toBe('')
      expect(await page.getByRole('button', { name: 'Seluruh waktu', exact: true }).getAttribute('aria-pressed')).toBe('true')
      const trend = panel(page, 'Tayangan artikel ini')
      expect(await trend.locator('.panel-subtitle').textContent()).toBe('Per bulan')
      const life = await api<TimeseriesAnswer>(
        `/api/stats/timeseries?metrics=views&by=month&article=${t.seedArticleId}&from=2022-04-20&to=${TODAY}`,
      )
      const april = life.series[0]!.points[0]!
      expect(april.views).toBeGreaterThan(0)
      const tooltip = await firstPointTooltip(page, trend.locator('figure.chart'))
      expect(tooltip).toContain('April 2022')
      expect(tooltip).toContain(`Tayangan: ${april.views!.toLocaleString('id-ID')}`)

      // Referrers, devices and browsers beside each other, the same rows as the API's.
      for (const [title, by] of [
        ['Asal pembaca', 'referrer'],
        ['Perangkat', 'device'],
        ['Peramban', 'browser'],
      ] as const) {
        const answer = await api<BreakdownAnswer>(
          `/api/stats/breakdown?metrics=views&by=${by}&article=${t.seedArticleId}&limit=20&from=2022-04-20&to=${TODAY}`,
        )
        expect(answer.rows.length, by).toBeGreaterThan(1)
        const bars = panel(page, title)
        await bars.locator('svg.recharts-surface').first().waitFor({ timeout: WAIT.timeout })
        expect(await bars.locator('.recharts-bar-rectangle').count(), by).toBe(answer.rows.filter((r) => (r.views ?? 0) > 0).length)
      }
      const browsers = await panel(page, 'Peramban').locator('.recharts-cartesian-axis-tick-value').allTextContents()
      expect(browsers).toContain('Chrome')
      const devices = await panel(page, 'Perangkat').locator('.recharts-cartesian-axis-tick-value').allTextContents()
      expect(devices).toContain('Ponsel')

      // The breadcrumb: "Artikel › <title>", back to the list.
      const crumbs = page.getByRole('navigation', { name: 'Jejak halaman' })
      expect((await crumbs.textContent())?.replace(/\s+/g, ' ').trim()).toBe(`Artikel › ${SEED_ARTICLE.title}`)
      await crumbs.getByRole('link', { name: 'Artikel' }).click()
      await page.waitForURL((url) => url.pathname === '/artikel', { timeout: WAIT.timeout })
      await page.goBack()
      await settled(page)

      // Another period is one click away, and the article's own default stays out of the address.
      await page.getByRole('button', { name: '30 hari', exact: true }).click()
      await page.waitForURL((url) => url.searchParams.get('periode') === '30-hari', { timeout: WAIT.timeout })
      await expect.poll(() => rangeNote(page), WAIT).toBe(note('2026-10-29', TODAY))
      await page.getByRole('button', { name: 'Seluruh waktu', exact: true }).click()
      await page.waitForURL((url) => url.search === '', { timeout: WAIT.timeout })
      await expect.poll(() => rangeNote(page), WAIT).toBe(note('2022-04-20', TODAY))
      await settled(page)
      await expectAccessible(page, 'the article page')
      await screenshot(page, 'artikel-seluruh-waktu', { fullPage: true })
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  it(
    'shows a real "not found" page for an article id the API does not know',
    async () => {
      await signInAs(VIEWER)
      const { page } = await openPage()
      for (const id of ['999999999', 'abc']) {
        await page.goto(`${t.base}/artikel/${id}`)
        await settled(page)
        expect(await page.locator('h1').textContent()).toBe('Artikel tidak ditemukan')
        await expect
          .poll(() => page.locator('.empty-title').textContent(), WAIT)
          .toBe(id === 'abc' ? 'Alamat ini tidak ada di Jangkau.' : `Artikel ${id} tidak ditemukan.`)
        expect(await page.title()).toContain('Artikel tidak ditemukan')
      }
      await expectAccessible(page, 'an unknown article')
      await page.getByRole('link', { name: 'Ke daftar artikel' }).click()
      await page.waitForURL((url) => url.pathname === '/artikel', { timeout: WAIT.timeout })
      await page.close()
    },
    TEST_TIMEOUT,
  )
})
