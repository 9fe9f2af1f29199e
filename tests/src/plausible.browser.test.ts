import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, watchPageErrors, type LaunchedBrowser } from './helpers/browser.ts'
import { BROWSER_UA, createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

// Plausible's official tracker (npm @plausible-analytics/tracker, MIT), unchanged, in Chromium, with
// only its endpoint pointed at Jangkau's /api/event on a real port. The portal is another origin and
// another host: http://portal.localhost:<port>, a subdomain of the configured site "localhost" that
// the script names as its domain (Plausible's `d`).

const AUTHOR = 'Nichita Heryananda Putri'
const WAIT = { timeout: 10_000, interval: 50 }
const PLAUSIBLE_JS = readFileSync(createRequire(import.meta.url).resolve('@plausible-analytics/tracker'), 'utf8')

/** A page of the test portal running the official tracker as an ES module, with these init options. */
function portalPage(options: Record<string, unknown>): string {
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Portal Uji</title><link rel="icon" href="data:,">
<script type="module">
  import { init } from '/plausible.js'
  init(${JSON.stringify(options)})
</script>
</head><body><h1>Portal Uji · Kutai Timur</h1><p>Berita KIM.</p></body></html>`
}

interface Answer {
  name: string
  url: string
  status: number
}

describe(`Plausible's official tracker in Chromium on ${testDatabase}`, () => {
  let t: TestApp
  let api = ''
  let portal = ''
  let portalServer: Server
  let browser: LaunchedBrowser

  beforeAll(async () => {
    t = await createTestApp({ config: { sites: [{ hostname: 'localhost', name: 'Portal Uji', regionCode: '64.08' }] } })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    api = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
    const common = { domain: 'localhost', endpoint: `${api}/api/event`, captureOnLocalhost: true, logging: false }

    portalServer = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0]!
      if (path === '/plausible.js') return response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(PLAUSIBLE_JS)
      // A single-page app with history routing (every /app/* path serves it), and one with hash routing.
      const options = path.startsWith('/app/')
        ? { ...common, customProperties: { author: AUTHOR, region: '64.08' } }
        : path === '/hash'
          ? { ...common, hashBasedRouting: true }
          : undefined
      if (!options) return response.writeHead(404).end()
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(portalPage(options))
    })
    await new Promise<void>((resolve) => portalServer.listen(0, '127.0.0.1', resolve))
    // Chromium resolves every *.localhost name to the loopback address by itself.
    portal = `http://portal.localhost:${(portalServer.address() as AddressInfo).port}`

    // Headless Chromium's own user agent says "HeadlessChrome" and would be dropped as a bot.
    browser = await launchBrowser({ userAgent: BROWSER_UA })
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => portalServer?.close(resolve))
    await t?.close()
  })

  const counter = async (url: string, hash = false) => {
    const r = await t.app.inject({ method: 'GET', url: `/api/counter?url=${encodeURIComponent(url)}${hash ? '&hash=1' : ''}` })
    expect(r.statusCode).toBe(200)
    return r.json() as { url: string; views: number }
  }

  /** A new tab that records every answer of /api/event: the event's name and url, and the status. */
  async function openTab() {
    const page = await browser.context.newPage()
    const errors = watchPageErrors(page)
    const answers: Answer[] = []
    page.on('response', (response) => {
      if (response.url() !== `${api}/api/event`) return
      const sent = JSON.parse(response.request().postData() ?? '{}') as { n: string; u: string }
      answers.push({ name: sent.n, url: sent.u, status: response.status() })
    })
    const pageviews = () => answers.filter((a) => a.name === 'pageview').map((a) => a.url)
    return { page, errors, answers, pageviews }
  }

  it('counts a page load, a pushState navigation and back (popstate) once each, and a custom event', async () => {
    const before = { ...t.app.ingest.events }
    const { page, errors, answers, pageviews } = await openTab()
    const [a, b] = [`${portal}/app/kim-kutim`, `${portal}/app/bimtek-dunia-digital`]

    await page.goto(a)
    await expect.poll(pageviews, WAIT).toEqual([a])
    await page.evaluate(() => history.pushState({}, '', '/app/bimtek-dunia-digital'))
    await expect.poll(pageviews, WAIT).toEqual([a, b])
    await page.evaluate(() => history.back())
    await expect.poll(pageviews, WAIT).toEqual([a, b, a])
    await page.evaluate(() =>
      (window as unknown as { plausible: (name: string, options: object) => void }).plausible('Unduh Laporan', {
        props: { berkas: 'laporan-kim.pdf' },
      }),
    )
    await expect.poll(() => answers.filter((x) => x.name === 'Unduh Laporan').length, WAIT).toBe(1)

    // Every event was answered 2xx, the script sent engagement events between the pages as it does.
    expect(
      answers.every((x) => x.status === 202),
      JSON.stringify(answers),
    ).toBe(true)
    expect(answers.filter((x) => x.name === 'engagement').length).toBeGreaterThanOrEqual(2)
    // Each page view counted once: the first page twice (load and back), the second once.
    expect((await counter(a)).views).toBe(2)
    expect((await counter(b)).views).toBe(1)
    // Each engagement and custom event the browser got an answer for is counted once.
    const sent = (name: string) => answers.filter((x) => x.name === name).length
    expect(t.app.ingest.events.custom - before.custom).toBe(1)
    // (An engagement event the script sends on blur may still be on its way: wait until its answer came.)
    await expect.poll(() => t.app.ingest.events.engagement - before.engagement - sent('engagement'), WAIT).toBe(0)

    // The view went to the site the script names (portal.localhost is on "localhost"), and the
    // script's custom properties filled the article.
    const site = await t.app.db.selectFrom('sites').select('id').where('hostname', '=', 'localhost').executeTakeFirstOrThrow()
    const article = await t.app.db
      .selectFrom('articles')
      .selectAll()
      .where('url', '=', (await counter(a)).url)
      .executeTakeFirstOrThrow()
    expect(article).toMatchObject({ site_id: site.id, author: AUTHOR, region_code: '64.08' })
    expect(errors).toEqual([])
    await page.close()
  })

  it('counts the pages of a hash-routed app apart, once each', async () => {
    const { page, errors, answers, pageviews } = await openTab()
    await page.goto(`${portal}/hash#/layanan`)
    await expect.poll(pageviews, WAIT).toEqual([`${portal}/hash#/layanan`])
    await page.evaluate(() => (location.hash = '#/pengaduan'))
    await expect.poll(pageviews, WAIT).toEqual([`${portal}/hash#/layanan`, `${portal}/hash#/pengaduan`])
    expect(
      answers.every((x) => x.status === 202),
      JSON.stringify(answers),
    ).toBe(true)

    expect((await counter(`${portal}/hash#/layanan`, true)).views).toBe(1)
    expect((await counter(`${portal}/hash#/pengaduan`, true)).views).toBe(1)
    // The app's address without a fragment was not a page of its own.
    expect((await counter(`${portal}/hash`)).views).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })
})
