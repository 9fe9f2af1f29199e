import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Site } from '@jangkau/shared'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import { createApiToken } from './auth.ts'
import { BROWSER_UA, createTestApp, type TestApp } from './test-app.ts'

// What the site feed tests share (site-feed.test.ts, site-feed-refusals.test.ts): a real HTTP server
// on 127.0.0.1 that serves the portal's feeds, and an app whose sites API reads them.

export const NOW = new Date('2026-12-02T02:00:00Z')

export type Handler = (request: IncomingMessage, response: ServerResponse) => void
export const xml =
  (body: string): Handler =>
  (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' })
    response.end(body)
  }

/**
 * One app and one portal server for a site feed test file, registered in the calling describe.
 * Before each test: no articles, two categories, and one site (`t.site`) whose feed is
 * `${t.portal}/feed.xml`; `routes` maps a path of the portal to what it answers.
 */
export function siteFeedApp() {
  let t: TestApp
  let server: Server
  /** http://127.0.0.1:port: the portal, as the site's host sees it. */
  let portal = ''
  /** The same server under another host name (localhost): somewhere a feed must not lead. */
  let elsewhere = ''
  const routes = new Map<string, Handler>()
  const admin: { headers: Record<string, string> } = { headers: {} }
  const viewer: { headers: Record<string, string> } = { headers: {} }
  let site: Site

  beforeAll(async () => {
    server = createServer((request, response) => {
      const handler = routes.get(request.url ?? '')
      if (handler) handler(request, response)
      else response.writeHead(404).end('not found')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const port = (server.address() as AddressInfo).port
    portal = `http://127.0.0.1:${port}`
    elsewhere = `http://localhost:${port}`
    t = await createTestApp({ clock: () => NOW, config: { feedSync: { intervalMinutes: 0, timeoutMs: 1000, maxBytes: 64 * 1024 } } })
    admin.headers = (await createApiToken(t.app, { role: 'admin', name: 'Admin Situs' })).headers
    viewer.headers = (await createApiToken(t.app, { role: 'viewer' })).headers
  })
  afterAll(async () => {
    await t?.close()
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve))
  })
  beforeEach(async () => {
    routes.clear()
    await sql`truncate page_views, articles, sites, categories, audit_log restart identity cascade`.execute(t.app.db)
    await t.app.db
      .insertInto('categories')
      .values([
        { slug: 'pemerintahan', name: 'Pemerintahan' },
        { slug: 'kesehatan', name: 'Kesehatan' },
      ])
      .execute()
    t.app.ingest.catalog.invalidate()
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/sites',
      headers: admin.headers,
      payload: { hostname: '127.0.0.1', name: 'Portal uji', regionCode: '64.08', feedUrl: `${portal}/feed.xml` },
    })
    expect(created.statusCode, created.body).toBe(201)
    site = created.json() as Site
  })

  const sync = async (who = admin) => t.app.inject({ method: 'POST', url: `/api/sites/${site.id}/sync`, headers: who.headers })
  const view = (path: string, title: string, author?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/collect',
      headers: { 'user-agent': BROWSER_UA },
      payload: { url: `${portal}${path}`, title, ...(author ? { meta: { author } } : {}) },
    })
  const articles = async () =>
    (
      await t.app.db
        .selectFrom('articles')
        .select(['url', 'title', 'title_source', 'author', 'author_source', 'category_id', 'region_code', 'published_at', 'views'])
        .orderBy('url')
        .execute()
    ).map((a) => ({ ...a, views: Number(a.views), published_at: a.published_at ? new Date(a.published_at).toISOString() : null }))
  /** The article URL as the catalogue keys it. */
  const key = (path: string) => `https://${portal.slice('http://'.length)}${path}`

  const rssFeed = () => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Portal uji</title>
    <link>${portal}/</link>
    <item>
      <title>Bupati Resmikan Posyandu &amp; Puskesmas</title>
      <link>${portal}/berita/a?utm_source=rss</link>
      <dc:creator>Nichita Heryananda Putri</dc:creator>
      <category>Kesehatan</category>
      <category>Lain</category>
      <pubDate>Wed, 20 Apr 2022 00:26:00 GMT</pubDate>
    </item>
    <item>
      <title><![CDATA[KIM Teluk Singkama <b>ikut</b> Bimtek]]></title>
      <link>${portal}/berita/b</link>
    </item>
    <item>
      <title>Artikel situs lain</title>
      <link>https://example.com/berita/c</link>
    </item>
  </channel>
</rss>`
  return {
    get app() {
      return t.app
    },
    get portal() {
      return portal
    },
    get elsewhere() {
      return elsewhere
    },
    get site() {
      return site
    },
    routes,
    admin,
    viewer,
    sync,
    view,
    articles,
    key,
    rssFeed,
  }
}
