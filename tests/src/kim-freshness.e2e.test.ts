import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { BreakdownAnswer, MonthlyReport } from '@jangkau/shared'
import { addDays, dashboardApp, idNumber, OPERATOR, TEST_TIMEOUT, TODAY, WAIT } from './helpers/dashboard.ts'
import { testDatabase } from './helpers/test-app.ts'

// A KIM write refreshes what counts KIM, not only the registry: after recording an activity, the
// Ringkasan cards ("Kegiatan KIM") show it as soon as one goes back there, in the same page and
// cache (no reload). Before the invalidation map (web/src/api/keys.ts) a KIM write refreshed only
// the ['kim'] queries, and the cards kept the old count until their cached answer went stale.
// The same holds for the comparison of two regencies on /wilayah and the monthly report (/laporan),
// visited before the write so that their answers are in the cache.

/** Goes to `path` in the app as its links do (history and React Router), without loading a page. */
async function goInApp(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to)
    window.dispatchEvent(new PopStateEvent('popstate'))
  }, path)
  await page.waitForURL((u) => path.startsWith(u.pathname), { timeout: WAIT.timeout })
}

/** Kutai Timur's "Kegiatan KIM" in the comparison table of /wilayah (its first column). */
const comparedActivities = async (page: Page) =>
  idNumber(
    (await page
      .locator('section.comparison table tr', { has: page.locator('th', { hasText: /^Kegiatan KIM$/ }) })
      .locator('td')
      .first()
      .textContent()) ?? '',
  )
/** "Kegiatan KIM" among the KIM figures of the monthly report. */
const reportActivities = async (page: Page) =>
  idNumber(
    (await page
      .locator('.report-figure', { has: page.locator('.stat-label', { hasText: /^Kegiatan KIM$/ }) })
      .locator('.report-figure-value')
      .textContent()) ?? '',
  )
const COMPARE = '/wilayah?banding=64.08,64.02'
const REPORT = '/laporan?bulan=2026-11&wilayah=64.08'

describe(`KIM numbers stay fresh in Chromium on ${testDatabase}`, () => {
  const t = dashboardApp()
  const { signInAs, openPage, settled, cardValues, summaryFor, api } = t
  const from = addDays(TODAY, -29)

  it(
    'shows on Ringkasan, the /wilayah comparison and /laporan, without a reload, the activity just recorded through the form',
    async () => {
      await signInAs(OPERATOR)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/ringkasan`)
      await settled(page)
      // Gone if the page reloads: everything below happens in this one page and its cache.
      await page.evaluate(() => {
        ;(window as unknown as { sameDocument: boolean }).sameDocument = true
      })
      const before = await summaryFor(from, TODAY)
      await expect.poll(() => cardValues(page), WAIT).toEqual(before)
      const activities = before['Kegiatan KIM']!
      const kutimActivities = async () =>
        (await api<BreakdownAnswer>(`/api/stats/breakdown?metrics=activities&by=region&region=64.08&from=${from}&to=${TODAY}`)).rows[0]!
          .activities!
      const reportedActivities = async () => (await api<MonthlyReport>('/api/reports/monthly?month=2026-11&region=64.08')).kim.activities
      const compared = await kutimActivities()
      const reported = await reportedActivities()

      // The comparison and the report, seen once: their answers are now cached in this page.
      await goInApp(page, COMPARE)
      await settled(page)
      await expect.poll(() => comparedActivities(page), WAIT).toBe(compared)
      await goInApp(page, REPORT)
      await settled(page)
      await expect.poll(() => reportActivities(page), WAIT).toBe(reported)

      // To the form through the app's own links.
      const nav = page.getByRole('navigation', { name: 'Navigasi utama' })
      await nav.getByRole('link', { name: 'KIM', exact: true }).click()
      await page.waitForURL((u) => u.pathname === '/kim', { timeout: WAIT.timeout })
      await settled(page)
      await page.getByRole('link', { name: 'Catat kegiatan' }).first().click()
      await page.waitForURL((u) => u.pathname === '/kim/kegiatan/baru', { timeout: WAIT.timeout })
      await settled(page)
      await page.getByLabel(/^KIM/).selectOption(String(t.kutimGroupId))
      await page.getByLabel(/^Jenis kegiatan/).selectOption('sosialisasi')
      await page.getByLabel(/^Tanggal kegiatan/).fill(TODAY)
      await page.getByLabel(/^Judul kegiatan/).fill('Sosialisasi Keterbukaan Informasi di Teluk Singkama')
      await page.getByLabel(/^Peserta/).fill('23')
      await page.getByRole('button', { name: 'Simpan' }).click()
      await page.waitForURL((u) => u.pathname === `/kim/grup/${t.kutimGroupId}`, { timeout: WAIT.timeout })
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Kegiatan tersimpan.' }).count(), WAIT).toBe(1)

      // The API counts it at once.
      const after = await summaryFor(from, TODAY)
      expect(after['Kegiatan KIM']).toBe(activities + 1)

      // Back to Ringkasan in the app: the card follows. The browser's clock stands still at NOW, so a
      // cached answer never grows stale by itself; only the write's invalidation can refresh it.
      await nav.getByRole('link', { name: 'Ringkasan' }).click()
      await page.waitForURL((u) => u.pathname === '/ringkasan', { timeout: WAIT.timeout })
      await expect.poll(async () => (await cardValues(page))['Kegiatan KIM'], { timeout: 15_000, interval: 100 }).toBe(activities + 1)
      await settled(page)
      expect(await cardValues(page)).toEqual(after)

      // The comparison of /wilayah and the monthly report follow too, still in the same page.
      expect(await kutimActivities()).toBe(compared + 1)
      expect(await reportedActivities()).toBe(reported + 1)
      await goInApp(page, COMPARE)
      await expect.poll(() => comparedActivities(page), { timeout: 15_000, interval: 100 }).toBe(compared + 1)
      await goInApp(page, REPORT)
      await expect.poll(() => reportActivities(page), { timeout: 15_000, interval: 100 }).toBe(reported + 1)
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true)
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )
})
