import { mkdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { CHROMIUM_ARGS } from '@jangkau/server/reports/chromium-args.ts'

/** The system Chromium (Debian package); Playwright's own browser downloads are never used. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Options for the browser context: viewport, userAgent, locale, timezoneId, baseURL, … */
export type BrowserOptions = Parameters<typeof chromium.launchPersistentContext>[1]

export interface LaunchedBrowser {
  /** The one context of this browser. Open pages with `context.newPage()`. */
  context: BrowserContext
  /** Closes the browser and deletes its profile directory. Safe to call twice. */
  close: () => Promise<void>
}

/**
 * Starts Chromium on a fresh, empty profile (a new temporary user-data-dir), so no cookie, storage or
 * cache survives from another test. Defaults: Indonesian locale, WITA time zone, 1280×800.
 *
 * Headless Chromium says "HeadlessChrome" in its user agent, which the ingest pipeline drops as a bot;
 * pass `userAgent` (e.g. BROWSER_UA from test-app.ts) when page views must be counted.
 */
export async function launchBrowser(options: BrowserOptions = {}): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'jangkau-chromium-'))
  let context: BrowserContext
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: 'id-ID',
      timezoneId: 'Asia/Makassar',
      viewport: { width: 1280, height: 800 },
      ...options,
    })
  } catch (error) {
    await rm(profile, { recursive: true, force: true })
    throw error
  }
  let closed = false
  return {
    context,
    close: async () => {
      if (closed) return
      closed = true
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}

/**
 * Collects what a page reports as broken: console errors and uncaught exceptions, as text.
 * Attach it before the page navigates; assert the array is empty at the end.
 */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`)
  })
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`))
  return errors
}

/** tests/artifacts/screenshots/<name> (git-ignored), creating the folder when needed. */
export function screenshotPath(name: string): string {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'artifacts', 'screenshots')
  mkdirSync(dir, { recursive: true })
  return join(dir, name)
}
