import type { Site } from '@jangkau/shared'
import { describe, expect, it } from 'vitest'
import { type Handler, NOW, siteFeedApp, xml } from './helpers/site-feed.ts'
import { testDatabase } from './helpers/test-app.ts'

// Every way a portal's feed can go wrong ends as an error recorded on the site and changes no
// article; feeds only on the site's own host (the feeds that work: site-feed.test.ts).

describe(`site feeds on ${testDatabase}`, () => {
  const t = siteFeedApp()
  const { routes, admin, viewer, sync, view, articles, rssFeed } = t

  it.each([
    [
      'too large',
      'lebih besar dari 65536 bita',
      () => xml(`<rss version="2.0"><channel>${'<item><title>x</title><link>/x</link></item>'.repeat(2000)}</channel></rss>`),
    ],
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
    [
      'redirected to another host',
      'keluar dari host situs',
      (): Handler => (_request, response) => response.writeHead(302, { location: `${t.elsewhere}/feed.xml` }).end(),
    ],
    [
      'invalid XML',
      'bukan XML yang sah',
      () => xml(`<rss version="2.0"><channel><item><title>Judul</title><link>${t.portal}/berita/a</link></item></channel>`),
    ],
    ['not a feed', 'Bukan RSS 2.0, Atom, atau sitemap', () => xml('<html><body>Halaman</body></html>')],
    ['answered 404', 'HTTP 404', (): Handler => (_request, response) => response.writeHead(404).end()],
  ])(
    'records a feed that is %s as an error and changes nothing',
    async (_name, message, handler) => {
      await view('/berita/a', 'Judul dari pembaca')
      routes.set('/feed.xml', handler())
      // An earlier good sync, so that "changes nothing" also means the good outcome's articles stay.
      routes.set('/good.xml', xml(rssFeed()))
      await t.app.db
        .updateTable('sites')
        .set({ feed_url: `${t.portal}/good.xml` })
        .where('id', '=', t.site.id)
        .execute()
      expect((await sync()).json().feedSync.error).toBeNull()
      await t.app.db
        .updateTable('sites')
        .set({ feed_url: `${t.portal}/feed.xml` })
        .where('id', '=', t.site.id)
        .execute()
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
    },
    20_000,
  )

  it('answers 400 for a site without feed, 404 for none, 403 for non-admins', async () => {
    const plain = await t.app.inject({
      method: 'POST',
      url: '/api/sites',
      headers: admin.headers,
      payload: { hostname: 'kutaitimurkab.go.id', name: 'Kutim' },
    })
    expect(plain.json().feedUrl).toBeNull()
    const noFeed = await t.app.inject({ method: 'POST', url: `/api/sites/${plain.json().id}/sync`, headers: admin.headers })
    expect([noFeed.statusCode, noFeed.json().error.code]).toEqual([400, 'no_feed_url'])
    const missing = await t.app.inject({ method: 'POST', url: '/api/sites/999/sync', headers: admin.headers })
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'not_found'])
    const forbidden = await sync(viewer)
    expect([forbidden.statusCode, forbidden.json().error.code]).toEqual([403, 'forbidden'])
    expect(
      (await t.app.db.selectFrom('sites').select('feed_synced_at').where('id', '=', t.site.id).executeTakeFirstOrThrow()).feed_synced_at,
    ).toBeNull()
  })

  it("accepts a feed only on the site's own host or a subdomain of it", async () => {
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
    expect((await patch({ feedUrl: 'https://www.diskominfo.kaltimprov.go.id/sitemap.xml' })).json().feedUrl).toBe(
      'https://www.diskominfo.kaltimprov.go.id/sitemap.xml',
    )
    // Moving the site to another host leaves its feed behind: refused until the feed moves too.
    const moved = await patch({ hostname: 'kaltimprov.go.id.example' })
    expect([moved.statusCode, moved.json().error.code]).toEqual([400, 'invalid_feed_url'])
    expect((await patch({ hostname: 'portal.example', feedUrl: 'https://portal.example/feed' })).statusCode).toBe(200)
    expect((await patch({ feedUrl: null })).json().feedUrl).toBeNull()
    expect((await patch({ feedUrl: 'https://elsewhere.example/feed' })).statusCode).toBe(400)
  })
})
