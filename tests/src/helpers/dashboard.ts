import { mkdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { DEMO_USERS, KUTIM_2020_KIM, SEED_ARTICLE } from '@jangkau/server/demo/catalog.ts'
import { loadDemoData } from '@jangkau/server/demo/load.ts'
import type { SummaryAnswer } from '@jangkau/shared'
import { launchBrowser, watchPageErrors, type LaunchedBrowser } from './browser.ts'
import { createTestApp, type TestApp } from './test-app.ts'
import { ensureWebDist, REPO, WEB_DIST } from './web-dist.ts'

// What the dashboard tests in Chromium share (dashboard.e2e.test.ts, dashboard-kim-admin.e2e.test.ts).

const SCREENSHOT_DIR = join(REPO, 'docs', 'screenshots')
const WRITE_SCREENSHOTS = process.env.SCREENSHOTS === '1'
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** The demo's "now", 10:00 WITA on Friday 27 November 2026: the same data and dates on every run. */
export const NOW = new Date('2026-11-27T02:00:00Z')
export const WITA = 'Asia/Makassar'
export const DESKTOP = { width: 1440, height: 900 }
export const PHONE = { width: 390, height: 844 }
/** Generous: the machines that run this are shared and slow; waits end as soon as the page is ready. */
export const WAIT = { timeout: 60_000, interval: 100 }
export const TEST_TIMEOUT = 120_000

export type DemoUser = (typeof DEMO_USERS)[number]
const demoUser = (role: DemoUser['role']): DemoUser => DEMO_USERS.find((u) => u.role === role)!
export const ADMIN = demoUser('admin')
/** "Pimpinan Demo": reads every report, changes nothing. */
export const VIEWER = demoUser('viewer')
/** "Operator KIM Kutim": records KIM of Kutai Timur (64.08) only. */
export const OPERATOR = demoUser('operator')

/** "1.234.567" → 1234567, "12,5%" → 12.5, "–" → null: numbers as the dashboard prints them (id-ID). */
export function idNumber(text: string): number | null {
  const t = text.replace(/\s|%/g, '').replace('\u2212', '-')
  if (t === '–' || t === '') return null
  if (!/^-?\d{1,3}(\.\d{3})*(,\d+)?$/.test(t)) throw new Error(`not an id-ID number: "${text}"`)
  return Number(t.replaceAll('.', '').replace(',', '.'))
}

/** Days of the WITA calendar as "YYYY-MM-DD". */
const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: WITA }).format(d)
export const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
export const TODAY = day(NOW)

/**
 * The dashboard as people use it, for one test file (registered in the calling describe): the built
 * web app served by the real server on a real port, the demo data set, and one Chromium whose clock
 * is fixed at NOW. Every page is checked with axe-core; with SCREENSHOTS=1 each page is saved to
 * docs/screenshots/ for the README.
 */
export function dashboardApp() {
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
    const group = (village: string) =>
      t.app.db.selectFrom('kim_groups').select('id').where('village_code', '=', village).executeTakeFirstOrThrow()
    kutimGroupId = (await group(KUTIM_2020_KIM[0].villageCode)).id
    kukarGroupId = (
      await t.app.db
        .selectFrom('kim_groups')
        .select('id')
        .where('region_code', '=', '64.02')
        .where('status', '=', 'aktif')
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id

    browser = await launchBrowser({ viewport: DESKTOP, acceptDownloads: true })
    // The browser's calendar agrees with the data: "30 hari" ends on 27 November 2026 (WITA).
    await browser.context.clock.setFixedTime(NOW)
  }, 600_000)

  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

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
    const cards = await page
      .locator('.cards .stat-card')
      .evaluateAll((els) =>
        els.map((el) => [el.querySelector('.stat-label')?.textContent ?? '', el.querySelector('.stat-value')?.textContent ?? ''] as const),
      )
    return Object.fromEntries(cards.map(([label, value]) => [label, value ? idNumber(value) : null]))
  }

  /** The API's summary of the same question, labelled as the cards label it. */
  async function summaryFor(from: string, to: string): Promise<Record<string, number | null>> {
    const s = await api<SummaryAnswer>(`/api/stats/summary?metrics=views,visitors,articles,kim_active,activities&from=${from}&to=${to}`)
    return {
      Tayangan: s.views ?? null,
      Pengunjung: s.visitors ?? null,
      'Artikel terbit': s.articles ?? null,
      'KIM aktif': s.kim_active ?? null,
      'Kegiatan KIM': s.activities ?? null,
    }
  }

  /** axe-core on the page as it is: no serious or critical violation. */
  async function expectAccessible(page: Page, what: string): Promise<void> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE)
    const { passes, violations } = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              context: Document,
              options: object,
            ) => Promise<{
              passes: unknown[]
              violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[]
            }>
          }
        }
      ).axe
      const result = await axe.run(document, { resultTypes: ['violations'] })
      return {
        passes: result.passes.length,
        violations: result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
        })),
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

  return {
    get app() {
      return t.app
    },
    get base() {
      return base
    },
    get browser() {
      return browser
    },
    get seedArticleId() {
      return seedArticleId
    },
    get kutimGroupId() {
      return kutimGroupId
    },
    get kukarGroupId() {
      return kukarGroupId
    },
    get clockOffsetMs() {
      return clockOffsetMs
    },
    set clockOffsetMs(value: number) {
      clockOffsetMs = value
    },
    signInAs,
    api,
    openPage,
    settled,
    cardValues,
    summaryFor,
    expectAccessible,
    screenshot,
  }
}
