import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Site } from '@jangkau/shared'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApiToken } from './helpers/auth.ts'
import { BROWSER_UA, createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

// The portal's own feed confirms the catalogue (issue 13 §4): RSS, Atom and sitemaps served by a
// real HTTP server on 127.0.0.1, read by the app through its sites API; every way a feed can go
// wrong ends as an error recorded on the site and changes no article.

const NOW = new Date('2026-12-02T02:00:00Z')

type Handler = (request: IncomingMessage, response: ServerResponse) => void
const xml = (body: string): Handler => (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' })
  response.end(body)
}

describe(`site feeds on ${testDatabase}`, () => {
  let t: TestApp
  let server: Server
  /** http://127.0.0.1:port: the portal, as the site's host sees it. */
  let portal = ''
  /** The same server under another host name (localhost): somewhere a feed must not lead. */
  let elsewhere = ''
  const routes = new Map<string, Handler>()
  let admin: { headers: Record<string, string> }
  let viewer: { headers: Record<string, string> }
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
    admin = await createApiToken(t.app, { role: 'admin', name: 'Admin Situs' })
    viewer = await createApiToken(t.app, { role: 'viewer' })
  })
  afterAll(async () => {
    await t?.close()
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve))
  })
  beforeEach(async () => {
    routes.clear()
    await sql`truncate page_views, articles, sites, categories, audit_log restart identity cascade`.execute(t.app.db)
    await t.app.db.insertInto('categories').values([{ slug: 'pemerintahan', name: 'Pemerintahan' }, { slug: 'kesehatan', name: 'Kesehatan' }]).execute()
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
    t.app.inject({ method: 'POST', url: '/api/collect', headers: { 'user-agent': BROWSER_UA }, payload: { url: `${portal}${path}`, title, ...(author ? { meta: { author } } : {}) } })
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

  const RSS = () => `<?xml version="1.0" encoding="UTF-8"?>
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

  it('confirms titles from RSS 2.0: fills existing and new articles, and views no longer change them', async () => {
    expect((await view('/berita/a', 'Klik http://phish.example/login', 'Penipu')).statusCode).toBe(202)
    routes.set('/feed.xml', xml(RSS()))
    const r = await sync()
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({ id: site.id, feedUrl: `${portal}/feed.xml`, feedSync: { at: NOW.toISOString(), error: null, items: 2 } })

    expect(await articles()).toEqual([
      {
        url: key('/berita/a'),
        title: 'Bupati Resmikan Posyandu & Puskesmas',
        title_source: 'feed',
        author: 'Nichita Heryananda Putri',
        author_source: 'feed',
        category_id: 2,
        region_code: '64.08',
        published_at: '2022-04-20T00:26:00.000Z',
        views: 1,
      },
      {
        url: key('/berita/b'),
        title: 'KIM Teluk Singkama ikut Bimtek',
        title_source: 'feed',
        author: null,
        author_source: 'view',
        category_id: null,
        region_code: '64.08',
        published_at: null,
        views: 0,
      },
    ])
    // The forged title is gone for good: another view with it changes nothing but the count.
    await view('/berita/a', 'Klik http://phish.example/login', 'Penipu')
    expect((await articles())[0]).toMatchObject({ title: 'Bupati Resmikan Posyandu & Puskesmas', author: 'Nichita Heryananda Putri', views: 2 })

    const audit = await t.app.db.selectFrom('audit_log').select(['actor_name', 'action', 'entity', 'entity_id', 'after']).where('entity', '=', 'site_feed').execute()
    expect(audit).toEqual([
      { actor_name: 'Admin Situs', action: 'import', entity: 'site_feed', entity_id: String(site.id), after: { feedUrl: `${portal}/feed.xml`, error: null, items: 2, created: 1, updated: 1 } },
    ])
    // The sites list shows the outcome.
    const list = (await t.app.inject({ url: '/api/sites', headers: viewer.headers })).json() as { items: Site[] }
    expect(list.items[0]!.feedSync).toEqual({ at: NOW.toISOString(), error: null, items: 2 })
  })

  it('reads Atom, and leaves a title an admin set as the admin set it', async () => {
    const put = await t.app.inject({ method: 'PUT', url: '/api/articles', headers: admin.headers, payload: [{ url: `${portal}/berita/b`, title: 'Judul dari admin' }] })
    expect(put.statusCode, put.body).toBe(200)
    routes.set(
      '/feed.xml',
      xml(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Portal uji</title>
  <link rel="self" href="${portal}/feed.xml"/>
  <entry>
    <title type="html">Sosialisasi &lt;em&gt;KIP&lt;/em&gt; di Sangatta</title>
    <link rel="alternate" href="${portal}/berita/atom-1"/>
    <author><name>Budi</name></author>
    <category term="Pemerintahan"/>
    <published>2026-11-30T09:00:00+08:00</published>
    <updated>2026-12-01T09:00:00+08:00</updated>
  </entry>
  <entry>
    <title>Judul dari feed</title>
    <link href="${portal}/berita/b"/>
  </entry>
</feed>`),
    )
    expect((await sync()).json().feedSync).toEqual({ at: NOW.toISOString(), error: null, items: 2 })
    expect(await articles()).toEqual([
      {
        url: key('/berita/atom-1'),
        title: 'Sosialisasi KIP di Sangatta',
        title_source: 'feed',
        author: 'Budi',
        author_source: 'feed',
        category_id: 1,
        region_code: '64.08',
        published_at: '2026-11-30T01:00:00.000Z',
        views: 0,
      },
      expect.objectContaining({ url: key('/berita/b'), title: 'Judul dari admin', title_source: 'admin' }),
    ])
  })

  it('reads a sitemap index with a Google News sitemap and a plain one, following a redirect on the same host', async () => {
    routes.set('/feed.xml', (_request, response) => response.writeHead(301, { location: '/sitemap_index.xml' }).end())
    routes.set(
      '/sitemap_index.xml',
      xml(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>${portal}/news-sitemap.xml</loc></sitemap>
  <sitemap><loc>${portal}/post-sitemap.xml</loc></sitemap>
</sitemapindex>`),
    )
    routes.set(
      '/news-sitemap.xml',
      xml(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>${portal}/berita/news-1</loc>
    <news:news>
      <news:publication><news:name>Portal uji</news:name><news:language>id</news:language></news:publication>
      <news:publication_date>2026-12-01T08:00:00+08:00</news:publication_date>
      <news:title>Gubernur Buka Pameran UMKM</news:title>
    </news:news>
  </url>
</urlset>`),
    )
    routes.set(
      '/post-sitemap.xml',
      xml(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>${portal}/berita/lama</loc><lastmod>2026-01-01</lastmod></url>
</urlset>`),
    )
    await view('/berita/lama', 'Judul dari pembaca')
    expect((await sync()).json().feedSync).toEqual({ at: NOW.toISOString(), error: null, items: 2 })
    expect(await articles()).toEqual([
      // A plain sitemap names the page but not its title: what a view brought stays unconfirmed.
      expect.objectContaining({ url: key('/berita/lama'), title: 'Judul dari pembaca', title_source: 'view', published_at: null, views: 1 }),
      expect.objectContaining({ url: key('/berita/news-1'), title: 'Gubernur Buka Pameran UMKM', title_source: 'feed', published_at: '2026-12-01T00:00:00.000Z' }),
    ])
  })

  it.each([
    ['too large', 'lebih besar dari 65536 bita', () => xml(`<rss version="2.0"><channel>${'<item><title>x</title><link>/x</link></item>'.repeat(2000)}</channel></rss>`)],
    [
      'too large without Content-Length',
      'lebih besar dari 65536 bita',
      (): Handler => (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/xml' })
        for (let i = 0; i < 100; i++) response.write(`<!-- ${'x'.repeat(1000)} -->`)
        response.end('<rss/>')
      },
    ],
    [
      'slow',
      'tidak menjawab dalam 1 detik',
      (): Handler => (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/xml' })
        response.write('<rss version="2.0"><channel>')
        setTimeout(() => response.end('</channel></rss>'), 3000).unref()
      },
    ],
    ['redirected to another host', 'keluar dari host situs', (): Handler => (_request, response) => response.writeHead(302, { location: `${elsewhere}/feed.xml` }).end()],
    ['invalid XML', 'bukan XML yang sah', () => xml(`<rss version="2.0"><channel><item><title>Judul</title><link>${portal}/berita/a</link></item></channel>`)],
    ['not a feed', 'Bukan RSS 2.0, Atom, atau sitemap', () => xml('<html><body>Halaman</body></html>')],
    ['answered 404', 'HTTP 404', (): Handler => (_request, response) => response.writeHead(404).end()],
  ])('records a feed that is %s as an error and changes nothing', async (_name, message, handler) => {
    await view('/berita/a', 'Judul dari pembaca')
    routes.set('/feed.xml', handler())
    // An earlier good sync, so that "changes nothing" also means the good outcome's articles stay.
    routes.set('/good.xml', xml(RSS()))
    await t.app.db.updateTable('sites').set({ feed_url: `${portal}/good.xml` }).where('id', '=', site.id).execute()
    expect((await sync()).json().feedSync.error).toBeNull()
    await t.app.db.updateTable('sites').set({ feed_url: `${portal}/feed.xml` }).where('id', '=', site.id).execute()
    await view('/berita/c', 'Judul dari pembaca')
    const before = await articles()

    const r = await sync()
    expect(r.statusCode, r.body).toBe(200)
    const outcome = (r.json() as Site).feedSync
    expect(outcome.at).toBe(NOW.toISOString())
    expect(outcome.items).toBeNull()
    expect(outcome.error).toContain(message)
    expect(outcome.error).toContain(' / ')
    expect(await articles()).toEqual(before)
  }, 20_000)

  it('answers 400 for a site without feed, 404 for none, 403 for non-admins', async () => {
    const plain = await t.app.inject({ method: 'POST', url: '/api/sites', headers: admin.headers, payload: { hostname: 'kutaitimurkab.go.id', name: 'Kutim' } })
    expect(plain.json().feedUrl).toBeNull()
    const noFeed = await t.app.inject({ method: 'POST', url: `/api/sites/${plain.json().id}/sync`, headers: admin.headers })
    expect([noFeed.statusCode, noFeed.json().error.code]).toEqual([400, 'no_feed_url'])
    const missing = await t.app.inject({ method: 'POST', url: '/api/sites/999/sync', headers: admin.headers })
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'not_found'])
    const forbidden = await sync(viewer)
    expect([forbidden.statusCode, forbidden.json().error.code]).toEqual([403, 'forbidden'])
    expect((await t.app.db.selectFrom('sites').select('feed_synced_at').where('id', '=', site.id).executeTakeFirstOrThrow()).feed_synced_at).toBeNull()
  })

  it('accepts a feed only on the site\'s own host or a subdomain of it', async () => {
    const create = (feedUrl: string, hostname = 'diskominfo.kaltimprov.go.id') =>
      t.app.inject({ method: 'POST', url: '/api/sites', headers: admin.headers, payload: { hostname, name: 'Diskominfo', feedUrl } })
    for (const bad of [
      'https://kaltimprov.go.id/feed',
      'https://diskominfo.kaltimprov.go.id.evil.example/feed',
      'https://evil.example/?u=diskominfo.kaltimprov.go.id',
      'https://user:pw@diskominfo.kaltimprov.go.id/feed',
      'ftp://diskominfo.kaltimprov.go.id/feed',
      'javascript:alert(1)',
      'bukan alamat',
    ]) {
      const r = await create(bad)
      expect([r.statusCode, r.json().error.code], bad).toEqual([400, 'invalid_feed_url'])
      expect(r.json().error.message).toContain(' / ')
    }
    expect((await t.app.db.selectFrom('sites').selectAll().execute()).length).toBe(1)

    const ok = await create('https://feeds.diskominfo.kaltimprov.go.id/rss')
    expect(ok.statusCode, ok.body).toBe(201)
    const id = ok.json().id as number
    expect((await create('https://www.diskominfo.kaltimprov.go.id/sitemap.xml', 'portal2.kaltimprov.go.id')).statusCode).toBe(400)
    const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: `/api/sites/${id}`, headers: admin.headers, payload })
    expect((await patch({ feedUrl: 'https://www.diskominfo.kaltimprov.go.id/sitemap.xml' })).json().feedUrl).toBe('https://www.diskominfo.kaltimprov.go.id/sitemap.xml')
    // Moving the site to another host leaves its feed behind: refused until the feed moves too.
    const moved = await patch({ hostname: 'kaltimprov.go.id.example' })
    expect([moved.statusCode, moved.json().error.code]).toEqual([400, 'invalid_feed_url'])
    expect((await patch({ hostname: 'portal.example', feedUrl: 'https://portal.example/feed' })).statusCode).toBe(200)
    expect((await patch({ feedUrl: null })).json().feedUrl).toBeNull()
    expect((await patch({ feedUrl: 'https://elsewhere.example/feed' })).statusCode).toBe(400)
  })
})

describe(`sites created in open mode on ${testDatabase}`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  it('stop counting once an admin configures a site', async () => {
    const collect = (url: string) => t.app.inject({ method: 'POST', url: '/api/collect', headers: { 'user-agent': BROWSER_UA }, payload: { url } })
    // No site configured: any host counts, and gets a site of its own.
    expect((await collect('https://coba.example/a')).statusCode).toBe(202)
    expect(await t.app.db.selectFrom('sites').select(['hostname', 'auto_created']).execute()).toEqual([{ hostname: 'coba.example', auto_created: true }])

    const admin = await createApiToken(t.app, { role: 'admin' })
    const created = await t.app.inject({ method: 'POST', url: '/api/sites', headers: admin.headers, payload: { hostname: 'diskominfo.kaltimprov.go.id', name: 'Diskominfo' } })
    expect(created.statusCode).toBe(201)

    const before = t.app.ingest.drops.unknown_site
    expect((await collect('https://coba.example/a')).statusCode).toBe(202)
    expect((await collect('https://diskominfo.kaltimprov.go.id/b')).statusCode).toBe(202)
    expect(t.app.ingest.drops.unknown_site).toBe(before + 1)
    const views = await t.app.db.selectFrom('articles').select(['url', 'views']).orderBy('url').execute()
    expect(views.map((a) => [a.url, Number(a.views)])).toEqual([
      ['https://coba.example/a', 1],
      ['https://diskominfo.kaltimprov.go.id/b', 1],
    ])
  })
})
