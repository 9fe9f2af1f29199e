import { describe, expect, it } from 'vitest'
import { addDays, dashboardApp, OPERATOR, TEST_TIMEOUT, TODAY, WAIT } from './helpers/dashboard.ts'
import { testDatabase } from './helpers/test-app.ts'

// A KIM write refreshes what counts KIM, not only the registry: after recording an activity, the
// Ringkasan cards ("Kegiatan KIM") show it as soon as one goes back there, in the same page and
// cache (no reload). Before the invalidation map (web/src/api/keys.ts) a KIM write refreshed only
// the ['kim'] queries, and the cards kept the old count until their cached answer went stale.

describe(`KIM numbers stay fresh in Chromium on ${testDatabase}`, () => {
  const t = dashboardApp()
  const { signInAs, openPage, settled, cardValues, summaryFor } = t
  const from = addDays(TODAY, -29)

  it(
    'shows on Ringkasan, without a reload, the activity just recorded through the form',
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
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true)
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )
})
