import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import readXlsxFile from 'read-excel-file/node'
import { describe, expect, it } from 'vitest'
import { SEED_ARTICLE } from '@jangkau/server/demo/catalog.ts'
import type { Article, BreakdownAnswer } from '@jangkau/shared'
import { addDays, dashboardApp, idNumber, TEST_TIMEOUT, TODAY, VIEWER, WAIT } from './helpers/dashboard.ts'
import { testDatabase } from './helpers/test-app.ts'

// The dashboard as people use it: the built web app (web/dist) served by the real server on a real
// port, a real database holding the demo data set, and the system Chromium driven by playwright-core.
// Every page is also checked with axe-core (no serious or critical violation); with SCREENSHOTS=1
// each page is saved to docs/screenshots/ for the README. Part 1: the article endpoint, signing in,
// Ringkasan and Wilayah (KIM, every page, the session and the portal's history: dashboard-kim-admin.e2e.test.ts).
describe(`dashboard in Chromium on ${testDatabase}`, () => {
  const t = dashboardApp()
  const { signInAs, api, openPage, settled, cardValues, summaryFor, expectAccessible, screenshot } = t

  // ——— the endpoint the article page opens with ———

  it(
    'GET /api/articles/:id answers the article with names and counter, 404 when missing',
    async () => {
      await signInAs(VIEWER)
      const article = await api<Article>(`/api/articles/${t.seedArticleId}`)
      expect(article).toEqual({
        id: t.seedArticleId,
        url: SEED_ARTICLE.url,
        title: SEED_ARTICLE.title,
        titleSource: 'admin',
        siteId: expect.any(Number),
        siteName: 'Diskominfo Kaltim',
        siteHostname: 'diskominfo.kaltimprov.go.id',
        categoryId: expect.any(Number),
        categorySlug: 'pemerintahan',
        categoryName: 'Pemerintahan',
        regionCode: '64.08',
        regionName: 'Kabupaten Kutai Timur',
        author: SEED_ARTICLE.author,
        authorSource: 'admin',
        publishedAt: '2022-04-20T00:26:00.000Z',
        views: 493,
        baseViews: 0,
        importedViews: 0,
        counterViews: 493,
      })
      const missing = await t.browser.context.request.get(`${t.base}/api/articles/999999999`)
      expect({ status: missing.status(), body: await missing.json() }).toEqual({
        status: 404,
        body: { error: { code: 'not_found', message: 'Artikel 999999999 tidak ditemukan. / Article 999999999 not found.' } },
      })
      const malformed = await t.browser.context.request.get(`${t.base}/api/articles/abc`)
      expect({ status: malformed.status(), code: (await malformed.json()).error.code }).toEqual({ status: 400, code: 'invalid_request' })
      await t.browser.context.clearCookies()
      const anonymous = await t.browser.context.request.get(`${t.base}/api/articles/${t.seedArticleId}`)
      expect(anonymous.status()).toBe(401)
    },
    TEST_TIMEOUT,
  )

  // ——— signing in ———

  it(
    'sends a visitor to Masuk, refuses a wrong password, then opens Ringkasan',
    async () => {
      await t.browser.context.clearCookies()
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/wilayah`)
      await page.waitForURL(`${t.base}/masuk?kembali=%2Fwilayah`, { timeout: WAIT.timeout })
      await expect.poll(() => page.title(), WAIT).toContain('Masuk ke Jangkau')
      await expectAccessible(page, 'Masuk')
      await screenshot(page, 'masuk')

      await page.getByLabel('Surel').fill(VIEWER.email)
      await page.getByLabel('Kata sandi').fill('bukan-kata-sandinya')
      await page.getByRole('button', { name: 'Masuk' }).click()
      await expect.poll(() => page.getByRole('alert').textContent(), WAIT).toBe('Surel atau kata sandi salah.')
      expect(page.url()).toBe(`${t.base}/masuk?kembali=%2Fwilayah`)
      await expectAccessible(page, 'Masuk with an error')

      await page.getByLabel('Kata sandi').fill(VIEWER.password)
      await page.getByRole('button', { name: 'Masuk' }).click()
      await page.waitForURL(`${t.base}/wilayah`, { timeout: WAIT.timeout })
      await expect.poll(() => page.locator('h1').textContent(), WAIT).toBe('Wilayah')
      await expect.poll(() => page.locator('.user-name').textContent(), WAIT).toBe('Pimpinan Demo (Pemantau)')
      // The browser got the httpOnly session cookie, never readable by the page's scripts.
      const cookies = await t.browser.context.cookies(t.base)
      expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([
        { name: 'jangkau_session', httpOnly: true, sameSite: 'Lax' },
      ])
      expect(await page.evaluate(() => document.cookie)).toBe('')
      expect(errors.filter((e) => !e.includes('401'))).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  // ——— Ringkasan ———

  it(
    'shows on Ringkasan the numbers the API gives, for preset and custom ranges, and back restores them',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/ringkasan`)
      await settled(page)

      const last30 = await summaryFor(addDays(TODAY, -29), TODAY)
      expect(last30.Tayangan).toBeGreaterThan(1000)
      await expect.poll(() => cardValues(page), WAIT).toEqual(last30)
      expect(await page.locator('.range-note').textContent()).toBe('29 Okt 2026 – 27 Nov 2026 (WITA)')
      expect(new URL(page.url()).search).toBe('')

      // A preset: written to the URL, the cards follow.
      await page.getByRole('button', { name: '7 hari' }).click()
      await page.waitForURL((url) => url.searchParams.get('periode') === '7-hari', { timeout: WAIT.timeout })
      const last7 = await summaryFor(addDays(TODAY, -6), TODAY)
      expect(last7.Tayangan).toBeLessThan(last30.Tayangan!)
      await expect.poll(() => cardValues(page), WAIT).toEqual(last7)
      expect(await page.getByRole('button', { name: '7 hari' }).getAttribute('aria-pressed')).toBe('true')

      // A custom range: September 2026.
      await page.getByRole('button', { name: 'Rentang khusus' }).click()
      await page.getByLabel('Dari', { exact: true }).fill('2026-09-01')
      await page.getByLabel('Sampai', { exact: true }).fill('2026-09-30')
      await page.getByRole('button', { name: 'Terapkan' }).click()
      await page.waitForURL((url) => url.searchParams.get('periode') === 'kustom', { timeout: WAIT.timeout })
      const url = new URL(page.url())
      expect(Object.fromEntries(url.searchParams)).toEqual({ periode: 'kustom', dari: '2026-09-01', sampai: '2026-09-30' })
      const september = await summaryFor('2026-09-01', '2026-09-30')
      expect(september).not.toEqual(last7)
      await expect.poll(() => cardValues(page), WAIT).toEqual(september)
      expect(await page.locator('.range-note').textContent()).toBe('1 Sep 2026 – 30 Sep 2026 (WITA)')

      // A reversed range is refused (the API's reason, in the form) and changes nothing.
      await page.getByLabel('Dari', { exact: true }).fill('2026-10-10')
      await page.getByLabel('Sampai', { exact: true }).fill('2026-10-01')
      await page.getByRole('button', { name: 'Terapkan' }).click()
      await expect
        .poll(() => page.locator('.custom-range [role="alert"]').textContent(), WAIT)
        .toBe('Tanggal awal harus sebelum atau sama dengan tanggal akhir.')
      expect(new URL(page.url()).search).toBe('?periode=kustom&dari=2026-09-01&sampai=2026-09-30')

      // Back undoes one filter change at a time.
      await page.goBack()
      await page.waitForURL((u) => u.searchParams.get('periode') === '7-hari', { timeout: WAIT.timeout })
      await expect.poll(() => cardValues(page), WAIT).toEqual(last7)
      await page.goBack()
      await page.waitForURL((u) => u.search === '', { timeout: WAIT.timeout })
      await expect.poll(() => cardValues(page), WAIT).toEqual(last30)
      await page.goForward()
      await page.waitForURL((u) => u.searchParams.get('periode') === '7-hari', { timeout: WAIT.timeout })
      await expect.poll(() => cardValues(page), WAIT).toEqual(last7)
      // The browser logs the API's 400 for the refused range; nothing else may go wrong.
      expect(errors.filter((e) => !e.includes('status of 400 (Bad Request) (http://127.0.0.1:'))).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  it(
    'downloads the map’s CSV: BOM, no sep= line, id-ID numbers, the same rows as the API',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/ringkasan?periode=bulan-ini`)
      await settled(page)
      const mapPanel = page.locator('section.panel', { has: page.getByRole('heading', { name: 'Peta kabupaten/kota' }) })
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: WAIT.timeout }),
        mapPanel.getByRole('link', { name: 'Unduh CSV' }).click(),
      ])
      // The server names the file (Content-Disposition wins over the link's download attribute).
      expect(download.suggestedFilename()).toBe('jangkau-wilayah-2026-11-01_2026-11-27.csv')
      const bytes = readFileSync(await download.path())
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const text = bytes.toString('utf8').slice(1)
      expect(text.startsWith('sep=')).toBe(false)
      const rows = parse(text, { delimiter: ';', columns: true, skip_empty_lines: true }) as Record<string, string>[]

      const answer = await api<BreakdownAnswer>('/api/stats/breakdown?metrics=views&by=region&from=2026-11-01&to=2026-11-27')
      expect(answer.rows.length).toBe(10)
      expect(rows).toEqual(answer.rows.map((r) => ({ Kode: r.key, Wilayah: r.label, Tayangan: String(r.views) })))
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  it(
    'downloads XLSX beside CSV: the map’s file from the server and the regency table’s made in the browser',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/ringkasan?periode=bulan-ini`)
      await settled(page)
      const mapPanel = page.locator('section.panel', { has: page.getByRole('heading', { name: 'Peta kabupaten/kota' }) })
      const [fromServer] = await Promise.all([
        page.waitForEvent('download', { timeout: WAIT.timeout }),
        mapPanel.getByRole('link', { name: 'Unduh XLSX' }).click(),
      ])
      expect(fromServer.suggestedFilename()).toBe('jangkau-wilayah-2026-11-01_2026-11-27.xlsx')
      const [sheet] = await readXlsxFile(readFileSync(await fromServer.path()))
      const answer = await api<BreakdownAnswer>('/api/stats/breakdown?metrics=views&by=region&from=2026-11-01&to=2026-11-27')
      // Indonesian headers, views as number cells.
      expect(sheet!.data).toEqual([['Kode', 'Wilayah', 'Tayangan'], ...answer.rows.map((r) => [r.key, r.label, r.views])])

      await page.goto(`${t.base}/wilayah?periode=bulan-ini`)
      await settled(page)
      const tablePanel = page.locator('section.panel', { has: page.getByRole('heading', { name: 'Kabupaten/kota', exact: true }) })
      const [fromBrowser] = await Promise.all([
        page.waitForEvent('download', { timeout: WAIT.timeout }),
        tablePanel.getByRole('button', { name: 'Unduh XLSX' }).click(),
      ])
      expect(fromBrowser.suggestedFilename()).toBe('jangkau-wilayah-2026-11-01-2026-11-27.xlsx')
      const [table] = await readXlsxFile(readFileSync(await fromBrowser.path()))
      const [header, ...rows] = table!.data
      expect(header!.slice(0, 3)).toEqual(['Kode', 'Kabupaten/kota', 'Tayangan'])
      expect(header).toContain('Desa dengan KIM (%)')
      expect(rows.length).toBe(10)
      for (const row of rows) for (const cell of row.slice(2)) expect(cell === null || typeof cell === 'number').toBe(true)
      const byCode = new Map(rows.map((r) => [r[0], r[2]]))
      for (const r of answer.rows) expect(byCode.get(r.key)).toBe(r.views)
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  it(
    'exports KIM per regency from Ekspor with decimal commas that parse back to the API’s numbers',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/ekspor?periode=tahun-ini`)
      await settled(page)
      await page.getByRole('radio', { name: /KIM per kabupaten\/kota/ }).check()
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: WAIT.timeout }),
        page.getByRole('button', { name: 'Unduh CSV' }).click(),
      ])
      expect(download.suggestedFilename()).toBe('jangkau-kim-per-wilayah-2026-01-01-2026-11-27.csv')
      const bytes = readFileSync(await download.path())
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const lines = bytes.toString('utf8').slice(1).split('\r\n')
      expect(lines[0]!.startsWith('sep=')).toBe(false)
      const rows = parse(lines.join('\r\n'), { delimiter: ';', columns: true, skip_empty_lines: true }) as Record<string, string>[]
      const decimal = (s: string) => Number(s.replace(',', '.'))

      const answer = await api<BreakdownAnswer>(
        '/api/stats/breakdown?metrics=kim_groups,kim_active,coverage,active_coverage&by=region&from=2026-01-01&to=2026-11-27',
      )
      expect(rows.map((r) => Object.keys(r))[0]).toEqual([
        'Kode',
        'Wilayah',
        'KIM terdaftar',
        'KIM aktif',
        'Desa dengan KIM (%)',
        'Desa dengan KIM aktif (%)',
      ])
      expect(
        rows.map((r) => ({
          key: r.Kode,
          groups: Number(r['KIM terdaftar']),
          active: Number(r['KIM aktif']),
          coverage: decimal(r['Desa dengan KIM (%)']!),
          activeCoverage: decimal(r['Desa dengan KIM aktif (%)']!),
        })),
      ).toEqual(
        answer.rows.map((r) => ({
          key: r.key,
          groups: r.kim_groups,
          active: r.kim_active,
          coverage: r.coverage,
          activeCoverage: r.active_coverage,
        })),
      )
      // Coverage is a percent with one decimal, written with a decimal comma for Indonesian Excel.
      expect(rows.some((r) => /^\d+,\d$/.test(r['Desa dengan KIM (%)']!))).toBe(true)
      await expect
        .poll(() => page.locator('.notice.success').textContent(), WAIT)
        .toMatch(/^jangkau-kim-per-wilayah-2026-01-01-2026-11-27\.csv \(\d+ KB\) telah diunduh\.$/)
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )

  // ——— Wilayah ———

  it(
    'compares two regencies on Wilayah in one chart and one table',
    async () => {
      await signInAs(VIEWER)
      const { page, errors } = await openPage()
      await page.goto(`${t.base}/wilayah`)
      await settled(page)
      expect(await page.locator('table').first().locator('tbody tr').count()).toBe(10)
      // The ticks live in the URL (?banding=), so the box shows checked once the address has changed.
      await page.getByRole('checkbox', { name: 'Bandingkan Kutai Timur' }).click()
      await page.waitForURL((u) => u.searchParams.get('banding') === '64.08', { timeout: WAIT.timeout })
      await page.getByRole('checkbox', { name: 'Bandingkan Kutai Kartanegara' }).click()
      await page.waitForURL((u) => u.searchParams.get('banding') === '64.08,64.02', { timeout: WAIT.timeout })
      await expect.poll(() => page.getByRole('checkbox', { name: 'Bandingkan Kutai Kartanegara' }).isChecked(), WAIT).toBe(true)
      await expect.poll(() => page.locator('#compare-title').textContent(), WAIT).toBe('Perbandingan: Kutai Timur · Kutai Kartanegara')
      await settled(page)
      const comparison = page.locator('section.comparison')
      // The chart: one line per regency (beside its dashed running day, "sementara"), named in the legend.
      await expect.poll(() => comparison.locator('.recharts-line:not(.series-partial)').count(), WAIT).toBe(2)
      expect(await comparison.locator('.recharts-legend-item-text').allTextContents()).toEqual(['Kutai Timur', 'Kutai Kartanegara'])
      // The table: both regencies, with the API's views for the period.
      const table = comparison.locator('table')
      expect(await table.locator('thead th').allTextContents()).toEqual(['Ukuran', 'Kutai Timur', 'Kutai Kartanegara'])
      const viewsRow = await table
        .locator('tbody tr', { has: page.getByRole('rowheader', { name: 'Tayangan', exact: true }) })
        .locator('td')
        .allTextContents()
      const answer = await api<BreakdownAnswer>(
        `/api/stats/breakdown?metrics=views&by=region&region=64.08,64.02&from=${addDays(TODAY, -29)}&to=${TODAY}`,
      )
      const views = (code: string) => answer.rows.find((r) => r.key === code)!.views!
      expect(viewsRow.map((v) => idNumber(v.replace(' (tertinggi)', '')))).toEqual([views('64.08'), views('64.02')])
      await expectAccessible(page, 'Wilayah compare')
      expect(errors).toEqual([])
      await page.close()
    },
    TEST_TIMEOUT,
  )
})
