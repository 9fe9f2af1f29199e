import { describe, expect, it } from 'vitest'
import type { BreakdownAnswer, KimFacts, SummaryAnswer } from '@jangkau/shared'
import { addDays, dashboardApp, idNumber, TEST_TIMEOUT, TODAY, VIEWER, WAIT } from './helpers/dashboard.ts'
import { testDatabase } from './helpers/test-app.ts'

// The dashboard shows what the API answers for the filter bar's question: on /wilayah/64.08 the
// most read articles are counted in the period (they were the all-time counter: 3.210 under a
// "30 hari" filter whose regency total was 539), and village coverage reads the same on /kim,
// /wilayah and /wilayah/:code as in the stats and KIM facts (coverage-metrics.test.ts compares the
// API paths themselves).

describe(`panels follow the filter and coverage agrees in Chromium on ${testDatabase}`, () => {
  const t = dashboardApp()
  const { signInAs, openPage, settled, api } = t
  const from = addDays(TODAY, -29)

  it(
    'counts the most read articles of a regency in the period of the filter bar',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/wilayah/64.08`)
      await settled(page)
      const panel = page.getByRole('region', { name: 'Artikel terpopuler' })
      await expect.poll(() => panel.locator('.rank-list li').count(), WAIT).toBeGreaterThan(0)
      const shown = await panel.locator('.rank-list li').evaluateAll((items) =>
        items.map((li) => ({
          key: decodeURIComponent(li.querySelector('a')?.getAttribute('href')?.replace('/artikel/', '') ?? ''),
          views: li.querySelector('.rank-value')?.textContent ?? '',
        })),
      )
      const answer = await api<BreakdownAnswer>(
        `/api/stats/breakdown?metrics=views&by=article&region=64.08&limit=10&from=${from}&to=${TODAY}`,
      )
      expect(shown.map((r) => ({ key: r.key, views: idNumber(r.views.split(' ')[0]!) }))).toEqual(
        answer.rows.filter((r) => (r.views ?? 0) > 0).map((r) => ({ key: r.key, views: r.views })),
      )
      // The list is part of the period's total, never the all-time counter.
      const total = await api<SummaryAnswer>(`/api/stats/summary?metrics=views&region=64.08&from=${from}&to=${TODAY}`)
      const sum = shown.reduce((n, r) => n + (idNumber(r.views.split(' ')[0]!) ?? 0), 0)
      expect(sum).toBeLessThanOrEqual(total.views!)
      // The panel says which period it counts; the KIM registry says it does not follow it.
      await expect.poll(() => panel.locator('.panel-subtitle').textContent(), WAIT).toMatch(/2026.*–.*2026/)
      await expect
        .poll(() => page.getByRole('region', { name: 'KIM' }).locator('.panel-subtitle').textContent(), WAIT)
        .toBe('Daftar KIM menurut status saat ini; tidak mengikuti periode filter.')
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  it(
    'shows both village coverage metrics of Kutai Timur as the stats and the KIM facts answer them',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      const stats = await api<SummaryAnswer>(`/api/stats/summary?metrics=coverage,active_coverage&region=64.08&from=${from}&to=${TODAY}`)
      const facts = await api<KimFacts>('/api/kim/facts?region=64.08')
      const want = { coverage: stats.coverage, active: stats.active_coverage }
      expect({ coverage: facts.total.coverage, active: facts.total.active_coverage }).toEqual(want)
      // The demo has vakum KIM in villages without an active one: the two metrics differ.
      expect(want.coverage).toBeGreaterThan(want.active!)

      // /kim: the cards of the regency.
      await page.goto(`${t.base}/kim?wilayah=64.08`)
      await settled(page)
      const card = (label: string) =>
        page
          .locator('.cards .stat-card')
          .filter({ has: page.getByRole('heading', { name: label, exact: true }) })
          .locator('.stat-value')
          .textContent()
      expect({ coverage: idNumber((await card('Desa dengan KIM'))!), active: idNumber((await card('Desa dengan KIM aktif'))!) }).toEqual(
        want,
      )
      // Always one decimal with a decimal comma.
      expect(await card('Desa dengan KIM')).toMatch(/^\d+,\d%$/)

      // /wilayah: the regency's row of the table.
      await page.goto(`${t.base}/wilayah`)
      await settled(page)
      const table = await page
        .locator('table', { has: page.locator('th', { hasText: 'Desa dengan KIM aktif' }) })
        .first()
        .evaluate((el) => ({
          headers: [...el.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? ''),
          rows: [...el.querySelectorAll('tbody tr')].map((tr) =>
            [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? ''),
          ),
        }))
      const column = (name: string) => table.headers.findIndex((h) => h.startsWith(name) && !h.startsWith(`${name} aktif`))
      const row = table.rows.find((cells) => cells.some((c) => c === 'Kutai Timur'))!
      expect({ coverage: idNumber(row[column('Desa dengan KIM')]!), active: idNumber(row[column('Desa dengan KIM aktif')]!) }).toEqual(want)

      // /wilayah/64.08: the line above its KIM groups.
      await page.goto(`${t.base}/wilayah/64.08`)
      await settled(page)
      const line = (await page.getByTestId('region-coverage').textContent()) ?? ''
      const percents = [...line.matchAll(/(\d+(?:,\d+)?)%/g)].map((m) => idNumber(m[1]!))
      expect(percents).toEqual([want.coverage, want.active])
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )
})
