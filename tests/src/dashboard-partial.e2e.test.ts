import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { ReportMonths } from '@jangkau/shared'
import { dashboardApp, TEST_TIMEOUT, TODAY, VIEWER, WAIT } from './helpers/dashboard.ts'
import { testDatabase } from './helpers/test-app.ts'

// The running day, week or month is counted so far: Ringkasan, KIM and the monthly report draw it
// apart (dashed, lighter, "sementara") instead of as a fall. The demo's now is Friday 27 November
// 2026, 10:00 WITA (helpers/dashboard.ts), in the browser's clock and the server's.
describe(`the running period drawn as partial, in Chromium on ${testDatabase}`, () => {
  const t = dashboardApp()
  const { signInAs, api, openPage, settled, expectAccessible, screenshot } = t

  /** The chart of the panel titled `title`. */
  const chartOf = (page: Page, title: string): Locator =>
    page.locator('section.panel', { has: page.getByRole('heading', { name: title }) }).locator('figure.chart')

  /** Moves the mouse onto the chart's last point and answers what the tooltip says. */
  async function tooltipOfLastPoint(page: Page, chart: Locator): Promise<string> {
    // The dashed line ends at the last point; the tooltip follows the mouse's x in the plot area.
    const surface = chart.locator('svg.recharts-surface[role="application"]')
    await surface.scrollIntoViewIfNeeded()
    const svg = (await surface.boundingBox())!
    const line = (await chart.locator('.series-partial .recharts-line-curve').first().boundingBox())!
    await page.mouse.move(0, 0)
    await surface.hover({ position: { x: line.x - svg.x + line.width - 1, y: svg.height / 2 } })
    const tooltip = chart.locator('.chart-tooltip')
    await tooltip.waitFor({ timeout: WAIT.timeout })
    return (await tooltip.textContent()) ?? ''
  }

  it(
    'marks today on Ringkasan as partial, and the running week or month on longer ranges',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/ringkasan`)
      await settled(page)
      const chart = chartOf(page, 'Tayangan dari waktu ke waktu')
      await chart.locator('svg.recharts-surface[role="application"]').waitFor({ timeout: WAIT.timeout })
      // The last 30 days by day: today is still running.
      expect(await chart.getAttribute('data-partial')).toBe(TODAY)
      // One dashed line per series (views, visitors) from yesterday to today, and the note under the chart.
      expect(await chart.locator('.series-partial .recharts-line-curve').count()).toBe(2)
      expect(await chart.locator('figcaption').textContent()).toBe('sementara: hari ini belum selesai, angkanya masih bertambah')
      expect(await tooltipOfLastPoint(page, chart)).toContain('Jumat, 27 November 2026 (sementara)')
      await expectAccessible(page, 'Ringkasan with a partial day')
      await screenshot(page, 'ringkasan-sementara', { scrollTo: '.cards' })

      // A range long enough for weeks or months: the bucket that holds today is the partial one.
      const running: Record<string, string> = { 'Per hari': TODAY, 'Per pekan (mulai Senin)': '2026-11-23', 'Per bulan': '2026-11' }
      for (const from of ['2026-08-01', '2025-12-01']) {
        await page.goto(`${t.base}/ringkasan?periode=kustom&dari=${from}&sampai=${TODAY}`)
        await settled(page)
        const long = chartOf(page, 'Tayangan dari waktu ke waktu')
        await long.locator('svg.recharts-surface[role="application"]').waitFor({ timeout: WAIT.timeout })
        const interval = await page
          .locator('section.panel', { has: page.getByRole('heading', { name: 'Tayangan dari waktu ke waktu' }) })
          .locator('.panel-subtitle')
          .textContent()
        expect(Object.keys(running)).toContain(interval)
        expect(await long.getAttribute('data-partial')).toBe(running[interval!])
        expect(await long.locator('.series-partial .recharts-line-curve').count()).toBe(2)
      }
      // The year ago is over: nothing in it is partial.
      await page.goto(`${t.base}/ringkasan?periode=kustom&dari=2025-09-01&sampai=2025-09-30`)
      await settled(page)
      const past = chartOf(page, 'Tayangan dari waktu ke waktu')
      await past.locator('svg.recharts-surface[role="application"]').waitFor({ timeout: WAIT.timeout })
      expect(await past.getAttribute('data-partial')).toBeNull()
      expect(await past.locator('.series-partial').count()).toBe(0)
      expect(await past.locator('figcaption').count()).toBe(0)
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  it(
    'marks the running month of the KIM charts as partial, for all groups and for one',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/kim`)
      await settled(page)
      const chart = chartOf(page, 'Kegiatan per bulan')
      await chart.locator('svg.recharts-surface[role="application"]').waitFor({ timeout: WAIT.timeout })
      expect(await chart.getAttribute('data-partial')).toBe('2026-11')
      expect(await chart.locator('.series-partial .recharts-line-curve').count()).toBe(1)
      expect(await chart.locator('figcaption').textContent()).toBe('sementara: bulan ini belum selesai, angkanya masih bertambah')
      expect(await tooltipOfLastPoint(page, chart)).toContain('November 2026 (sementara)')
      await expectAccessible(page, 'KIM with a partial month')

      // One group's page: its activities per month over the last year, November partial.
      await page.goto(`${t.base}/kim/grup/${t.kutimGroupId}`)
      await settled(page)
      const group = chartOf(page, 'Kegiatan per bulan')
      await group.locator('svg.recharts-surface[role="application"]').waitFor({ timeout: WAIT.timeout })
      expect(await group.getAttribute('data-partial')).toBe('2026-11')
      expect(await group.locator('.series-partial .recharts-line-curve').count()).toBe(1)
      expect(await tooltipOfLastPoint(page, group)).toContain('November 2026 (sementara)')
      await expectAccessible(page, 'a KIM group with a partial month')
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  it(
    'says "sementara" in the heading of the running month’s report, offers every month back to the first data',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/laporan?bulan=2026-11`)
      await settled(page)
      const title = page.locator('.monthly-report .report-title')
      await expect.poll(() => title.textContent(), WAIT).toBe('Laporan Bulanan Jangkau: November 2026 (sementara, sampai 27 Nov 2026)')
      const chart = page.locator('.monthly-report figure.chart').first() // the daily views, before the regencies' bars
      await chart.locator('svg.recharts-surface[role="application"]').waitFor({ timeout: WAIT.timeout })
      expect(await chart.getAttribute('data-partial')).toBe(TODAY)
      await expectAccessible(page, 'the running month’s report')

      // The month picker: the running month marked, down to the first month with data.
      const months = await api<ReportMonths>('/api/reports/months')
      expect(months.current).toBe('2026-11')
      // The demo's KIM history goes back years before its page views (2022): well before January 2024.
      expect(months.first! < '2022-01').toBe(true)
      const options = page.getByLabel('Bulan', { exact: true }).locator('option')
      await expect.poll(() => options.first().textContent(), WAIT).toBe('November 2026 (sementara)')
      expect(await options.last().getAttribute('value')).toBe(months.first)
      expect(await page.locator('.report-controls option[value="2023-06"]').count()).toBe(1)

      // A month that is over says nothing of the kind.
      await page.getByLabel('Bulan', { exact: true }).selectOption('2026-10')
      await expect.poll(() => title.textContent(), WAIT).toBe('Laporan Bulanan Jangkau: Oktober 2026')
      await chart.locator('svg.recharts-surface[role="application"]').waitFor({ timeout: WAIT.timeout })
      expect(await chart.getAttribute('data-partial')).toBeNull()
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )
})
