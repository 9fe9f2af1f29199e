import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestApp, readerUa, testDatabase, type TestApp } from './helpers/test-app.ts'

const PORTAL = 'https://diskominfo.kaltimprov.go.id'

describe(`ingest on ${testDatabase}`, () => {
  let t: TestApp
  let now = new Date('2026-03-10T02:00:00Z')
  beforeAll(async () => {
    t = await createTestApp({ clock: () => now })
  })
  afterAll(async () => t?.close())
  beforeEach(async () => {
    now = new Date('2026-03-10T02:00:00Z')
    await sql`truncate page_views, articles, sites restart identity cascade`.execute(t.app.db)
    t.app.ingest.catalog.invalidate()
  })

  const collect = (payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/collect',
      headers: { 'user-agent': BROWSER_UA, ...headers },
      payload: payload as Record<string, unknown>,
    })
  const counts = async () => {
    const views = await t.app.db
      .selectFrom('page_views')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    const articles = await t.app.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    return { views: Number(views.n), articles: Number(articles.n) }
  }
  const counter = async (url: string) => {
    const r = await t.app.inject({ method: 'GET', url: `/api/counter?url=${encodeURIComponent(url)}` })
    expect(r.statusCode).toBe(200)
    return r.json() as { url: string; views: number }
  }

  it('stores every acknowledged view exactly once under 200 concurrent requests', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        collect({ url: `${PORTAL}/berita/${i % 40}`, referrer: `https://ref-${i}.example/` }, { 'user-agent': readerUa(i) }),
      ),
    )
    expect(answers.map((a) => a.statusCode)).toEqual(Array(200).fill(202))
    const stored = await t.app.db.selectFrom('page_views').select('referrer_host').execute()
    expect(stored.map((r) => r.referrer_host).sort()).toEqual(Array.from({ length: 200 }, (_, i) => `ref-${i}.example`).sort())
    for (let a = 0; a < 40; a++) expect((await counter(`${PORTAL}/berita/${a}`)).views).toBe(5)
    // Concurrent requests shared batches: fewer transactions than requests.
    expect(t.app.ingest.batcher.stats.batches).toBeLessThan(200)
  })

  it('accepts sendBeacon bodies sent as text/plain', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/collect',
      headers: { 'user-agent': BROWSER_UA, 'content-type': 'text/plain;charset=UTF-8' },
      payload: JSON.stringify({ url: `${PORTAL}/beacon` }),
    })
    expect(r.statusCode).toBe(202)
    expect((await counter(`${PORTAL}/beacon`)).views).toBe(1)
  })

  const NOT_A_URL = 'url harus alamat http(s) lengkap. / url must be an absolute http(s) URL.'
  // [case, body, code, message]: the schema's own messages (invalid_request) name the field, ours are exact.
  it.each([
    ['a missing url', {}, 'invalid_request', "body must have required property 'url'"],
    ['a url of the wrong type', { url: 42 }, 'invalid_request', 'body/url'],
    ['a relative url', { url: '/berita/1' }, 'invalid_url', NOT_A_URL],
    ['a url that is not http(s)', { url: 'javascript:alert(1)//x' }, 'invalid_url', NOT_A_URL],
    ['a malformed url', { url: 'http://exa mple.com/x' }, 'invalid_url', NOT_A_URL],
    [
      'an unknown region code',
      { url: `${PORTAL}/a`, meta: { region: '64.99' } },
      'unknown_region',
      'Kode wilayah 64.99 tidak dikenal. / Unknown region code 64.99.',
    ],
    ['a BPS code instead of Kemendagri', { url: `${PORTAL}/a`, meta: { region: '6404' } }, 'invalid_request', 'body/meta/region'],
    ['a bad published date', { url: `${PORTAL}/a`, meta: { published: 'kemarin' } }, 'invalid_request', 'body/meta/published'],
    ['an unknown field', { url: `${PORTAL}/a`, evil: true }, 'invalid_request', 'body must NOT have additional properties'],
    ['a bad screen', { url: `${PORTAL}/a`, screen: 'big' }, 'invalid_request', 'body/screen'],
    ['meta of the wrong type', { url: `${PORTAL}/a`, meta: 'x' }, 'invalid_request', 'body/meta must be object'],
  ])('answers 400 with a code and stores nothing for %s', async (_name, payload, code, message) => {
    const r = await collect(payload)
    expect(r.statusCode).toBe(400)
    const body = r.json()
    expect(body.error.code).toBe(code)
    expect(body.error.message).toContain(message)
    expect(await counts()).toEqual({ views: 0, articles: 0 })
  })

  it('answers 400 for broken JSON, as json and as text/plain', async () => {
    // Fastify's JSON parser answers application/json (bad_request); the tracker's text/plain parser is the app's own.
    for (const [type, code] of [
      ['application/json', 'bad_request'],
      ['text/plain', 'invalid_json'],
    ] as const) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/collect',
        headers: { 'content-type': type, 'user-agent': BROWSER_UA },
        payload: '{"url": "https://a.b/c",',
      })
      expect(r.statusCode).toBe(400)
      expect(r.json().error.code, type).toBe(code)
    }
    expect(await counts()).toEqual({ views: 0, articles: 0 })
  })

  it('refuses a 1 MB body with a coded 4xx and stores nothing', async () => {
    const r = await collect({ url: `${PORTAL}/a`, title: 'x'.repeat(1024 * 1024) })
    expect(r.statusCode).toBe(413)
    expect(r.json().error.code).toBe('body_too_large')
    expect(await counts()).toEqual({ views: 0, articles: 0 })
  })

  it('drops bots with 202 and does not store them', async () => {
    for (const ua of ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'curl/8.5.0', 'python-requests/2.31', '']) {
      const r = await collect({ url: `${PORTAL}/bot` }, { 'user-agent': ua })
      expect(r.statusCode).toBe(202)
    }
    expect(await counts()).toEqual({ views: 0, articles: 0 })
    expect(t.app.ingest.drops.bot).toBeGreaterThanOrEqual(4)
  })

  it('normalises the article URL: fragment, query and trailing slash', async () => {
    for (const url of [
      `${PORTAL}/berita/kim/`,
      `${PORTAL}/berita/kim#komentar`,
      `${PORTAL}/berita/kim?utm_source=wa`,
      'HTTPS://DISKOMINFO.KALTIMPROV.GO.ID/berita/kim',
    ]) {
      expect((await collect({ url })).statusCode).toBe(202)
    }
    expect(await counter(`${PORTAL}/berita/kim`)).toEqual({ url: `${PORTAL}/berita/kim`, views: 4 })
    expect(await counts()).toEqual({ views: 4, articles: 1 })
  })

  it('counts the six addresses of one page as one article, under a configured site too', async () => {
    const variants = [
      'http://diskominfo.kaltimprov.go.id/berita/satu',
      'https://diskominfo.kaltimprov.go.id/berita/satu',
      'https://www.diskominfo.kaltimprov.go.id/berita/satu',
      'https://diskominfo.kaltimprov.go.id:443/berita/satu',
      'https://DISKOMINFO.KALTIMPROV.GO.ID/berita/satu',
      'https://diskominfo.kaltimprov.go.id./berita/satu',
    ]
    // Before, these were six articles counting 3, 1, 1, 3, 3 and 0 (the trailing dot was an unknown site).
    await t.app.db
      .insertInto('sites')
      .values({ hostname: 'diskominfo.kaltimprov.go.id', name: 'Diskominfo Kaltim', region_code: null })
      .execute()
    t.app.ingest.catalog.invalidate()
    const sent = [3, 1, 1, 3, 3, 2]
    const unknownBefore = t.app.ingest.drops.unknown_site
    for (const [i, url] of variants.entries()) {
      for (let n = 0; n < sent[i]!; n++) expect((await collect({ url }, { 'user-agent': readerUa(i * 10 + n) })).statusCode).toBe(202)
    }
    expect(await counts()).toEqual({ views: 13, articles: 1 })
    expect(t.app.ingest.drops.unknown_site).toBe(unknownBefore)
    for (const url of variants) expect(await counter(url)).toEqual({ url: `${PORTAL}/berita/satu`, views: 13 })
  })

  it('gives a new visitor hash when the WITA day changes, and the same one within a day', async () => {
    const hashes: string[] = []
    // 23:59:30 WITA, 23:59:50 WITA (same day), then 00:00:10 WITA the next day.
    for (const at of ['2026-03-10T15:59:30Z', '2026-03-10T15:59:50Z', '2026-03-10T16:00:10Z']) {
      now = new Date(at)
      expect((await collect({ url: `${PORTAL}/malam` })).statusCode).toBe(202)
    }
    const rows = await t.app.db.selectFrom('page_views').select(['visitor_hash', 'occurred_at']).orderBy('occurred_at').execute()
    for (const r of rows) hashes.push(String(r.visitor_hash))
    expect(hashes[0]).toBe(hashes[1])
    expect(hashes[2]).not.toBe(hashes[1])
    // Salts older than yesterday are deleted: a day later only the last two days remain.
    now = new Date('2026-03-12T01:00:00Z')
    await collect({ url: `${PORTAL}/malam` })
    const days = await t.app.db.selectFrom('salts').select(sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day')).orderBy('day').execute()
    expect(days.map((d) => d.day)).toEqual(['2026-03-11', '2026-03-12'])
  })

  it('stores no IP address and no raw user agent', async () => {
    await collect({ url: `${PORTAL}/privasi` }, { 'x-forwarded-for': '203.0.113.77' })
    const rows = await sql<Record<string, unknown>>`select * from page_views`.execute(t.app.db)
    const text = JSON.stringify(rows.rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
    expect(text).not.toContain('127.0.0.1')
    expect(text).not.toContain('203.0.113.77')
    expect(text).not.toContain('Mozilla')
    expect(rows.rows[0]).toMatchObject({ device: 'desktop', browser: 'Chrome' })
  })

  it('fills article metadata from meta; an unknown category becomes an unmapped one', async () => {
    await t.app.db.insertInto('categories').values({ slug: 'pemerintahan', name: 'Pemerintahan' }).execute()
    t.app.ingest.catalog.invalidate()
    await collect({
      url: `${PORTAL}/meta`,
      title: 'Diskominfo Kaltim Lakukan Koordinasi',
      meta: { category: 'Pemerintahan', region: '64.08', author: 'Nichita Heryananda Putri', published: '2022-04-20T08:26:00+08:00' },
    })
    await collect({ url: `${PORTAL}/meta-2`, meta: { category: 'Tidak Ada' } })
    const rows = await t.app.db.selectFrom('articles').selectAll().orderBy('id').execute()
    expect(rows[0]).toMatchObject({
      title: 'Diskominfo Kaltim Lakukan Koordinasi',
      region_code: '64.08',
      author: 'Nichita Heryananda Putri',
    })
    expect(rows[0]!.category_id).not.toBeNull()
    expect(new Date(rows[0]!.published_at!).toISOString()).toBe('2022-04-20T00:26:00.000Z')
    // Not lost: counted under its own name until an admin maps it (categories.test.ts).
    const unknown = await t.app.db
      .selectFrom('categories')
      .select(['slug', 'name', 'mapped'])
      .where('id', '=', rows[1]!.category_id!)
      .executeTakeFirst()
    expect(unknown).toEqual({ slug: 'tidak-ada', name: 'Tidak Ada', mapped: false })
    expect(rows[1]!.category_text).toBe('Tidak Ada')
  })

  it('drops hosts that are not a configured site, and accepts any host while none is configured', async () => {
    expect((await collect({ url: 'https://mana-saja.example/x' })).statusCode).toBe(202)
    expect((await counter('https://mana-saja.example/x')).views).toBe(1)
    await t.app.db.insertInto('sites').values({ hostname: 'kutaitimurkab.go.id', name: 'Kutim', region_code: '64.08' }).execute()
    t.app.ingest.catalog.invalidate()
    expect((await collect({ url: 'https://lain.example/y' })).statusCode).toBe(202)
    expect((await counter('https://lain.example/y')).views).toBe(0)
    expect(t.app.ingest.drops.unknown_site).toBeGreaterThanOrEqual(1)
    // A configured site (also with www.) is accepted and gives its default region to new articles.
    expect((await collect({ url: 'https://www.kutaitimurkab.go.id/berita/1' })).statusCode).toBe(202)
    const article = await t.app.db
      .selectFrom('articles')
      .select('region_code')
      .where('url', '=', 'https://kutaitimurkab.go.id/berita/1')
      .executeTakeFirstOrThrow()
    expect(article.region_code).toBe('64.08')
  })

  it('serves the counter with CORS for any origin, and 400 for a bad url', async () => {
    const r = await t.app.inject({
      method: 'GET',
      url: `/api/counter?url=${encodeURIComponent(`${PORTAL}/x`)}`,
      headers: { origin: 'https://portal.example' },
    })
    expect(r.headers['access-control-allow-origin']).toBe('*')
    expect(r.json()).toEqual({ url: `${PORTAL}/x`, views: 0 })
    expect(r.headers['cross-origin-resource-policy']).toBe('cross-origin')
    const bad = await t.app.inject({ method: 'GET', url: '/api/counter?url=relatif/saja', headers: { origin: 'https://portal.example' } })
    expect(bad.statusCode).toBe(400)
    // Errors of the public routes are readable cross-origin too (the tracker cannot learn otherwise).
    expect(bad.headers['access-control-allow-origin']).toBe('*')
    expect(bad.headers['cross-origin-resource-policy']).toBe('cross-origin')
    for (const url of ['/api/collect', '/api/event', '/api/counter']) {
      const pre = await t.app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin: 'https://portal.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      })
      expect(pre.statusCode, url).toBe(204)
      expect(pre.headers['access-control-allow-origin'], url).toBe('*')
      expect(pre.headers['access-control-allow-methods'], url).toBe('GET, POST')
      expect(pre.headers['access-control-allow-headers'], url).toBe('content-type')
      expect(pre.headers['access-control-max-age'], url).toBe('86400')
    }
    // The dashboard API is same-origin only: no CORS headers, no preflight.
    const users = await t.app.inject({ method: 'GET', url: '/api/users', headers: { origin: 'https://portal.example' } })
    expect(users.headers['access-control-allow-origin']).toBeUndefined()
    expect(users.headers['cross-origin-resource-policy']).toBe('same-site')
    const prefUsers = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/users',
      headers: { origin: 'https://portal.example', 'access-control-request-method': 'POST' },
    })
    expect(prefUsers.statusCode).toBe(404)
    expect(prefUsers.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('reports health with the database kind', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/healthz' })
    expect(r.statusCode).toBe(200)
    expect(r.json()).toEqual({ status: 'ok', database: testDatabase })
  })

  it('serves the tracker under 1 KB gzipped', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/t.js', headers: { 'accept-encoding': 'gzip' } })
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-encoding']).toBe('gzip')
    expect(r.rawPayload.length).toBeLessThanOrEqual(1024)
    expect(r.headers['content-type']).toContain('javascript')
  })
})
