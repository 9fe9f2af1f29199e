import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BreakdownAnswer, UnmappedCategoryList } from '@jangkau/shared'
import { signIn, type SignedIn } from './helpers/auth.ts'
import { launchBrowser, watchPageErrors, type LaunchedBrowser } from './helpers/browser.ts'
import { createTestApp, readerUa, testDatabase, type TestApp } from './helpers/test-app.ts'
import { ensureWebDist, WEB_DIST } from './helpers/web-dist.ts'

// Admin → Kategori in Chromium (issue 13 §3): the names portals sent that no admin set up yet are
// listed with their counts, marked on the Kategori page, and mapped or adopted from the list.

const PORTAL = 'https://diskominfo.kaltimprov.go.id'
const NOW = new Date('2026-11-27T02:00:00Z')
const WAIT = { timeout: 60_000, interval: 100 }
const TEST_TIMEOUT = 120_000
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

describe(`unmapped categories in Chromium on ${testDatabase}`, () => {
  let t: TestApp
  let base = ''
  let browser: LaunchedBrowser
  let admin: SignedIn
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    ensureWebDist()
    t = await createTestApp({ config: { webDist: WEB_DIST }, clock: () => NOW })
    admin = await signIn(t.app, { role: 'admin' })
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/categories',
      headers: admin.headers,
      payload: { slug: 'pemerintahan', name: 'Pemerintahan' },
    })
    expect(created.statusCode).toBe(201)
    // The portal's texts: "Pemda" in two spellings (3 views on 2 articles), "Wisata" (1 view).
    const views: [string, string, number][] = [
      ['/berita/1', 'Pemda', 1],
      ['/berita/1', 'Pemda', 2],
      ['/berita/2', 'PEMDA', 1],
      ['/berita/3', 'Wisata', 1],
      ['/berita/4', 'Pemerintahan', 1],
    ]
    for (const [path, category, reader] of views) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/collect',
        headers: { 'user-agent': readerUa(reader) },
        payload: { url: `${PORTAL}${path}`, meta: { category } },
      })
      expect(r.statusCode).toBe(202)
    }
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
    browser = await launchBrowser({ viewport: { width: 1440, height: 900 } })
    await browser.context.clock.setFixedTime(NOW)
    const login = await browser.context.request.post(`${base}/api/auth/login`, {
      data: { email: admin.user.email, password: admin.password },
    })
    expect(login.status()).toBe(200)
    page = await browser.context.newPage()
    errors = watchPageErrors(page)
  }, 600_000)

  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  const api = async <T>(path: string): Promise<T> => {
    const answer = await browser.context.request.get(`${base}${path}`)
    expect(answer.status(), await answer.text()).toBe(200)
    return (await answer.json()) as T
  }
  /** axe-core on the page as it is: no serious or critical violation (as in helpers/dashboard.ts). */
  const seriousViolations = async () => {
    await page.evaluate(AXE_SOURCE)
    return page.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; impact: string | null }[] }> } }
      ).axe
      return (await axe.run(document)).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)
    })
  }
  const unmappedRows = () =>
    page
      .getByRole('table', { name: 'Kategori belum dipetakan' })
      .locator('tbody tr')
      .evaluateAll((rows) =>
        // Rows with cells only: the empty state is one cell across the table.
        rows
          .filter((r) => r.querySelectorAll('td').length > 1)
          .map((r) => [...r.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent?.trim() ?? '')),
      )

  it(
    'marks the unmapped name on the Kategori page',
    async () => {
      await page.goto(`${base}/kategori?dari=2026-11-01&sampai=2026-11-27`)
      const row = page.getByRole('row', { name: /Pemda/ })
      await row.waitFor(WAIT)
      expect(await row.locator('.badge').textContent()).toBe('belum dipetakan')
      expect(
        await page
          .getByRole('row', { name: /^Pemerintahan/ })
          .locator('.badge')
          .count(),
      ).toBe(0)
    },
    TEST_TIMEOUT,
  )

  it(
    'lists the unmapped names with their counts, maps one onto a category and adopts another',
    async () => {
      await page.goto(`${base}/admin/kategori`)
      await expect.poll(unmappedRows, WAIT).toEqual([
        ['Pemda', 'PEMDA, Pemda', '2', '3'],
        ['Wisata', 'Wisata', '1', '1'],
      ])
      expect(await seriousViolations()).toEqual([])

      // Map "Pemda" (both spellings) onto Pemerintahan, confirming the dialog.
      page.once('dialog', (dialog) => {
        expect(dialog.message()).toBe('Pindahkan 2 artikel (3 tayangan) dari "Pemda" ke "Pemerintahan"? Tindakan ini dicatat di log audit.')
        void dialog.accept()
      })
      await page.getByLabel('Petakan "Pemda" ke kategori').selectOption({ label: 'Pemerintahan' })
      await page.getByRole('button', { name: 'Petakan: Pemda' }).click()
      await page.locator('.notice.success').waitFor(WAIT)
      expect(await page.locator('.notice.success').textContent()).toBe('Dipetakan: 2 artikel pindah ke "Pemerintahan".')
      await expect.poll(unmappedRows, WAIT).toEqual([['Wisata', 'Wisata', '1', '1']])
      const breakdown = await api<BreakdownAnswer>('/api/stats/breakdown?metrics=views&by=category&from=2026-11-01&to=2026-11-27')
      expect(breakdown.rows.map((r) => [r.key, r.views, r.unmapped ?? false])).toEqual([
        ['pemerintahan', 4, false],
        ['wisata', 1, true],
      ])

      // Adopt "Wisata": it joins the categories, the list is empty.
      await page.getByRole('button', { name: 'Jadikan kategori: Wisata' }).click()
      await page.getByText('Semua kategori yang dikirim portal sudah dipetakan.').waitFor(WAIT)
      expect((await api<UnmappedCategoryList>('/api/categories/unmapped')).items).toEqual([])
      await page.getByRole('cell', { name: 'wisata', exact: true }).waitFor(WAIT)
      expect(errors).toEqual([])
    },
    TEST_TIMEOUT,
  )
})
