import { mkdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_USERS, KUTIM_2020_KIM, SEED_ARTICLE } from '@jangkau/server/demo/catalog.ts'
import { loadDemoData } from '@jangkau/server/demo/load.ts'
import type { Article, BreakdownAnswer, KimActivityList, SummaryAnswer } from '@jangkau/shared'
import { launchBrowser, watchPageErrors, type LaunchedBrowser } from './helpers/browser.ts'
import { createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'
import { ensureWebDist, REPO, WEB_DIST } from './helpers/web-dist.ts'

// The dashboard as people use it: the built web app (web/dist) served by the real server on a real
// port, a real database holding the demo data set, and the system Chromium driven by playwright-core.
// Every page is also checked with axe-core (no serious or critical violation); with SCREENSHOTS=1
// each page is saved to docs/screenshots/ for the README.

const SCREENSHOT_DIR = join(REPO, 'docs', 'screenshots')
const WRITE_SCREENSHOTS = process.env.SCREENSHOTS === '1'
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** The demo's "now", 10:00 WITA on Friday 27 November 2026: the same data and dates on every run. */
const NOW = new Date('2026-11-27T02:00:00Z')
const WITA = 'Asia/Makassar'
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }
/** Generous: the machines that run this are shared and slow; waits end as soon as the page is ready. */
const WAIT = { timeout: 60_000, interval: 100 }
const TEST_TIMEOUT = 120_000

type DemoUser = (typeof DEMO_USERS)[number]
const demoUser = (role: DemoUser['role']): DemoUser => DEMO_USERS.find((u) => u.role === role)!
const ADMIN = demoUser('admin')
/** "Pimpinan Demo": reads every report, changes nothing. */
const VIEWER = demoUser('viewer')
/** "Operator KIM Kutim": records KIM of Kutai Timur (64.08) only. */
const OPERATOR = demoUser('operator')

/** "1.234.567" → 1234567, "12,5%" → 12.5, "–" → null: numbers as the dashboard prints them (id-ID). */
function idNumber(text: string): number | null {
  const t = text.replace(/\s|%/g, '').replace('\u2212', '-')
  if (t === '–' || t === '') return null
  if (!/^-?\d{1,3}(\.\d{3})*(,\d+)?$/.test(t)) throw new Error(`not an id-ID number: "${text}"`)
  return Number(t.replaceAll('.', '').replace(',', '.'))
}


/** Days of the WITA calendar as "YYYY-MM-DD". */
const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: WITA }).format(d)
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
const TODAY = day(NOW)

describe(`dashboard in Chromium on ${testDatabase}`, () => {
  let t: TestApp
  let base = ''
  let browser: LaunchedBrowser
  /** Added to the server's clock: the session-expiry test moves it past the session's end. */
  let clockOffsetMs = 0
  const startedAt = Date.now()
  let seedArticleId = 0
  let kutimGroupId = 0
  let kukarGroupId = 0

  beforeAll(async () => {
    ensureWebDist()
    // The server's clock starts at NOW and runs on, so sessions age and the last 30 minutes move.
    t = await createTestApp({
      config: { webDist: WEB_DIST },
      clock: () => new Date(NOW.getTime() + (Date.now() - startedAt) + clockOffsetMs),
    })
    const demo = await loadDemoData(t.app.db, { timeZone: WITA, now: NOW })
    expect(demo.loaded).toBe(true)
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`

    seedArticleId = (await t.app.db.selectFrom('articles').select('id').where('url', '=', SEED_ARTICLE.url).executeTakeFirstOrThrow()).id
    const group = (village: string) => t.app.db.selectFrom('kim_groups').select('id').where('village_code', '=', village).executeTakeFirstOrThrow()
    kutimGroupId = (await group(KUTIM_2020_KIM[0].villageCode)).id
    kukarGroupId = (
      await t.app.db.selectFrom('kim_groups').select('id').where('region_code', '=', '64.02').where('status', '=', 'aktif').orderBy('id').executeTakeFirstOrThrow()
    ).id

    browser = await launchBrowser({ viewport: DESKTOP, acceptDownloads: true })
    // The browser's calendar agrees with the data: "30 hari" ends on 27 November 2026 (WITA).
    await browser.context.clock.setFixedTime(NOW)
  }, 600_000)

  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  // ——— helpers ———

  /** Signs the browser in as `user` through the API (the session cookie lands in the browser's jar). */
  async function signInAs(user: DemoUser): Promise<void> {
    await browser.context.clearCookies()
    const answer = await browser.context.request.post(`${base}/api/auth/login`, { data: { email: user.email, password: user.password } })
    expect(answer.status()).toBe(200)
  }

  /** GET an API path as the browser's signed-in user. */
  async function api<T>(path: string): Promise<T> {
    const answer = await browser.context.request.get(`${base}${path}`)
    expect(answer.status(), await answer.text()).toBe(200)
    return (await answer.json()) as T
  }

  /** A new tab whose console errors and uncaught exceptions are collected. */
  async function openPage(): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.context.newPage()
    return { page, errors: watchPageErrors(page) }
  }

  /** Waits until nothing on the page is loading: no skeleton, no busy region, no boot screen. */
  async function settled(page: Page): Promise<void> {
    await page.waitForFunction(
      () => document.querySelector('h1') !== null && document.querySelector('.skeleton, .page-loading, .boot, [aria-busy="true"]') === null,
      null,
      { timeout: WAIT.timeout, polling: WAIT.interval },
    )
  }

  /** The headline cards as { label: number }. */
  async function cardValues(page: Page): Promise<Record<string, number | null>> {
    const cards = await page.locator('.cards .stat-card').evaluateAll((els) =>
      els.map((el) => [el.querySelector('.stat-label')?.textContent ?? '', el.querySelector('.stat-value')?.textContent ?? ''] as const),
    )
    return Object.fromEntries(cards.map(([label, value]) => [label, value ? idNumber(value) : null]))
  }

  /** The API's summary of the same question, labelled as the cards label it. */
  async function summaryFor(from: string, to: string): Promise<Record<string, number | null>> {
    const s = await api<SummaryAnswer>(`/api/stats/summary?metrics=views,visitors,articles,kim_active,activities&from=${from}&to=${to}`)
    return { Tayangan: s.views ?? null, Pengunjung: s.visitors ?? null, 'Artikel terbit': s.articles ?? null, 'KIM aktif': s.kim_active ?? null, 'Kegiatan KIM': s.activities ?? null }
  }

  /** axe-core on the page as it is: no serious or critical violation. */
  async function expectAccessible(page: Page, what: string): Promise<void> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
    const { passes, violations } = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ passes: unknown[]; violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe
      const result = await axe.run(document, { resultTypes: ['violations'] })
      return {
        passes: result.passes.length,
        violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })),
      }
    })
    // axe really ran its rules on this page (a page it could not read would pass nothing).
    expect(passes, what).toBeGreaterThan(10)
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(serious, `${what}: ${JSON.stringify(serious, null, 1)}`).toEqual([])
  }

  /**
   * docs/screenshots/<name>.png of the viewport, or of the whole page with `fullPage` (only with
   * SCREENSHOTS=1). `scrollTo` brings a part of the page below the fold into the picture.
   */
  async function screenshot(page: Page, name: string, options: { fullPage?: boolean; scrollTo?: string } = {}): Promise<void> {
    if (!WRITE_SCREENSHOTS) return
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    const path = join(SCREENSHOT_DIR, `${name}.png`)
    if (options.scrollTo) {
      await page.locator(options.scrollTo).evaluate((el) => {
        el.scrollIntoView({ block: 'start' })
        window.scrollBy(0, -24)
      })
    }
    // The caret and hover states are not part of the picture.
    await page.mouse.move(0, 0)
    await page.screenshot({ path, animations: 'disabled', caret: 'hide', fullPage: options.fullPage })
    expect(statSync(path).size).toBeLessThan(3 * 1024 * 1024)
  }

  // ——— the endpoint the article page opens with ———

  it('GET /api/articles/:id answers the article with names and counter, 404 when missing', async () => {
    await signInAs(VIEWER)
    const article = await api<Article>(`/api/articles/${seedArticleId}`)
    expect(article).toEqual({
      id: seedArticleId,
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
    const missing = await browser.context.request.get(`${base}/api/articles/999999999`)
    expect({ status: missing.status(), body: await missing.json() }).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'Artikel 999999999 tidak ditemukan. / Article 999999999 not found.' } },
    })
    const malformed = await browser.context.request.get(`${base}/api/articles/abc`)
    expect({ status: malformed.status(), code: (await malformed.json()).error.code }).toEqual({ status: 400, code: 'invalid_request' })
    await browser.context.clearCookies()
    const anonymous = await browser.context.request.get(`${base}/api/articles/${seedArticleId}`)
    expect(anonymous.status()).toBe(401)
  }, TEST_TIMEOUT)

  // ——— signing in ———

  it('sends a visitor to Masuk, refuses a wrong password, then opens Ringkasan', async () => {
    await browser.context.clearCookies()
    const { page, errors } = await openPage()
    await page.goto(`${base}/wilayah`)
    await page.waitForURL(`${base}/masuk?kembali=%2Fwilayah`, { timeout: WAIT.timeout })
    await expect.poll(() => page.title(), WAIT).toContain('Masuk ke Jangkau')
    await expectAccessible(page, 'Masuk')
    await screenshot(page, 'masuk')

    await page.getByLabel('Surel').fill(VIEWER.email)
    await page.getByLabel('Kata sandi').fill('bukan-kata-sandinya')
    await page.getByRole('button', { name: 'Masuk' }).click()
    await expect.poll(() => page.getByRole('alert').textContent(), WAIT).toBe('Surel atau kata sandi salah.')
    expect(page.url()).toBe(`${base}/masuk?kembali=%2Fwilayah`)
    await expectAccessible(page, 'Masuk with an error')

    await page.getByLabel('Kata sandi').fill(VIEWER.password)
    await page.getByRole('button', { name: 'Masuk' }).click()
    await page.waitForURL(`${base}/wilayah`, { timeout: WAIT.timeout })
    await expect.poll(() => page.locator('h1').textContent(), WAIT).toBe('Wilayah')
    await expect.poll(() => page.locator('.user-name').textContent(), WAIT).toBe('Pimpinan Demo (Pemantau)')
    // The browser got the httpOnly session cookie, never readable by the page's scripts.
    const cookies = await browser.context.cookies(base)
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([{ name: 'jangkau_session', httpOnly: true, sameSite: 'Lax' }])
    expect(await page.evaluate(() => document.cookie)).toBe('')
    expect(errors.filter((e) => !e.includes('401'))).toEqual([])
    await page.close()
  }, TEST_TIMEOUT)

  // ——— Ringkasan ———

  it('shows on Ringkasan the numbers the API gives, for preset and custom ranges, and back restores them', async () => {
    await signInAs(VIEWER)
    const { page, errors } = await openPage()
    await page.goto(`${base}/ringkasan`)
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

    // A reversed range is refused on the spot and changes nothing.
    await page.getByLabel('Dari', { exact: true }).fill('2026-10-10')
    await page.getByLabel('Sampai', { exact: true }).fill('2026-10-01')
    await page.getByRole('button', { name: 'Terapkan' }).click()
    await expect.poll(() => page.locator('.custom-range [role="alert"]').textContent(), WAIT).toBe('Tanggal awal harus sebelum atau sama dengan tanggal akhir.')
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
    expect(errors).toEqual([])
    await page.close()
  }, TEST_TIMEOUT)

  it('downloads the map’s CSV: BOM, sep=;, id-ID numbers, the same rows as the API', async () => {
    await signInAs(VIEWER)
    const { page, errors } = await openPage()
    await page.goto(`${base}/ringkasan?periode=bulan-ini`)
    await settled(page)
    const mapPanel = page.locator('section.panel', { has: page.getByRole('heading', { name: 'Peta kabupaten/kota' }) })
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT.timeout }), mapPanel.getByRole('link', { name: 'Unduh CSV' }).click()])
    // The server names the file (Content-Disposition wins over the link's download attribute).
    expect(download.suggestedFilename()).toBe('jangkau-wilayah-2026-11-01_2026-11-27.csv')
    const bytes = readFileSync(await download.path())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8').slice(1)
    expect(text.startsWith('sep=;\r\n')).toBe(true)
    const rows = parse(text.slice('sep=;\r\n'.length), { delimiter: ';', columns: true, skip_empty_lines: true }) as Record<string, string>[]

    const answer = await api<BreakdownAnswer>('/api/stats/breakdown?metrics=views&by=region&from=2026-11-01&to=2026-11-27')
    expect(answer.rows.length).toBe(10)
    expect(rows).toEqual(answer.rows.map((r) => ({ Kode: r.key, Wilayah: r.label, Tayangan: String(r.views) })))
    expect(errors).toEqual([])
    await page.close()
  }, TEST_TIMEOUT)

  it('exports KIM per regency from Ekspor with decimal commas that parse back to the API’s numbers', async () => {
    await signInAs(VIEWER)
    const { page, errors } = await openPage()
    await page.goto(`${base}/ekspor?periode=tahun-ini`)
    await settled(page)
    await page.getByRole('radio', { name: /KIM per kabupaten\/kota/ }).check()
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT.timeout }), page.getByRole('button', { name: 'Unduh CSV' }).click()])
    expect(download.suggestedFilename()).toBe('jangkau-kim-per-wilayah-2026-01-01-2026-11-27.csv')
    const bytes = readFileSync(await download.path())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).split('\r\n')
    expect(lines[0]).toBe('sep=;')
    const rows = parse(lines.slice(1).join('\r\n'), { delimiter: ';', columns: true, skip_empty_lines: true }) as Record<string, string>[]
    const decimal = (s: string) => Number(s.replace(',', '.'))

    const answer = await api<BreakdownAnswer>('/api/stats/breakdown?metrics=kim_groups,kim_active,coverage&by=region&from=2026-01-01&to=2026-11-27')
    expect(rows.map((r) => Object.keys(r))[0]).toEqual(['Kode', 'Wilayah', 'KIM terdaftar', 'KIM aktif', 'Cakupan desa (%)'])
    expect(rows.map((r) => ({ key: r.Kode, groups: Number(r['KIM terdaftar']), active: Number(r['KIM aktif']), coverage: decimal(r['Cakupan desa (%)']!) }))).toEqual(
      answer.rows.map((r) => ({ key: r.key, groups: r.kim_groups, active: r.kim_active, coverage: r.coverage })),
    )
    // Coverage is a percent with one decimal, written with a decimal comma for Indonesian Excel.
    expect(rows.some((r) => /^\d+,\d$/.test(r['Cakupan desa (%)']!))).toBe(true)
    await expect.poll(() => page.locator('.notice.success').textContent(), WAIT).toMatch(/^jangkau-kim-per-wilayah-2026-01-01-2026-11-27\.csv \(\d+ KB\) telah diunduh\.$/)
    expect(errors).toEqual([])
    await page.close()
  }, TEST_TIMEOUT)

  // ——— Wilayah ———

  it('compares two regencies on Wilayah in one chart and one table', async () => {
    await signInAs(VIEWER)
    const { page, errors } = await openPage()
    await page.goto(`${base}/wilayah`)
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
    // The chart: one line per regency, named in the legend.
    await expect.poll(() => comparison.locator('.recharts-line').count(), WAIT).toBe(2)
    expect(await comparison.locator('.recharts-legend-item-text').allTextContents()).toEqual(['Kutai Timur', 'Kutai Kartanegara'])
    // The table: both regencies, with the API's views for the period.
    const table = comparison.locator('table')
    expect(await table.locator('thead th').allTextContents()).toEqual(['Ukuran', 'Kutai Timur', 'Kutai Kartanegara'])
    const viewsRow = await table.locator('tbody tr', { has: page.getByRole('rowheader', { name: 'Tayangan', exact: true }) }).locator('td').allTextContents()
    const answer = await api<BreakdownAnswer>(`/api/stats/breakdown?metrics=views&by=region&region=64.08,64.02&from=${addDays(TODAY, -29)}&to=${TODAY}`)
    const views = (code: string) => answer.rows.find((r) => r.key === code)!.views!
    expect(viewsRow.map((v) => idNumber(v.replace(' (tertinggi)', '')))).toEqual([views('64.08'), views('64.02')])
    await expectAccessible(page, 'Wilayah compare')
    expect(errors).toEqual([])
    await page.close()
  }, TEST_TIMEOUT)

  // ——— KIM: operator and viewer ———

  it('lets the Kutai Timur operator record an activity through the form and shows it in the timeline', async () => {
    await signInAs(OPERATOR)
    const { page, errors } = await openPage()
    // Not for a group of another regency: no buttons there.
    await page.goto(`${base}/kim/grup/${kukarGroupId}`)
    await settled(page)
    expect(await page.getByRole('link', { name: 'Catat kegiatan' }).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Ubah data' }).count()).toBe(0)

    await page.goto(`${base}/kim/grup/${kutimGroupId}`)
    await settled(page)
    await expect.poll(() => page.locator('h1').textContent(), WAIT).toBe('KIM Teluk Singkama')
    await page.locator('.page-actions').getByRole('link', { name: 'Catat kegiatan' }).click()
    await page.waitForURL(`${base}/kim/kegiatan/baru?grup=${kutimGroupId}`, { timeout: WAIT.timeout })
    await settled(page)
    await expect.poll(() => page.getByLabel(/^KIM/).inputValue(), WAIT).toBe(String(kutimGroupId))
    await page.getByLabel(/^Jenis kegiatan/).selectOption('pelatihan')
    await page.getByLabel(/^Tanggal kegiatan/).fill('2026-11-26')
    await page.getByLabel(/^Judul kegiatan/).fill('Pelatihan Fotografi Ponsel untuk Konten Desa')
    await page.getByLabel(/^Peserta/).fill('17')
    await page.getByLabel(/^Konten dihasilkan/).fill('4')
    await page.getByLabel(/^Catatan/).fill('Diikuti pemuda Teluk Singkama; hasil foto diunggah ke Instagram KIM.')
    await page.getByRole('button', { name: 'Simpan' }).click()

    await page.waitForURL(`${base}/kim/grup/${kutimGroupId}`, { timeout: WAIT.timeout })
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Kegiatan tersimpan.' }).count(), WAIT).toBe(1)
    await settled(page)
    const first = page.locator('ol.timeline > li').first()
    expect((await first.textContent())?.replace(/\s+/g, ' ')).toBe('26 Nov 2026Pelatihan Pelatihan Fotografi Ponsel untuk Konten Desa17 peserta · 4 konten')

    const stored = await api<KimActivityList>(`/api/kim/activities?group=${kutimGroupId}&limit=1`)
    expect(stored.items[0]).toMatchObject({
      groupId: kutimGroupId,
      type: 'pelatihan',
      date: '2026-11-26',
      title: 'Pelatihan Fotografi Ponsel untuk Konten Desa',
      participants: 17,
      contentItems: 4,
      notes: 'Diikuti pemuda Teluk Singkama; hasil foto diunggah ke Instagram KIM.',
    })
    expect(errors).toEqual([])
    await page.close()
  }, TEST_TIMEOUT)

  it('offers a viewer no edit or add buttons, and the API refuses the viewer’s write with 403', async () => {
    await signInAs(VIEWER)
    const { page, errors } = await openPage()
    await page.goto(`${base}/kim`)
    await settled(page)
    for (const name of ['Tambah KIM', 'Catat kegiatan', 'Impor CSV', 'Ubah data']) {
      expect(await page.getByRole('link', { name }).count(), name).toBe(0)
      expect(await page.getByRole('button', { name }).count(), name).toBe(0)
    }
    await page.goto(`${base}/kim/grup/${kutimGroupId}`)
    await settled(page)
    expect(await page.locator('.page-actions').count()).toBe(0)
    expect(await page.locator('ol.timeline > li').count()).toBeGreaterThan(0)
    // Typing the form's address only says it is not allowed.
    await page.goto(`${base}/kim/kegiatan/baru?grup=${kutimGroupId}`)
    await settled(page)
    expect(await page.getByText('Akun Anda tidak dapat mengubah data KIM.').count()).toBe(1)
    expect(await page.locator('form').count()).toBe(0)
    // No admin tab in the navigation.
    expect(await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link').allTextContents()).toEqual([
      'Ringkasan',
      'Wilayah',
      'Kategori',
      'Artikel',
      'KIM',
      'Laporan bulanan',
      'Ekspor',
    ])

    // The server decides: the same write the form would send, with the session's CSRF token.
    const { csrfToken } = await api<{ csrfToken: string }>('/api/auth/me')
    const write = await page.evaluate(
      async ({ groupId, csrf }) => {
        const r = await fetch('/api/kim/activities', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ groupId, type: 'sosialisasi', date: '2026-11-20', title: 'Tidak boleh tersimpan' }),
        })
        return { status: r.status, body: await r.json() }
      },
      { groupId: kutimGroupId, csrf: csrfToken },
    )
    expect({ status: write.status, code: write.body.error.code }).toEqual({ status: 403, code: 'forbidden' })
    const stored = await t.app.db.selectFrom('kim_activities').select('id').where('title', '=', 'Tidak boleh tersimpan').execute()
    expect(stored).toEqual([])
    // The refused write is the only thing the console reports.
    expect(errors).toEqual([`console: Failed to load resource: the server responded with a status of 403 (Forbidden) (${base}/api/kim/activities)`])
    await page.close()
  }, TEST_TIMEOUT)

  // ——— every page: accessible, and a picture for the README ———

  it('renders every page without console errors or serious accessibility violations', async () => {
    await signInAs(ADMIN)
    const { page, errors } = await openPage()
    const pages: [name: string, path: string, options?: { fullPage?: boolean; scrollTo?: string }][] = [
      ['ringkasan', '/ringkasan', { fullPage: true }],
      ['wilayah', '/wilayah'],
      ['wilayah-banding', '/wilayah?banding=64.08,64.02,64.72', { scrollTo: 'section.comparison' }],
      ['wilayah-kutai-timur', '/wilayah/64.08'],
      ['kategori', '/kategori'],
      ['artikel', '/artikel?urut=views'],
      ['artikel-detail', `/artikel/${seedArticleId}?periode=tahun-ini`],
      ['kim', '/kim'],
      ['kim-grup', `/kim/grup/${kutimGroupId}`],
      ['kim-grup-baru', '/kim/grup/baru'],
      ['kim-grup-ubah', `/kim/grup/${kutimGroupId}/ubah`],
      ['kim-kegiatan-baru', `/kim/kegiatan/baru?grup=${kutimGroupId}`],
      ['kim-impor', '/kim/impor'],
      ['ekspor', '/ekspor'],
      ['laporan', '/laporan?bulan=2026-10', { fullPage: true }],
      ['admin-pengguna', '/admin/pengguna'],
      ['admin-token', '/admin/token'],
      ['admin-situs', '/admin/situs'],
      ['admin-kategori', '/admin/kategori'],
      ['admin-riwayat', '/admin/riwayat'],
      ['admin-laporan', '/admin/laporan'],
      ['admin-audit', '/admin/audit'],
    ]
    for (const [name, path, options] of pages) {
      await page.goto(`${base}${path}`)
      await settled(page)
      // Charts load in their own chunk after the numbers; wait for what each page draws.
      await page.waitForFunction(() => document.querySelectorAll('.recharts-wrapper:not(:has(svg))').length === 0, null, { timeout: WAIT.timeout })
      await expectAccessible(page, path)
      await screenshot(page, name, options)
    }
    // The article page opened directly (no row from the list) shows the catalogue's counter.
    await page.goto(`${base}/artikel/${seedArticleId}`)
    await settled(page)
    expect(await page.locator('h1').textContent()).toBe(SEED_ARTICLE.title)
    expect(await page.locator('.counter .stat-value').textContent()).toBe('493')

    await page.setViewportSize(PHONE)
    await page.goto(`${base}/ringkasan`)
    await settled(page)
    await expectAccessible(page, '/ringkasan on a phone')
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await screenshot(page, 'ringkasan-ponsel')
    expect(errors).toEqual([])
    await page.close()
  }, 300_000)

  // ——— the session ends ———

  it('says clearly that the session expired and returns to the page after signing in again', async () => {
    await signInAs(VIEWER)
    const { page } = await openPage()
    await page.goto(`${base}/kategori`)
    await settled(page)
    // Twelve hours and a minute later (SESSION_TTL_HOURS = 12), the next request finds the session over.
    clockOffsetMs = (t.app.config.sessionTtlHours * 60 + 1) * 60_000
    try {
      await page.getByRole('navigation', { name: 'Navigasi utama' }).getByRole('link', { name: 'Artikel' }).click()
      await page.waitForURL((u) => u.pathname === '/masuk', { timeout: WAIT.timeout })
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ alasan: 'sesi-berakhir', kembali: '/artikel' })
      await expect.poll(() => page.getByRole('alert').textContent(), WAIT).toBe('Sesi Anda telah berakhir. Silakan masuk lagi untuk melanjutkan.')
      await expectAccessible(page, 'Masuk after expiry')

      await page.getByLabel('Surel').fill(VIEWER.email)
      await page.getByLabel('Kata sandi').fill(VIEWER.password)
      await page.getByRole('button', { name: 'Masuk' }).click()
      await page.waitForURL(`${base}/artikel`, { timeout: WAIT.timeout })
      await expect.poll(() => page.locator('h1').textContent(), WAIT).toBe('Artikel')
    } finally {
      clockOffsetMs = 0
    }
    await page.close()
  }, TEST_TIMEOUT)

  // ——— the portal's history (last: it changes the seed article's counter) ———

  it('imports the portal’s daily counts from Admin · Riwayat portal; stats and the counter show them once', async () => {
    await signInAs(ADMIN)
    const { page, errors } = await openPage()
    await page.goto(`${base}/admin/riwayat`)
    await settled(page)
    // The CMS counted the seed article's first days, in April 2022, before Jangkau existed.
    const csv = ['url;date;views', `${SEED_ARTICLE.url};2022-04-20;187`, `${SEED_ARTICLE.url};2022-04-21;64`, `${SEED_ARTICLE.url};2022-04-22;12`].join('\n')
    const upload = async () => {
      await page.getByLabel('Hitungan harian').check()
      await page.getByLabel('Berkas CSV').setInputFiles({ name: 'riwayat-harian.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
      await page.getByRole('button', { name: 'Unggah dan impor' }).click()
      await page.locator('.notice.success').waitFor({ timeout: WAIT.timeout })
      return page.locator('.notice.success').textContent()
    }
    expect(await upload()).toBe('3 baris diperiksa: 3 hari baru, 0 hari diubah, 0 hari tetap; 0 artikel baru.')
    expect(await upload()).toBe('3 baris diperiksa: 0 hari baru, 0 hari diubah, 3 hari tetap; 0 artikel baru.')
    await expectAccessible(page, 'Admin · Riwayat portal')

    // A wrong file is refused line by line, and nothing of it is stored.
    await page.getByLabel('Berkas CSV').setInputFiles({ name: 'salah.csv', mimeType: 'text/csv', buffer: Buffer.from(`url;date;views\n${SEED_ARTICLE.url};2022-04-31;5\n`) })
    await page.getByRole('button', { name: 'Unggah dan impor' }).click()
    await expect.poll(() => page.getByRole('alert').first().textContent(), WAIT).toBe('1 kesalahan ditemukan. Perbaiki baris berikut, lalu unggah lagi.')

    // Ringkasan for April 2022: the imported views, said to be imported.
    await page.goto(`${base}/ringkasan?dari=2022-04-01&sampai=2022-04-30`)
    await settled(page)
    const april = await api<SummaryAnswer>('/api/stats/summary?metrics=views,imported_views&from=2022-04-01&to=2022-04-30')
    expect(april.imported_views).toBe(263)
    expect(april.views).toBeGreaterThan(263) // the demo's own views of the new article, too
    await expect.poll(async () => (await cardValues(page)).Tayangan, WAIT).toBe(april.views)
    expect(await page.locator('.cards .stat-card').first().locator('.stat-hint').textContent()).toBe(
      'termasuk 263 tayangan impor dari penghitung lama portal (tanpa data pengunjung)',
    )

    // The article's counter: 493 counted by Jangkau plus the 263 the portal had counted.
    await page.goto(`${base}/artikel/${seedArticleId}`)
    await settled(page)
    expect(idNumber((await page.locator('.stat-card.counter .stat-value').textContent()) ?? '')).toBe(756)
    const counter = await browser.context.request.get(`${base}/api/counter?url=${encodeURIComponent(SEED_ARTICLE.url)}`)
    expect(await counter.json()).toEqual({ url: SEED_ARTICLE.url, views: 756 })
    // The browser logs the refused upload's 400; nothing else may go wrong.
    expect(errors.filter((e) => !e.includes('status of 400 (Bad Request) (http://127.0.0.1:'))).toEqual([])
    await page.close()
  }, TEST_TIMEOUT)
})
