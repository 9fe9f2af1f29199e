import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { normaliseArticleUrl } from '@jangkau/shared'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshotPath, watchPageErrors, type LaunchedBrowser } from './helpers/browser.ts'
import { BROWSER_UA, createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

// The tracker as a reader's browser runs it: the API on http://127.0.0.1:<port>, a news portal on
// http://localhost:<other port>. Different origin AND different site, so CORS and
// Cross-Origin-Resource-Policy apply exactly as they do between a portal and Jangkau.

const AUTHOR = 'Nichita Heryananda Putri'
const WAIT = { timeout: 10_000, interval: 50 }
/** OVERLOAD_MAX_IN_FLIGHT of the API under test. */
const IN_FLIGHT = 4

/** An article page of the test portal: /berita/* shows "N kali dilihat", /kabar/* has no counter. */
function portalPage(api: string, path: string): string {
  const title = `Diskominfo Kaltim Lakukan Koordinasi (${path.split('/').pop()})`
  const counter = path.startsWith('/berita/') ? ' · <span data-jangkau-views></span> kali dilihat' : ''
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:42rem;margin:3rem auto;color:#1f2937}
header{border-bottom:3px solid #0e7490;margin-bottom:1.5rem}.meta{color:#6b7280}</style>
<script defer src="${api}/t.js" data-category="Pemerintahan" data-region="64.08"
  data-author="${AUTHOR}" data-published="2022-04-20T08:26:00+08:00"></script>
</head><body><header><strong>Portal Uji · Kutai Timur</strong></header>
<article><h1>${title}</h1><p class="meta">Oleh ${AUTHOR} · 20 April 2022${counter}</p>
<p>Samarinda — Dinas Komunikasi dan Informatika Provinsi Kalimantan Timur menggelar rapat koordinasi
Kelompok Informasi Masyarakat se-Kabupaten Kutai Timur.</p></article></body></html>`
}

describe(`tracker in Chromium on ${testDatabase}`, () => {
  let t: TestApp
  let api = ''
  let portal = ''
  let portalServer: Server
  let browser: LaunchedBrowser
  /** Every request the API received, as the network saw it (preflights included). */
  const apiLog: { method: string; path: string; contentType: string }[] = []

  beforeAll(async () => {
    t = await createTestApp({
      config: {
        sites: [{ hostname: 'localhost', name: 'Portal Uji', regionCode: null }],
        urlKeepParams: ['id'],
        // Shedding by requests in flight only (no tab here has more than two at once); see the 503 test.
        overload: { maxEventLoopDelayMs: 0, maxHeapMb: 0, maxInFlight: IN_FLIGHT },
      },
    })
    t.app.server.on('request', (request) => {
      apiLog.push({
        method: request.method ?? '',
        path: (request.url ?? '').split('?')[0]!,
        contentType: request.headers['content-type'] ?? '',
      })
    })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    api = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
    await t.app.db.insertInto('categories').values({ slug: 'pemerintahan', name: 'Pemerintahan' }).execute()
    t.app.ingest.catalog.invalidate()

    portalServer = createServer((request, response) => {
      const path = (request.url ?? '/').split(/[?#]/)[0]!
      if (!/^\/(berita|kabar)\/[a-z0-9-]+$/.test(path)) return response.writeHead(404).end()
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(portalPage(api, path))
    })
    await new Promise<void>((resolve) => portalServer.listen(0, '127.0.0.1', resolve))
    portal = `http://localhost:${(portalServer.address() as AddressInfo).port}`

    // Headless Chromium's own user agent says "HeadlessChrome" and would be dropped as a bot.
    browser = await launchBrowser({ userAgent: BROWSER_UA })
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => portalServer?.close(resolve))
    await t?.close()
  })

  const views = async (url: string): Promise<number> => {
    const r = await t.app.inject({ method: 'GET', url: `/api/counter?url=${encodeURIComponent(url)}` })
    return (r.json() as { views: number }).views
  }
  /** The stored key of a page address (http://localhost:… is stored as https://localhost:…). */
  const key = (url: string) => normaliseArticleUrl(url, ['id'])!
  const article = (url: string) => t.app.db.selectFrom('articles').selectAll().where('url', '=', key(url)).executeTakeFirstOrThrow()
  const viewRows = async (url: string) => {
    const row = await t.app.db
      .selectFrom('page_views')
      .innerJoin('articles', 'articles.id', 'page_views.article_id')
      .where('articles.url', '=', key(url))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }
  const seed = async (url: string, views: number) => {
    const site = await t.app.db.selectFrom('sites').select('id').where('hostname', '=', 'localhost').executeTakeFirstOrThrow()
    await t.app.db
      .insertInto('articles')
      .values({ site_id: site.id, url: key(url), views })
      .execute()
  }

  /** A new tab that records its errors and the page URLs it reported to /api/collect (in order). */
  async function openTab(initScript?: string) {
    const page = await browser.context.newPage()
    const errors = watchPageErrors(page)
    const reports: { url: string; resourceType: string }[] = []
    page.on('request', (request) => {
      if (request.url() !== `${api}/api/collect`) return
      reports.push({ url: (JSON.parse(request.postData() ?? '{}') as { url: string }).url, resourceType: request.resourceType() })
    })
    if (initScript) await page.addInitScript(initScript)
    return { page, errors, reports, reported: () => reports.map((r) => r.url) }
  }
  /** Waits until the tracker has filled the counter and returns its text. */
  async function shownCount(page: Page): Promise<string> {
    await page.waitForFunction(() => document.querySelector('[data-jangkau-views]')?.textContent !== '', null, { timeout: WAIT.timeout })
    return (await page.textContent('[data-jangkau-views]')) ?? ''
  }

  it('counts every page load once, and the counter shown already includes that view', async () => {
    const { page, errors, reports } = await openTab()
    const tracker = page.waitForResponse(`${api}/t.js`)
    const url = `${portal}/berita/tiga-kali`
    for (const expected of [1, 2, 3]) {
      await page.goto(url)
      expect(await shownCount(page)).toBe(String(expected))
      expect(await views(url)).toBe(expected)
    }
    expect(await viewRows(url)).toBe(3)
    // The view goes by fetch (keepalive), whose 202 comes after commit; the counter is read after it.
    expect(reports).toEqual([1, 2, 3].map(() => ({ url, resourceType: 'fetch' })))
    // /t.js came gzipped from the other site, allowed by its own Cross-Origin-Resource-Policy.
    const headers = (await tracker).headers()
    expect(headers['cross-origin-resource-policy']).toBe('cross-origin')
    expect(headers['content-encoding']).toBe('gzip')
    expect(errors).toEqual([])
    await page.close()
  })

  it('shows the count in id-ID format and fills the article metadata from the script tag', async () => {
    const url = `${portal}/berita/koordinasi-kim`
    await seed(url, 1233)
    const { page, errors } = await openTab()
    await page.goto(url)
    expect(await shownCount(page)).toBe('1.234')
    expect(await views(url)).toBe(1234)
    await page.screenshot({ path: screenshotPath('tracker-portal.png') })

    const row = await article(url)
    const category = await t.app.db.selectFrom('categories').select('id').where('slug', '=', 'pemerintahan').executeTakeFirstOrThrow()
    expect({ ...row, published_at: new Date(row.published_at!).toISOString() }).toMatchObject({
      title: 'Diskominfo Kaltim Lakukan Koordinasi (koordinasi-kim)',
      category_id: category.id,
      region_code: '64.08',
      author: AUTHOR,
      published_at: '2022-04-20T00:26:00.000Z',
    })
    expect(errors).toEqual([])
    await page.close()
  })

  it('reports the view the same way when the page shows no counter', async () => {
    const { page, errors, reports } = await openTab()
    const url = `${portal}/kabar/tanpa-penghitung`
    await page.goto(url)
    await expect.poll(() => views(url), WAIT).toBe(1)
    // fetch with keepalive, as with a counter: it survives leaving the page like a beacon, and shows
    // the answer (a 503 is sent again, see below).
    expect(reports).toEqual([{ url, resourceType: 'fetch' }])
    expect(await article(url)).toMatchObject({ region_code: '64.08', author: AUTHOR })
    expect(errors).toEqual([])
    await page.close()
  })

  it.each([
    ['Do Not Track', `Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' })`],
    ['Global Privacy Control', `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })`],
  ])('with %s on, records nothing but still shows the count', async (name, initScript) => {
    const url = `${portal}/berita/privasi-${name.split(' ')[0]!.toLowerCase()}`
    await seed(url, 41)
    const { page, errors, reports } = await openTab(initScript)
    await page.goto(url)
    expect(await shownCount(page)).toBe('41')
    expect(reports).toEqual([])
    expect(await views(url)).toBe(41)
    expect(await viewRows(url)).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })

  it('reports single-page navigations once each: pushState and back, not hash changes or the same URL', async () => {
    const { page, errors, reported } = await openTab()
    const at = (slug: string) => `${portal}/berita/spa-${slug}`
    await page.goto(at('1'))
    expect(await shownCount(page)).toBe('1')

    await page.evaluate(async () => {
      const waitFor = (event: string) => new Promise((resolve) => addEventListener(event, resolve, { once: true }))
      history.pushState({}, '', '/berita/spa-2')
      history.pushState({}, '', '/berita/spa-2') // same URL again: not a new page
      const hash = waitFor('hashchange')
      location.hash = 'komentar' // in-page anchor: not a new page
      await hash
      history.pushState({}, '', '/berita/spa-3')
      let back = waitFor('popstate')
      history.back() // to /berita/spa-2#komentar: a page view of spa-2 again
      await back
      back = waitFor('popstate')
      history.back() // to /berita/spa-2 without the anchor: still the same page
      await back
      history.pushState({}, '', '/berita/spa-4')
    })
    // Requests are issued in order, so once spa-4 is out, anything the steps before sent is too.
    await expect.poll(() => reported().at(-1), WAIT).toBe(at('4'))
    expect(reported()).toEqual([at('1'), at('2'), at('3'), at('2'), at('4')])
    for (const [slug, n] of [
      ['1', 1],
      ['2', 2],
      ['3', 1],
      ['4', 1],
    ] as const) {
      await expect.poll(() => views(at(slug)), WAIT).toBe(n)
    }
    expect(await shownCount(page)).toBe('1') // the counter follows the new page (spa-4)
    // The script tag describes the page it was loaded with; later pages must not inherit it.
    expect(await article(at('1'))).toMatchObject({ region_code: '64.08', author: AUTHOR })
    expect(await article(at('2'))).toMatchObject({ title: null, region_code: null, author: null, category_id: null })
    expect(errors).toEqual([])
    await page.close()
  })

  it('counts one view per article: not for a dropped parameter, nor for a replaceState that strips utm_* and fbclid', async () => {
    const { page, errors, reported } = await openTab()
    const at = (rest: string) => `${portal}/berita/spa-param${rest}`
    await page.goto(at('?utm_source=whatsapp&fbclid=IwAR0abc'))
    expect(await shownCount(page)).toBe('1')

    const popstates = await page.evaluate(async () => {
      let count = 0
      addEventListener('popstate', () => count++)
      const hashChanged = () => new Promise((resolve) => addEventListener('hashchange', resolve, { once: true }))
      // The portal's own script tidies the address bar; then the reader follows an in-page anchor
      // (Chromium fires popstate for it): still the same article.
      history.replaceState({}, '', '/berita/spa-param')
      const changed = hashChanged()
      location.hash = 'komentar'
      await changed
      history.pushState({}, '', '/berita/spa-param?page=2') // only a dropped parameter: the same article
      history.pushState({}, '', '/berita/spa-param?page=2&id=5') // a kept parameter (URL_KEEP_PARAMS=id): another
      history.pushState({}, '', '/berita/spa-param//?id=5&page=3&utm_medium=social') // the same as the last
      const popped = new Promise((resolve) => addEventListener('popstate', resolve, { once: true }))
      history.back() // back to ?page=2&id=5 with a popstate: still that article
      await popped
      history.pushState({}, '', '/berita/spa-param-akhir')
      return count
    })
    expect(popstates).toBeGreaterThanOrEqual(2)
    await expect.poll(() => reported().at(-1), WAIT).toBe(`${portal}/berita/spa-param-akhir`)
    expect(reported()).toEqual([at('?utm_source=whatsapp&fbclid=IwAR0abc'), at('?page=2&id=5'), `${portal}/berita/spa-param-akhir`])
    await expect.poll(() => views(`${portal}/berita/spa-param-akhir`), WAIT).toBe(1)
    expect(await views(at(''))).toBe(1)
    expect(await views(at('?id=5'))).toBe(1)
    expect(errors).toEqual([])
    await page.close()
  })

  it('sends a view shed with 503 once more after Retry-After, so overload delays it instead of losing it', async () => {
    // The API sheds while IN_FLIGHT requests are being answered; requests whose body never comes hold them.
    const hold = async () => {
      // A request of another tab still in flight can take a slot first, so that a held socket is shed
      // itself and the rest do not fill the slots: then let go and hold again.
      for (let attempt = 1; ; attempt++) {
        const sockets = await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            const socket = connect(Number(new URL(api).port), '127.0.0.1')
            await new Promise((resolve) => socket.once('connect', resolve))
            socket.write('POST /api/collect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n')
            return socket
          }),
        )
        const release = () => {
          for (const socket of sockets) socket.destroy()
        }
        try {
          // Held once the (also shed) counter answers 503.
          await expect
            .poll(async () => (await fetch(`${api}/api/counter?url=https://localhost/x`)).status, {
              timeout: 5_000,
              interval: 50,
            })
            .toBe(503)
          return release
        } catch (error) {
          release()
          if (attempt === 3) throw error
        }
      }
    }
    const openSheddingTab = async () => {
      const tab = await openTab()
      const answers: { status: number; at: number; retryAfter: string | undefined }[] = []
      const sent: number[] = []
      tab.page.on('request', (r) => r.url() === `${api}/api/collect` && sent.push(Date.now()))
      tab.page.on('response', async (r) => {
        if (r.url() === `${api}/api/collect`)
          answers.push({ status: r.status(), at: Date.now(), retryAfter: (await r.allHeaders())['retry-after'] })
      })
      return { ...tab, answers, sent }
    }

    // Shed once: the view arrives about a second later, once.
    const url = `${portal}/kabar/sibuk`
    let release = await hold()
    const first = await openSheddingTab()
    await first.page.goto(url)
    await expect.poll(() => first.answers.length, WAIT).toBe(1)
    expect(first.answers[0]).toMatchObject({ status: 503, retryAfter: '1' })
    // The portal's scripts may read Retry-After cross-origin (Access-Control-Expose-Headers).
    const readable = await first.page.evaluate(
      async (u) => (await fetch(u)).headers.get('retry-after'),
      `${api}/api/counter?url=https://localhost/x`,
    )
    expect(readable).toBe('1')
    release()
    await expect.poll(() => first.answers.length, WAIT).toBe(2)
    expect(first.answers.map((a) => a.status)).toEqual([503, 202])
    expect(first.reported()).toEqual([url, url])
    expect(first.sent[1]! - first.answers[0]!.at).toBeGreaterThanOrEqual(900)
    expect(await viewRows(url)).toBe(1)
    // Only the 503s' console lines ("Failed to load resource"), nothing broken.
    expect(first.errors.filter((e) => !e.includes('503'))).toEqual([])
    await first.page.close()

    // Shed twice: given up after the one retry (no third request), nothing stored.
    const other = `${portal}/kabar/sibuk-lagi`
    release = await hold()
    const second = await openSheddingTab()
    await second.page.goto(other)
    await expect.poll(() => second.answers.length, WAIT).toBe(2)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(second.answers.map((a) => a.status)).toEqual([503, 503])
    expect(second.sent.length).toBe(2)
    release()
    expect(await viewRows(other)).toBe(0)
    await second.page.close()
  })

  it('answers the portal cross-origin: collect and counter with CORS, t.js by CORP, the rest refused', async () => {
    const { page } = await openTab()
    await page.goto(`${portal}/kabar/cors`)
    await expect.poll(() => views(`${portal}/kabar/cors`), WAIT).toBe(1)
    const logged = apiLog.length
    const result = await page.evaluate(
      async ({ api, url }) => {
        const outcome = (p: Promise<Response>) =>
          p.then(
            (r) => r.status,
            () => 'blocked',
          )
        // A plain string body is sent as text/plain: a "simple" request, so no preflight.
        const collect = await fetch(`${api}/api/collect`, { method: 'POST', body: JSON.stringify({ url }) })
        const counter = await fetch(`${api}/api/counter?url=${encodeURIComponent(url)}`)
        return {
          collect: [collect.status, await collect.json()],
          counter: [counter.status, await counter.json()],
          // Controls: the same browser refuses what the API does not open to other sites.
          healthWithCors: await outcome(fetch(`${api}/healthz`)),
          healthNoCors: await outcome(fetch(`${api}/healthz`, { mode: 'no-cors' })),
          trackerNoCors: await outcome(fetch(`${api}/t.js`, { mode: 'no-cors' })),
        }
      },
      { api, url: `${portal}/kabar/cors` },
    )
    expect(result).toEqual({
      collect: [202, { status: 'accepted' }],
      counter: [200, { url: key(`${portal}/kabar/cors`), views: 2 }],
      healthWithCors: 'blocked', // no Access-Control-Allow-Origin
      healthNoCors: 'blocked', // Cross-Origin-Resource-Policy: same-site
      trackerNoCors: 0, // opaque response: loaded
    })
    expect(apiLog.slice(logged).find((r) => r.path === '/api/collect')).toMatchObject({
      method: 'POST',
      contentType: 'text/plain;charset=UTF-8',
    })
    // Not one preflight in this whole file: tracker and fetches above are all simple requests.
    expect(apiLog.filter((r) => r.method === 'OPTIONS')).toEqual([])
    await page.close()
  })

  it('stores nothing in the browser: no cookie, web storage, IndexedDB or cache', async () => {
    const { page, errors } = await openTab()
    await page.goto(`${portal}/berita/tanpa-jejak`)
    expect(await shownCount(page)).toBe('1')
    const stored = await page.evaluate(async () => ({
      cookie: document.cookie,
      localStorage: localStorage.length,
      sessionStorage: sessionStorage.length,
      indexedDB: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
    }))
    expect(stored).toEqual({ cookie: '', localStorage: 0, sessionStorage: 0, indexedDB: 0, caches: 0 })
    // Cookies of every origin this browser visited in this file, the API's included.
    expect(await browser.context.cookies()).toEqual([])
    expect(errors).toEqual([])
    await page.close()
  })
})
