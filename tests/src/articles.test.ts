import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApiToken, signIn } from './helpers/auth.ts'
import { createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

const NOW = new Date('2026-03-10T02:00:00Z')
const PORTAL = 'https://diskominfo.kaltimprov.go.id'
const SEED_URL = `${PORTAL}/berita/kim-kutim-vakum`

type Caller = { headers: Record<string, string> }

describe(`article catalogue on ${testDatabase}`, () => {
  let t: TestApp
  let admin: Caller
  let viewer: Caller
  let operator: Caller

  beforeAll(async () => {
    t = await createTestApp({
      clock: () => NOW,
      config: {
        sites: [
          { hostname: 'diskominfo.kaltimprov.go.id', name: 'Diskominfo Kaltim', regionCode: null },
          { hostname: 'kutaitimurkab.go.id', name: 'Pemkab Kutim', regionCode: '64.08' },
        ],
        urlKeepParams: ['id'],
      },
    })
    admin = await createApiToken(t.app, { role: 'admin', name: 'Admin Katalog' })
    viewer = await createApiToken(t.app, { role: 'viewer' })
    operator = await createApiToken(t.app, { role: 'operator', regions: ['64.08'] })
  })
  afterAll(async () => t?.close())
  beforeEach(async () => {
    await sql`truncate page_views, articles, categories, audit_log restart identity cascade`.execute(t.app.db)
    await t.app.db
      .insertInto('categories')
      .values([
        { slug: 'pemerintahan', name: 'Pemerintahan' },
        { slug: 'kesehatan', name: 'Kesehatan' },
      ])
      .execute()
  })

  const put = (who: Caller, payload: unknown, contentType?: string) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/articles',
      headers: { ...who.headers, ...(contentType ? { 'content-type': contentType } : {}) },
      payload: payload as string,
    })
  const list = async (query = '', who: Caller = viewer) => {
    const r = await t.app.inject({ method: 'GET', url: `/api/articles${query}`, headers: who.headers })
    expect(r.statusCode, r.body).toBe(200)
    return r.json() as { items: Record<string, unknown>[]; total: number }
  }
  const errorOf = (r: { statusCode: number; json: () => unknown }) => ({
    status: r.statusCode,
    code: (r.json() as { error?: { code: string } }).error?.code,
  })
  const articleCount = async () =>
    Number(
      (
        await t.app.db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  const SEED = {
    url: `${SEED_URL}/?utm_source=wa#komentar`,
    title: 'Diskominfo Kaltim Koordinasi dan Pembinaan KIM di Kutim',
    category: 'Pemerintahan',
    region: '64.08',
    author: 'Nichita Heryananda Putri',
    publishedAt: '2022-04-20 08:26', // WITA, as the portal shows it
  }
  const SEED_STORED = {
    id: 1,
    url: SEED_URL,
    title: 'Diskominfo Kaltim Koordinasi dan Pembinaan KIM di Kutim',
    titleSource: 'admin',
    siteId: 1,
    siteName: 'Diskominfo Kaltim',
    siteHostname: 'diskominfo.kaltimprov.go.id',
    categoryId: 1,
    categorySlug: 'pemerintahan',
    categoryName: 'Pemerintahan',
    regionCode: '64.08',
    regionName: 'Kabupaten Kutai Timur',
    author: 'Nichita Heryananda Putri',
    authorSource: 'admin',
    publishedAt: '2022-04-20T00:26:00.000Z',
    views: 0,
    baseViews: 0,
    importedViews: 0,
    counterViews: 0,
  }

  it('creates the seed article by normalised URL and never touches its views', async () => {
    const created = await put(admin, [SEED])
    expect(created.statusCode, created.body).toBe(200)
    expect(created.json()).toEqual({ created: 1, updated: 0 })
    expect(await list()).toEqual({ items: [SEED_STORED], total: 1 })

    // The portal's counter says 493; a catalogue correction keeps it.
    await t.app.db.updateTable('articles').set({ views: 493 }).where('id', '=', 1).execute()
    const updated = await put(admin, [{ url: `${SEED_URL}/`, title: 'Judul baru', author: null }])
    expect(updated.json()).toEqual({ created: 0, updated: 1 })
    expect((await list()).items).toEqual([
      { ...SEED_STORED, title: 'Judul baru', author: null, authorSource: 'view', views: 493, counterViews: 493 },
    ])
    const counter = await t.app.inject({ method: 'GET', url: `/api/counter?url=${encodeURIComponent(SEED_URL)}` })
    expect(counter.json()).toEqual({ url: SEED_URL, views: 493 })
    // "views" is not a field of the upload, in JSON or CSV.
    expect(errorOf(await put(admin, [{ url: SEED_URL, views: 0 }]))).toEqual({ status: 400, code: 'invalid_request' })
    const csv = await put(admin, `url,views\n${SEED_URL},0\n`, 'text/csv')
    expect(errorOf(csv)).toEqual({ status: 400, code: 'invalid_rows' })
    expect(csv.json().error.details).toEqual([
      {
        line: 1,
        column: 'views',
        reason: 'views hanya dihitung dari kunjungan, tidak dapat diubah',
        reasonEn: 'views are counted from page views and cannot be changed',
      },
    ])
    expect((await list()).items[0]!.views).toBe(493)

    const audit = await t.app.db.selectFrom('audit_log').select(['actor_name', 'action', 'entity', 'after']).orderBy('id').execute()
    expect(audit).toEqual([
      { actor_name: 'Admin Katalog', action: 'import', entity: 'article', after: { created: 1, updated: 0 } },
      { actor_name: 'Admin Katalog', action: 'import', entity: 'article', after: { created: 0, updated: 1 } },
    ])
  })

  it('meets ingest on the same article: views counted before the upload stay', async () => {
    const collect = await t.app.inject({
      method: 'POST',
      url: '/api/collect',
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36' },
      payload: { url: `${PORTAL}/index.php?id=42&utm_campaign=x` },
    })
    expect(collect.statusCode).toBe(202)
    const r = await put(admin, [{ url: `${PORTAL}/index.php?utm_medium=y&id=42`, title: 'Artikel 42', category: 'kesehatan' }])
    expect(r.json()).toEqual({ created: 0, updated: 1 })
    expect((await list()).items).toEqual([
      expect.objectContaining({ url: `${PORTAL}/index.php?id=42`, title: 'Artikel 42', categorySlug: 'kesehatan', views: 1 }),
    ])
  })

  it('takes CSV from Excel: BOM, semicolons, empty cells keep stored values', async () => {
    await put(admin, [SEED])
    const csv =
      '\uFEFFurl;title;category;region;author;publishedAt\r\n' +
      `${SEED_URL};"Judul; dengan titik koma";;;;\r\n` +
      `https://www.kutaitimurkab.go.id/berita/2;=HYPERLINK("http://x","y");` +
      `kesehatan;64.08.12.2004;"'; drop table articles; --";2024-01-05T10:00:00+08:00\r\n`
    const r = await put(admin, csv, 'text/csv')
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toEqual({ created: 1, updated: 1 })
    expect((await list('?sort=published&order=desc')).items).toEqual([
      {
        // (the upsert's insert attempt for the existing row drew an id from the sequence)
        id: expect.any(Number),
        url: 'https://kutaitimurkab.go.id/berita/2', // one article for www. and without
        title: '=HYPERLINK("http://x","y")',
        titleSource: 'admin',
        siteId: 2,
        siteName: 'Pemkab Kutim',
        siteHostname: 'kutaitimurkab.go.id',
        categoryId: 2,
        categorySlug: 'kesehatan',
        categoryName: 'Kesehatan',
        regionCode: '64.08.12.2004',
        regionName: 'Teluk Singkama',
        author: "'; drop table articles; --",
        authorSource: 'admin',
        publishedAt: '2024-01-05T02:00:00.000Z',
        views: 0,
        baseViews: 0,
        importedViews: 0,
        counterViews: 0,
      },
      { ...SEED_STORED, title: 'Judul; dengan titik koma' },
    ])
  })

  it('lists every bad row and stores nothing', async () => {
    const rows = [
      SEED, // 1: fine
      { url: 'https://example.com/berita/1' }, // 2: a site that is not measured here
      { url: 'javascript:alert(1)' }, // 3: not http(s)
      { url: `${PORTAL}/a`, category: '???' }, // 4: no letter or digit (a new category would be created as unmapped)
      { url: `${PORTAL}/b`, region: '6408' }, // 5: a BPS code
      { url: `${PORTAL}/c`, publishedAt: 'kemarin' }, // 6: not a time
      { url: `${PORTAL}/d`, publishedAt: '2999-01-01T00:00:00Z' }, // 7: far in the future
      { url: `${SEED_URL}#lagi` }, // 8: the same article as row 1
    ]
    const r = await put(admin, rows)
    expect(errorOf(r)).toEqual({ status: 400, code: 'invalid_rows' })
    expect(r.json().error.details).toEqual([
      { line: 2, column: 'url', reason: 'situs example.com belum terdaftar', reasonEn: 'site example.com is not registered' },
      { line: 3, column: 'url', reason: 'bukan alamat http(s) lengkap', reasonEn: 'not an absolute http(s) URL' },
      { line: 4, column: 'category', reason: 'kategori "???" tanpa huruf atau angka', reasonEn: 'category "???" has no letter or digit' },
      {
        line: 5,
        column: 'region',
        reason: '6408 bukan kode wilayah Kemendagri di Kalimantan Timur',
        reasonEn: '6408 is not a Kemendagri region code in East Kalimantan',
      },
      { line: 6, column: 'publishedAt', reason: 'bukan tanggal/waktu ISO 8601', reasonEn: 'not an ISO 8601 date/time' },
      { line: 7, column: 'publishedAt', reason: 'di luar rentang 1995 sampai besok', reasonEn: 'outside 1995 to tomorrow' },
      { line: 8, column: 'url', reason: 'URL yang sama sudah ada di baris 1', reasonEn: 'the same URL is already on line 1' },
    ])
    expect(await articleCount()).toBe(0)
  })

  it.each([
    ['an empty array', []],
    ['an object instead of an array', { url: SEED_URL }],
    ['a row without url', [{ title: 'x' }]],
    ['a title of 501 characters', [{ url: SEED_URL, title: 'x'.repeat(501) }]],
    ['an object as title', [{ url: SEED_URL, title: { text: 'x' } }]],
  ])('refuses %s', async (_name, payload) => {
    expect(errorOf(await put(admin, payload))).toEqual({ status: 400, code: 'invalid_request' })
    expect(await articleCount()).toBe(0)
  })

  it('refuses bodies over 10 MB with 413', async () => {
    const big = `url,title\n${PORTAL}/x,"${'x'.repeat(10 * 1024 * 1024)}"\n`
    expect(errorOf(await put(admin, big, 'text/csv'))).toEqual({ status: 413, code: 'body_too_large' })
  })

  it('lets only admins write; everyone signed in reads', async () => {
    expect(errorOf(await put(viewer, [SEED]))).toEqual({ status: 403, code: 'forbidden' })
    expect(errorOf(await put(operator, [SEED]))).toEqual({ status: 403, code: 'forbidden' })
    const session = await signIn(t.app, { role: 'admin' })
    expect((await put(session, [SEED])).json()).toEqual({ created: 1, updated: 0 })
    expect((await list('', operator)).total).toBe(1)
    expect(errorOf(await t.app.inject({ method: 'GET', url: '/api/articles' }))).toEqual({ status: 401, code: 'unauthenticated' })
  })

  it('filters, searches, sorts and pages', async () => {
    await put(admin, [
      SEED,
      {
        url: `${PORTAL}/berita/posyandu`,
        title: 'Posyandu 100%',
        category: 'kesehatan',
        region: '64.72',
        author: 'Budi',
        publishedAt: '2025-06-01T09:00:00+08:00',
      },
      {
        url: 'https://kutaitimurkab.go.id/berita/bimtek',
        title: 'Bimtek Dunia Digital',
        region: '64.08.12.2004',
        author: 'nichita heryananda putri',
      },
    ])
    await t.app.db.updateTable('articles').set({ views: 493 }).where('id', '=', 1).execute()
    await t.app.db.updateTable('articles').set({ views: 7 }).where('id', '=', 2).execute()
    const ids = async (query: string) => {
      const body = await list(query)
      return { ids: body.items.map((a) => a.id), total: body.total }
    }
    // Default: newest first, unknown publication times last.
    expect(await ids('')).toEqual({ ids: [2, 1, 3], total: 3 })
    expect(await ids('?order=asc')).toEqual({ ids: [1, 2, 3], total: 3 })
    expect(await ids('?sort=views')).toEqual({ ids: [1, 2, 3], total: 3 })
    expect(await ids('?sort=views&order=asc')).toEqual({ ids: [3, 2, 1], total: 3 })
    expect(await ids('?site=kutaitimurkab.go.id')).toEqual({ ids: [3], total: 1 })
    expect(await ids('?site=www.kutaitimurkab.go.id')).toEqual({ ids: [3], total: 1 })
    expect(await ids('?site=1')).toEqual({ ids: [2, 1], total: 2 })
    expect(await ids('?category=kesehatan')).toEqual({ ids: [2], total: 1 })
    expect(await ids('?category=1')).toEqual({ ids: [1], total: 1 })
    // The regency and every place in it.
    expect(await ids('?region=64.08')).toEqual({ ids: [1, 3], total: 2 })
    expect(await ids(`?author=${encodeURIComponent('NICHITA Heryananda Putri')}`)).toEqual({ ids: [1, 3], total: 2 })
    expect(await ids('?q=bimtek')).toEqual({ ids: [3], total: 1 })
    expect(await ids('?q=posyandu')).toEqual({ ids: [2], total: 1 })
    expect(await ids('?q=100%25')).toEqual({ ids: [2], total: 1 })
    expect(await ids('?q=_')).toEqual({ ids: [], total: 0 })
    expect(await ids('?limit=1&offset=1')).toEqual({ ids: [1], total: 3 })
    for (const bad of ['?sort=title', '?order=up', '?region=6408', '?limit=0', '?offset=-1', '?evil=1']) {
      expect(errorOf(await t.app.inject({ method: 'GET', url: `/api/articles${bad}`, headers: viewer.headers })), bad).toEqual({
        status: 400,
        code: 'invalid_request',
      })
    }
  })

  describe('titles that come with page views (issue 13 §4)', () => {
    const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36'
    const view = (url: string, title: string, author?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/collect',
        headers: { 'user-agent': UA },
        payload: { url, title, ...(author ? { meta: { author } } : {}) },
      })
    const article = async (id: number) =>
      (await t.app.inject({ url: `/api/articles/${id}`, headers: viewer.headers })).json() as Record<string, unknown>
    const patch = (who: Caller, id: number, payload: unknown) =>
      t.app.inject({ method: 'PATCH', url: `/api/articles/${id}`, headers: who.headers, payload: payload as object })

    it("keeps a view's title unverified, lists it for admins, and never lets a view replace a confirmed one", async () => {
      expect((await view(`${PORTAL}/berita/a`, 'Klik http://phish.example/login', 'Penipu')).statusCode).toBe(202)
      expect(await article(1)).toMatchObject({
        title: 'Klik http://phish.example/login',
        titleSource: 'view',
        author: 'Penipu',
        authorSource: 'view',
      })
      await put(admin, [{ url: `${PORTAL}/berita/b`, title: 'Judul dari admin' }])
      expect((await list('?unverified=true')).items.map((a) => a.url)).toEqual([`${PORTAL}/berita/a`])
      expect((await list('?unverified=false')).total).toBe(2)

      // A later view with another title changes nothing once the title is confirmed.
      expect((await view(`${PORTAL}/berita/b`, 'Judul palsu')).statusCode).toBe(202)
      expect(await article(2)).toMatchObject({ title: 'Judul dari admin', titleSource: 'admin', views: 1 })
      // Setting only baseViews confirms nothing.
      await put(admin, [{ url: `${PORTAL}/berita/a`, baseViews: 5 }])
      expect(await article(1)).toMatchObject({ titleSource: 'view', authorSource: 'view', baseViews: 5 })
    })

    it('lets an admin confirm or correct a title, audited with both versions', async () => {
      await view(`${PORTAL}/berita/a`, 'Judul dari pembaca', 'Ani')
      const confirmed = await patch(admin, 1, { title: 'Judul dari pembaca' })
      expect(confirmed.statusCode, confirmed.body).toBe(200)
      expect(confirmed.json()).toMatchObject({
        id: 1,
        title: 'Judul dari pembaca',
        titleSource: 'admin',
        author: 'Ani',
        authorSource: 'view',
      })
      const corrected = await patch(admin, 1, { title: '  Judul yang benar ', author: 'Budi' })
      expect(corrected.json()).toMatchObject({ title: 'Judul yang benar', titleSource: 'admin', author: 'Budi', authorSource: 'admin' })
      await view(`${PORTAL}/berita/a`, 'Judul palsu', 'Penipu')
      expect(await article(1)).toMatchObject({ title: 'Judul yang benar', author: 'Budi', views: 2 })
      // Clearing opens the field again.
      expect((await patch(admin, 1, { author: null })).json()).toMatchObject({ author: null, authorSource: 'view' })

      const audit = await t.app.db
        .selectFrom('audit_log')
        .select(['actor_name', 'action', 'entity', 'entity_id', 'before', 'after'])
        .orderBy('id')
        .execute()
      expect(audit).toEqual([
        {
          actor_name: 'Admin Katalog',
          action: 'update',
          entity: 'article',
          entity_id: '1',
          before: { title: 'Judul dari pembaca', titleSource: 'view', author: 'Ani', authorSource: 'view' },
          after: { title: 'Judul dari pembaca', titleSource: 'admin', author: 'Ani', authorSource: 'view' },
        },
        {
          actor_name: 'Admin Katalog',
          action: 'update',
          entity: 'article',
          entity_id: '1',
          before: { title: 'Judul dari pembaca', titleSource: 'admin', author: 'Ani', authorSource: 'view' },
          after: { title: 'Judul yang benar', titleSource: 'admin', author: 'Budi', authorSource: 'admin' },
        },
        {
          actor_name: 'Admin Katalog',
          action: 'update',
          entity: 'article',
          entity_id: '1',
          before: { title: 'Judul yang benar', titleSource: 'admin', author: 'Budi', authorSource: 'admin' },
          after: { title: 'Judul yang benar', titleSource: 'admin', author: null, authorSource: 'view' },
        },
      ])
    })

    it('refuses a wrong edit and anyone but admins, changing nothing', async () => {
      await view(`${PORTAL}/berita/a`, 'Judul dari pembaca')
      expect(errorOf(await patch(viewer, 1, { title: 'x' }))).toEqual({ status: 403, code: 'forbidden' })
      expect(errorOf(await patch(operator, 1, { title: 'x' }))).toEqual({ status: 403, code: 'forbidden' })
      expect(errorOf(await patch(admin, 99, { title: 'x' }))).toEqual({ status: 404, code: 'not_found' })
      for (const bad of [{}, { title: '' }, { title: 'x'.repeat(501) }, { views: 1 }, { title: 5 }]) {
        expect(errorOf(await patch(admin, 1, bad)), JSON.stringify(bad)).toEqual({ status: 400, code: 'invalid_request' })
      }
      expect(await article(1)).toMatchObject({ title: 'Judul dari pembaca', titleSource: 'view' })
      expect(await t.app.db.selectFrom('audit_log').selectAll().execute()).toEqual([])
    })
  })
})
