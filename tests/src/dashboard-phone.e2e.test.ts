import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { REGENCIES } from '../../web/src/data/regencies.ts'
import { dashboardApp, DESKTOP, PHONE, TEST_TIMEOUT, VIEWER, WAIT } from './helpers/dashboard.ts'
import { testDatabase } from './helpers/test-app.ts'

// The dashboard on a 390×844 phone in Chromium: the header folds into a menu, wide tables scroll
// sideways with their names fixed and whole, and the regency comparison lives in the history.

describe(`dashboard on a phone in Chromium on ${testDatabase}`, () => {
  const t = dashboardApp()
  const { signInAs, openPage, settled, expectAccessible, screenshot } = t

  const menuButton = (page: Page) => page.getByRole('button', { name: 'Menu' })
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Navigasi utama' })
  const checked = (page: Page) =>
    page
      .getByRole('checkbox', { name: /^Bandingkan / })
      .evaluateAll((boxes) => (boxes as HTMLInputElement[]).filter((b) => b.checked).map((b) => b.getAttribute('aria-label')))
      .then((names) => names.sort())

  it(
    'folds the header into a menu that opens, navigates and closes; the desktop keeps its bar',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.setViewportSize(PHONE)
      await page.goto(`${t.base}/ringkasan`)
      await settled(page)
      const header = await page.locator('header.topbar').boundingBox()
      expect(header!.height).toBeLessThan(PHONE.height * 0.2)
      expect(await menuButton(page).getAttribute('aria-expanded')).toBe('false')
      expect(await nav(page).isVisible()).toBe(false)

      // The periods are one row that scrolls sideways, the chosen one in sight even when it is far right.
      await page.goto(`${t.base}/ringkasan?periode=seluruh-waktu`)
      await settled(page)
      const presets = page.getByRole('group', { name: 'Periode' })
      const row = (await presets.boundingBox())!
      expect(row.height).toBeLessThan(60)
      const chosen = (await presets.getByRole('button', { name: 'Seluruh waktu' }).boundingBox())!
      expect(chosen.x).toBeGreaterThanOrEqual(row.x)
      expect(chosen.x + chosen.width).toBeLessThanOrEqual(row.x + row.width + 1)

      await menuButton(page).click()
      expect(await menuButton(page).getAttribute('aria-expanded')).toBe('true')
      await nav(page).waitFor({ timeout: WAIT.timeout })
      expect(await nav(page).getByRole('link').allTextContents()).toEqual([
        'Ringkasan',
        'Wilayah',
        'Kategori',
        'Artikel',
        'KIM',
        'Laporan bulanan',
        'Ekspor',
      ])
      expect(await page.getByRole('button', { name: 'Keluar' }).isVisible()).toBe(true)
      await expectAccessible(page, 'the phone menu, open')
      await screenshot(page, 'ponsel-menu')

      await nav(page).getByRole('link', { name: 'Wilayah' }).click()
      await page.waitForURL((u) => u.pathname === '/wilayah', { timeout: WAIT.timeout })
      // The old page stays while the new one's chunk loads.
      await expect.poll(() => page.locator('h1').textContent(), WAIT).toBe('Wilayah')
      await settled(page)
      expect(await menuButton(page).getAttribute('aria-expanded')).toBe('false')
      expect(await nav(page).isVisible()).toBe(false)

      // A desktop still shows the navigation in the bar, and no menu button.
      await page.setViewportSize(DESKTOP)
      expect(await nav(page).isVisible()).toBe(true)
      expect(await menuButton(page).isVisible()).toBe(false)
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  it(
    'scrolls the regency table sideways with the names fixed at the left and shown whole',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.setViewportSize(PHONE)
      await page.goto(`${t.base}/wilayah`)
      await settled(page)
      const scroller = page.locator('.data-table .table-scroll').first()
      const names = scroller.locator('tbody td.sticky-col-last')
      await expect.poll(() => names.count(), WAIT).toBe(REGENCIES.length)
      // The page itself is no wider than the phone: the table scrolls inside its own box.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
      const box = await scroller.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }))
      expect(box.scrollWidth).toBeGreaterThan(box.clientWidth)

      const xBefore = await names.evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().left))
      await scroller.evaluate((el) => {
        el.scrollLeft = el.scrollWidth
      })
      expect(await scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0)
      expect(await names.evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().left))).toEqual(xBefore)
      // Every name whole: nothing cut inside its cell, and the cell inside the table's box.
      const shown = await names.evaluateAll((cells) =>
        cells.map((c) => {
          const cell = c.getBoundingClientRect()
          const box = c.closest('.table-scroll')!.getBoundingClientRect()
          return { text: c.textContent, fits: c.scrollWidth <= c.clientWidth && cell.left >= box.left && cell.right <= box.right }
        }),
      )
      expect(shown.map((s) => s.text).sort()).toEqual(REGENCIES.map((r) => r.name).sort())
      expect(shown.filter((s) => !s.fits)).toEqual([])
      await expectAccessible(page, '/wilayah on a phone')
      await screenshot(page, 'ponsel-wilayah', { scrollTo: '.data-table' })
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  it(
    'pushes each compare tick to the history, with readable commas, and reads encoded commas too',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.setViewportSize(PHONE)
      await page.goto(`${t.base}/wilayah`)
      await settled(page)
      // A click, not check(): the box shows the URL's state, which the navigation renders a moment later.
      await page.getByRole('checkbox', { name: 'Bandingkan Kutai Timur' }).click()
      await page.waitForURL((u) => u.searchParams.get('banding') === '64.08', { timeout: WAIT.timeout })
      await expect.poll(() => checked(page), WAIT).toEqual(['Bandingkan Kutai Timur'])
      await page.getByRole('checkbox', { name: 'Bandingkan Samarinda' }).click()
      await page.waitForURL((u) => u.searchParams.get('banding') === '64.08,64.72', { timeout: WAIT.timeout })
      expect(new URL(page.url()).search).toBe('?banding=64.08,64.72')
      await page.locator('section.comparison').waitFor({ timeout: WAIT.timeout })
      await settled(page)
      await screenshot(page, 'ponsel-banding', { scrollTo: 'section.comparison' })

      // Back: the previous selection, one regency, and no comparison.
      await page.goBack()
      await page.waitForURL((u) => u.search === '?banding=64.08', { timeout: WAIT.timeout })
      await expect.poll(() => checked(page), WAIT).toEqual(['Bandingkan Kutai Timur'])
      expect(await page.locator('section.comparison').count()).toBe(0)

      // A link written by URLSearchParams (%2C) opens the same comparison.
      await page.goto(`${t.base}/wilayah?banding=64.08%2C64.72`)
      await settled(page)
      await expect.poll(() => checked(page), WAIT).toEqual(['Bandingkan Kutai Timur', 'Bandingkan Samarinda'])
      expect(await page.locator('#compare-title').textContent()).toBe('Perbandingan: Kutai Timur · Samarinda')
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )
})
