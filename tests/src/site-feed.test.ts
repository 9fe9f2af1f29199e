import type { Site } from '@jangkau/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from './helpers/auth.ts'
import { NOW, siteFeedApp, xml } from './helpers/site-feed.ts'
import { BROWSER_UA, createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

// The portal's own feed confirms the catalogue (issue 13 §4): RSS, Atom and sitemaps served by a
// real HTTP server on 127.0.0.1, read by the app through its sites API; every way a feed can go
// wrong ends as an error recorded on the site and changes no article.
// Here RSS, Atom and sitemaps, and sites made in open mode (the errors: site-feed-refusals.test.ts).

describe(`site feeds on ${testDatabase}`, () => {
  const t = siteFeedApp()
  const { routes, admin, viewer, sync, view, articles, key, rssFeed } = t

  it('confirms titles from RSS 2.0: fills existing and new articles, and views no longer change them', async () => {
    expect((await view('/berita/a', 'Klik http://phish.example/login', 'Penipu')).statusCode).toBe(202)
    routes.set('/feed.xml', xml(rssFeed()))
    const r = await sync()
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toMatchObject({
      id: t.site.id,
      feedUrl: `${t.portal}/feed.xml`,
      feedSync: { at: NOW.toISOString(), error: null, items: 2 },
    })

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
    expect((await articles())[0]).toMatchObject({
      title: 'Bupati Resmikan Posyandu & Puskesmas',
      author: 'Nichita Heryananda Putri',
      views: 2,
    })

    const audit = await t.app.db
      .selectFrom('audit_log')
      .select(['actor_name', 'action', 'entity', 'entity_id', 'after'])
      .where('entity', '=', 'site_feed')
      .execute()
    expect(audit).toEqual([
      {
        actor_name: 'Admin Situs',
        action: 'import',
        entity: 'site_feed',
        entity_id: String(t.site.id),
        after: { feedUrl: `${t.portal}/feed.xml`, error: null, items: 2, created: 1, updated: 1 },
      },
    ])
    // The sites list shows the outcome.
    const list = (await t.app.inject({ url: '/api/sites', headers: viewer.headers })).json() as { items: Site[] }
    expect(list.items[0]!.feedSync).toEqual({ at: NOW.toISOString(), error: null, items: 2 })
  })

  it('reads Atom, and leaves a title an admin set as the admin set it', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/articles',
      headers: admin.headers,
      payload: [{ url: `${t.portal}/berita/b`, title: 'Judul dari admin' }],
    })
    expect(put.statusCode, put.body).toBe(200)
    routes.set(
      '/feed.xml',
      xml(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Portal uji</title>
  <link rel="self" href="${t.portal}/feed.xml"/>
  <entry>
    <title type="html">Sosialisasi &lt;em&gt;KIP&lt;/em&gt; di Sangatta</title>
    <link rel="alternate" href="${t.portal}/berita/atom-1"/>
    <author><name>Budi</name></author>
    <category term="Pemerintahan"/>
    <published>2026-11-30T09:00:00+08:00</published>
    <updated>2026-12-01T09:00:00+08:00</updated>
  </entry>
  <entry>
    <title>Judul dari feed</title>
    <link href="${t.portal}/berita/b"/>
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
  <sitemap><loc>${t.portal}/news-sitemap.xml</loc></sitemap>
  <sitemap><loc>${t.portal}/post-sitemap.xml</loc></sitemap>
</sitemapindex>`),
    )
    routes.set(
      '/news-sitemap.xml',
      xml(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>${t.portal}/berita/news-1</loc>
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
  <url><loc>${t.portal}/berita/lama</loc><lastmod>2026-01-01</lastmod></url>
</urlset>`),
    )
    await view('/berita/lama', 'Judul dari pembaca')
    expect((await sync()).json().feedSync).toEqual({ at: NOW.toISOString(), error: null, items: 2 })
    expect(await articles()).toEqual([
      // A plain sitemap names the page but not its title: what a view brought stays unconfirmed.
      expect.objectContaining({
        url: key('/berita/lama'),
        title: 'Judul dari pembaca',
        title_source: 'view',
        published_at: null,
        views: 1,
      }),
      expect.objectContaining({
        url: key('/berita/news-1'),
        title: 'Gubernur Buka Pameran UMKM',
        title_source: 'feed',
        published_at: '2026-12-01T00:00:00.000Z',
      }),
    ])
  })
})

describe(`sites created in open mode on ${testDatabase}`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp()
  })
  afterAll(async () => t?.close())

  it('stop counting once an admin configures a site', async () => {
    const collect = (url: string) =>
      t.app.inject({ method: 'POST', url: '/api/collect', headers: { 'user-agent': BROWSER_UA }, payload: { url } })
    // No site configured: any host counts, and gets a site of its own.
    expect((await collect('https://coba.example/a')).statusCode).toBe(202)
    expect(await t.app.db.selectFrom('sites').select(['hostname', 'auto_created']).execute()).toEqual([
      { hostname: 'coba.example', auto_created: true },
    ])

    const admin = await createApiToken(t.app, { role: 'admin' })
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/sites',
      headers: admin.headers,
      payload: { hostname: 'diskominfo.kaltimprov.go.id', name: 'Diskominfo' },
    })
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
