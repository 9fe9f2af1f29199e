import { drainRollupQueue } from '@jangkau/server/queries/drain-rollup-queue.ts'
import { insertPageViews } from '@jangkau/server/queries/insert-page-views.ts'
import { rebuildRollups } from '@jangkau/server/queries/rebuild-rollups.ts'
import { loadConfig } from '@jangkau/server/config.ts'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApiToken, signIn, type SignedIn } from './helpers/auth.ts'
import { recountPageViews, rollupSnapshot } from './helpers/page-views.ts'
import { BROWSER_UA, createTestApp, readerUa, testDatabase, type TestApp } from './helpers/test-app.ts'

const PORTAL = 'https://diskominfo.kaltimprov.go.id'
const RANGE = 'from=2026-03-01&to=2026-03-10'
/** Unmapped categories views may create in this file's app. */
const MAX_UNMAPPED = 4

// Issue 13 §3: a category text a portal sends is never silently lost. It becomes an unmapped category
// (counted under its own name, marked), which an admin adopts or maps onto a category.
describe(`categories sent by portals on ${testDatabase}`, () => {
  let t: TestApp
  let admin: SignedIn
  let viewer: { authorization: string }
  let now = new Date('2026-03-10T02:00:00Z')
  beforeAll(async () => {
    const defaults = loadConfig({})
    t = await createTestApp({
      clock: () => now,
      config: { rollupDrainMs: 0, ingest: { ...defaults.ingest, maxWaitMs: undefined, maxUnmappedCategories: MAX_UNMAPPED } },
    })
    admin = await signIn(t.app, { role: 'admin' })
    viewer = (await createApiToken(t.app, { role: 'viewer' })).headers
  })
  afterAll(async () => t?.close())
  beforeEach(async () => {
    now = new Date('2026-03-10T02:00:00Z')
    await sql`
      truncate page_views, rollup_queue, articles, categories, category_aliases, sites, audit_log,
        rollup_views, rollup_referrers, rollup_devices,
        rollup_segment_views, rollup_segment_referrers, rollup_segment_devices, rollup_hours,
        rollup_minutes, rollup_visitors_seen restart identity cascade`.execute(t.app.db)
    t.app.ingest.catalog.invalidate()
    for (const key of Object.keys(t.app.ingest.catalog.categoryDrops) as (keyof typeof t.app.ingest.catalog.categoryDrops)[]) {
      t.app.ingest.catalog.categoryDrops[key] = 0
    }
  })

  const collect = (path: string, category: string | undefined, reader = 0) =>
    t.app.inject({
      method: 'POST',
      url: '/api/collect',
      headers: { 'user-agent': readerUa(reader) },
      payload: { url: `${PORTAL}${path}`, ...(category === undefined ? {} : { meta: { category } }) },
    })
  const plausible = (path: string, category: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/event',
      headers: { 'user-agent': BROWSER_UA, 'content-type': 'text/plain' },
      payload: JSON.stringify({ n: 'pageview', u: `${PORTAL}${path}`, d: 'diskominfo.kaltimprov.go.id', p: { category } }),
    })
  const get = async (url: string, headers: Record<string, string> = viewer) => {
    const r = await t.app.inject({ url, headers })
    expect(r.statusCode, r.body).toBe(200)
    return r.json()
  }
  const post = (url: string, payload: unknown, headers: Record<string, string> = admin.headers) =>
    t.app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> })
  const errorOf = (r: { statusCode: number; json: () => unknown }) => ({
    status: r.statusCode,
    code: (r.json() as { error?: { code: string } }).error?.code,
  })
  const categories = async () =>
    (await t.app.db.selectFrom('categories').select(['id', 'slug', 'name', 'mapped', 'merged_into']).orderBy('id').execute()).map((c) => ({
      ...c,
    }))
  const articles = async () => t.app.db.selectFrom('articles').select(['url', 'category_id', 'category_text']).orderBy('url').execute()
  /** by=category: {key: [label, views, unmapped]}. */
  const breakdown = async () => {
    const body = await get(`/api/stats/breakdown?metrics=views,visitors&by=category&${RANGE}`)
    return Object.fromEntries(
      (body.rows as { key: string; label: string; views: number; visitors: number; unmapped?: boolean }[]).map((r) => [
        r.key,
        { label: r.label, views: r.views, visitors: r.visitors, unmapped: r.unmapped ?? false },
      ]),
    )
  }
  const newCategory = async (slug: string, name: string) => {
    const r = await post('/api/categories', { slug, name })
    expect(r.statusCode, r.body).toBe(201)
    return (r.json() as { id: number }).id
  }

  it("keeps the README snippet's category on a fresh install, under its own name, marked not yet mapped", async () => {
    expect(await categories()).toEqual([])
    expect((await collect('/berita/seed', 'Pemerintahan')).statusCode).toBe(202)

    expect(await categories()).toEqual([{ id: 1, slug: 'pemerintahan', name: 'Pemerintahan', mapped: false, merged_into: null }])
    expect(await articles()).toEqual([{ url: `${PORTAL}/berita/seed`, category_id: 1, category_text: 'Pemerintahan' }])
    expect(await breakdown()).toEqual({ pemerintahan: { label: 'Pemerintahan', views: 1, visitors: 1, unmapped: true } })
    expect((await get('/api/categories')).items).toEqual([{ id: 1, slug: 'pemerintahan', name: 'Pemerintahan', mapped: false }])

    // The CSV says it too, in each language.
    for (const [lang, marked] of [
      ['id', 'Pemerintahan (belum dipetakan)'],
      ['en', 'Pemerintahan (not yet mapped)'],
    ] as const) {
      const csv = await t.app.inject({
        url: `/api/stats/breakdown?metrics=views&by=category&${RANGE}&format=csv&lang=${lang}`,
        headers: viewer,
      })
      expect(csv.statusCode).toBe(200)
      expect(csv.body).toMatch(new RegExp(`pemerintahan[;,]${marked.replace(/[()]/g, '\\$&')}[;,]1`))
    }
  })

  it('resolves spelling variants to one category, also under concurrent views and from Plausible props', async () => {
    const texts = ['Pemerintahan', 'pemerintahan', ' Pemerintahan ', 'PEMERINTAHAN', 'Pémerintahan']
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => collect(`/berita/${i}`, texts[i % texts.length], i)))
    expect(answers.map((a) => a.statusCode)).toEqual(Array(30).fill(202))
    expect((await plausible('/berita/plausible', 'pemerintahan')).statusCode).toBe(202)
    // A control character (NUL, which a text column refuses) is cleaned, not a failed batch.
    expect((await collect('/berita/nul', 'PEMERINTAHAN\u0000\n')).statusCode).toBe(202)

    expect(await categories()).toHaveLength(1)
    const stored = await articles()
    expect(stored).toHaveLength(32)
    expect(stored.find((a) => a.url === `${PORTAL}/berita/nul`)?.category_text).toBe('PEMERINTAHAN')
    expect(new Set(stored.map((a) => a.category_id))).toEqual(new Set([1]))
    // Each article keeps the text it came with.
    expect(stored.find((a) => a.url === `${PORTAL}/berita/3`)?.category_text).toBe('PEMERINTAHAN')
    expect(stored.find((a) => a.url === `${PORTAL}/berita/plausible`)?.category_text).toBe('pemerintahan')
    expect((await breakdown()).pemerintahan).toMatchObject({ views: 32, unmapped: true })
  })

  it('bounds what anonymous views create: past the limit the view is stored without category and the drop is counted', async () => {
    for (let i = 0; i < MAX_UNMAPPED + 2; i++) expect((await collect(`/berita/${i}`, `Kategori ${i}`)).statusCode).toBe(202)
    expect((await collect('/berita/tanpa-huruf', '!!! ???')).statusCode).toBe(202)
    // An existing unmapped name still resolves past the limit.
    expect((await collect('/berita/lagi', 'kategori 0')).statusCode).toBe(202)
    // Longer than 100 characters: refused by the schema, nothing stored.
    expect((await collect('/berita/panjang', 'x'.repeat(101))).statusCode).toBe(400)

    expect((await categories()).map((c) => c.slug)).toEqual(['kategori-0', 'kategori-1', 'kategori-2', 'kategori-3'])
    const stored = await articles()
    expect(stored.map((a) => [a.url.slice(PORTAL.length), a.category_id, a.category_text])).toEqual([
      ['/berita/0', 1, 'Kategori 0'],
      ['/berita/1', 2, 'Kategori 1'],
      ['/berita/2', 3, 'Kategori 2'],
      ['/berita/3', 4, 'Kategori 3'],
      ['/berita/4', null, 'Kategori 4'],
      ['/berita/5', null, 'Kategori 5'],
      ['/berita/lagi', 1, 'kategori 0'],
      ['/berita/tanpa-huruf', null, '!!! ???'],
    ])
    expect(t.app.ingest.catalog.categoryDrops).toEqual({ category_unreadable: 1, category_limit: 2 })
    const token = (await createApiToken(t.app, { role: 'admin' })).headers
    const metrics = await t.app.inject({ url: '/metrics', headers: token })
    expect(metrics.body).toContain('jangkau_ingest_category_dropped_total{reason="category_limit"} 2')
    expect(metrics.body).toContain('jangkau_ingest_category_dropped_total{reason="category_unreadable"} 1')

    // Once an admin mapped one, there is room again.
    const target = await newCategory('umum', 'Umum')
    expect((await post('/api/categories/1/map', { targetId: target })).statusCode).toBe(200)
    expect((await collect('/berita/4', 'Kategori 4')).statusCode).toBe(202)
    expect((await articles()).find((a) => a.url === `${PORTAL}/berita/4`)?.category_id).toBe(6)
  })

  it('keeps the category text of the catalogue import and creates its new categories as unmapped', async () => {
    await t.app.db.insertInto('sites').values({ hostname: 'diskominfo.kaltimprov.go.id', name: 'Diskominfo Kaltim' }).execute()
    t.app.ingest.catalog.invalidate()
    const kesehatan = await newCategory('kesehatan', 'Kesehatan')
    const put = (payload: unknown) =>
      t.app.inject({ method: 'PUT', url: '/api/articles', headers: admin.headers, payload: payload as string })

    const r = await put([
      { url: `${PORTAL}/a`, category: 'KESEHATAN' },
      { url: `${PORTAL}/b`, category: 'Olahraga' },
      { url: `${PORTAL}/c`, category: 'olahraga ' },
    ])
    expect(r.statusCode, r.body).toBe(200)
    const olahraga = (await categories()).find((c) => c.slug === 'olahraga')
    expect(olahraga).toMatchObject({ name: 'Olahraga', mapped: false })
    expect(await articles()).toEqual([
      { url: `${PORTAL}/a`, category_id: kesehatan, category_text: 'KESEHATAN' },
      { url: `${PORTAL}/b`, category_id: olahraga!.id, category_text: 'Olahraga' },
      { url: `${PORTAL}/c`, category_id: olahraga!.id, category_text: 'olahraga' },
    ])
    // A view with the same text meets the imported category (the cache was refreshed).
    expect((await collect('/d', 'Olahraga')).statusCode).toBe(202)
    expect((await articles()).find((a) => a.url === `${PORTAL}/d`)?.category_id).toBe(olahraga!.id)

    // A text without a letter or digit is a row error; nothing is stored.
    const bad = await put([{ url: `${PORTAL}/e`, category: '???' }])
    expect(errorOf(bad)).toEqual({ status: 400, code: 'invalid_rows' })
    expect(bad.json().error.details).toEqual([
      { line: 1, column: 'category', reason: 'kategori "???" tanpa huruf atau angka', reasonEn: 'category "???" has no letter or digit' },
    ])
    expect(await articles()).toHaveLength(4)
  })

  it('lists the unmapped names for admins, with their spelling variants, articles and views', async () => {
    await newCategory('kesehatan', 'Kesehatan')
    await collect('/1', 'Pemda', 1)
    await collect('/1', 'Pemda', 2)
    await collect('/2', 'PEMDA', 1)
    await collect('/3', 'Wisata', 1)
    await collect('/4', 'kesehatan', 1)

    const list = await get('/api/categories/unmapped', admin.headers)
    expect(list).toEqual({
      items: [
        { id: 2, slug: 'pemda', name: 'Pemda', variants: ['PEMDA', 'Pemda'], articles: 2, views: 3 },
        { id: 3, slug: 'wisata', name: 'Wisata', variants: ['Wisata'], articles: 1, views: 1 },
      ],
      total: 2,
    })
    expect(errorOf(await t.app.inject({ url: '/api/categories/unmapped', headers: viewer }))).toEqual({ status: 403, code: 'forbidden' })
  })

  it('adopts an unmapped name as a category of its own, audited; later views keep resolving to it', async () => {
    await collect('/1', 'pemerintahan')
    const r = await post('/api/categories/1/adopt', { name: 'Pemerintahan', slug: 'pemerintahan-daerah' })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toEqual({ id: 1, slug: 'pemerintahan-daerah', name: 'Pemerintahan', mapped: true })
    expect(await breakdown()).toEqual({ 'pemerintahan-daerah': { label: 'Pemerintahan', views: 1, visitors: 1, unmapped: false } })
    expect((await get('/api/categories/unmapped', admin.headers)).items).toEqual([])

    // The slug changed, the text still finds it: no new category.
    await collect('/2', 'Pemerintahan')
    expect((await categories()).map((c) => c.id)).toEqual([1])
    expect((await articles()).map((a) => a.category_id)).toEqual([1, 1])

    const audit = await t.app.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id', 'before', 'after']).execute()
    expect(audit).toEqual([
      {
        action: 'update',
        entity: 'category',
        entity_id: '1',
        before: { id: 1, slug: 'pemerintahan', name: 'pemerintahan', mapped: false },
        after: { id: 1, slug: 'pemerintahan-daerah', name: 'Pemerintahan', mapped: true },
      },
    ])
    expect(errorOf(await post('/api/categories/1/adopt', {}))).toEqual({ status: 409, code: 'already_mapped' })
    expect(errorOf(await post('/api/categories/99/adopt', {}))).toEqual({ status: 404, code: 'not_found' })
    await collect('/3', 'Lain')
    await newCategory('lain-lain', 'Lain-lain')
    expect(errorOf(await post('/api/categories/2/adopt', { slug: 'lain-lain' }))).toEqual({ status: 409, code: 'slug_taken' })
    expect((await categories()).find((c) => c.id === 2)).toMatchObject({ slug: 'lain', mapped: false })
  })

  it('maps an unmapped name and its variants onto a category: articles, counts and later views move, exactly', async () => {
    const pemerintahan = await newCategory('pemerintahan', 'Pemerintahan')
    // Views over several days and readers: the mapped category, the unmapped "Pemda" in two spellings,
    // another unmapped one and an article without category.
    const plan: [string, string | undefined][] = [
      ['/p1', 'Pemerintahan'],
      ['/d1', 'Pemda'],
      ['/d2', 'PEMDA'],
      ['/w1', 'Wisata'],
      ['/x1', undefined],
    ]
    for (let day = 1; day <= 4; day++) {
      now = new Date(`2026-03-0${day}T0${day}:00:00Z`)
      for (const [i, [path, text]] of plan.entries()) {
        for (let reader = 0; reader < i + day; reader++) expect((await collect(path, text, reader % 3)).statusCode).toBe(202)
      }
    }
    now = new Date('2026-03-10T02:00:00Z')
    const recount = async () => {
      const counted = await recountPageViews(t.app.db, { from: '2026-03-01', to: '2026-03-10', tz: 'Asia/Makassar', by: 'category' })
      return Object.fromEntries([...counted].map(([key, v]) => [key.split('\u0000')[0], v]))
    }
    const before = await breakdown()
    expect(Object.keys(before).sort()).toEqual(['', 'pemda', 'pemerintahan', 'wisata'])
    expect(before.pemda!.unmapped).toBe(true)
    const pemda = (await categories()).find((c) => c.slug === 'pemda')!.id

    const r = await post(`/api/categories/${pemda}/map`, { targetId: pemerintahan })
    expect(r.statusCode, r.body).toBe(200)
    expect(r.json()).toEqual({
      target: { id: pemerintahan, slug: 'pemerintahan', name: 'Pemerintahan', mapped: true },
      articles: 2,
      views: before.pemda!.views,
    })

    const after = await breakdown()
    expect(after).toEqual({
      pemerintahan: {
        label: 'Pemerintahan',
        views: before.pemerintahan!.views + before.pemda!.views,
        visitors: before.pemerintahan!.visitors + before.pemda!.visitors,
        unmapped: false,
      },
      wisata: before.wisata,
      '': before[''],
    })
    // Each category's counts equal a recount from the raw views, and nothing was lost or added.
    const recounted = await recount()
    for (const [key, row] of Object.entries(after)) expect({ views: row.views, visitors: row.visitors }).toEqual(recounted[key])
    const sum = (rows: Record<string, { views: number }>) => Object.values(rows).reduce((s, r) => s + r.views, 0)
    expect(sum(after)).toBe(sum(before))
    // The rollups are what a rebuild from the raw views gives.
    const moved = await rollupSnapshot(t.app.db)
    await rebuildRollups(t.app.db)
    expect(await rollupSnapshot(t.app.db)).toEqual(moved)

    // Listed no more; its texts now resolve to the target, in any spelling, without a new category.
    expect((await get('/api/categories/unmapped', admin.headers)).items.map((c: { slug: string }) => c.slug)).toEqual(['wisata'])
    expect((await get('/api/categories')).items.map((c: { slug: string }) => c.slug)).toEqual(['pemerintahan', 'wisata'])
    await collect('/d3', 'pemda')
    await plausible('/d4', ' PEMDA ')
    const stored = await articles()
    expect(
      stored.filter((a) => a.url.startsWith(`${PORTAL}/d`)).map((a) => [a.url.slice(PORTAL.length), a.category_id, a.category_text]),
    ).toEqual([
      ['/d1', pemerintahan, 'Pemda'],
      ['/d2', pemerintahan, 'PEMDA'],
      ['/d3', pemerintahan, 'pemda'],
      ['/d4', pemerintahan, 'PEMDA'],
    ])
    // A view resolved with the old id (another process's cache, not yet reloaded) lands on the target too.
    await insertPageViews(t.app.db, [
      {
        occurredAt: now,
        siteId: 1,
        url: `${PORTAL}/d5`,
        visitorHash: '7',
        referrerHost: null,
        device: 'mobile',
        browser: 'Chrome',
        article: { title: null, categoryId: pemda, categoryText: 'Pemda', regionCode: null, author: null, publishedAt: null },
      },
    ])
    await drainRollupQueue(t.app.db)
    expect((await articles()).find((a) => a.url === `${PORTAL}/d5`)?.category_id).toBe(pemerintahan)

    const audit = await t.app.db
      .selectFrom('audit_log')
      .select(['action', 'entity', 'entity_id', 'before', 'after'])
      .where('entity_id', '=', String(pemda))
      .execute()
    expect(audit).toEqual([
      {
        action: 'update',
        entity: 'category',
        entity_id: String(pemda),
        before: { id: pemda, slug: 'pemda', name: 'Pemda', mapped: false },
        after: {
          mappedTo: { id: pemerintahan, slug: 'pemerintahan', name: 'Pemerintahan', mapped: true },
          articles: 2,
          views: before.pemda!.views,
        },
      },
    ])
  })

  it('refuses bad mappings with a clear 4xx and changes nothing', async () => {
    const umum = await newCategory('umum', 'Umum')
    await collect('/1', 'Pemda')
    await collect('/2', 'Wisata')
    const [pemda, wisata] = [2, 3]
    const state = async () => ({
      categories: await categories(),
      articles: await articles(),
      aliases: await t.app.db.selectFrom('category_aliases').selectAll().orderBy('key').execute(),
    })
    const start = await state()

    expect(errorOf(await post('/api/categories/999/map', { targetId: umum }))).toEqual({ status: 404, code: 'not_found' })
    expect(errorOf(await post(`/api/categories/${pemda}/map`, { targetId: pemda }))).toEqual({ status: 400, code: 'same_category' })
    expect(errorOf(await post(`/api/categories/${pemda}/map`, { targetId: wisata }))).toEqual({ status: 400, code: 'target_unmapped' })
    expect(errorOf(await post(`/api/categories/${pemda}/map`, { targetId: 999 }))).toEqual({ status: 400, code: 'unknown_target' })
    expect(errorOf(await post(`/api/categories/${umum}/map`, { targetId: pemda }))).toEqual({ status: 409, code: 'already_mapped' })
    expect(errorOf(await post(`/api/categories/${pemda}/map`, { targetId: 'umum' }))).toEqual({ status: 400, code: 'invalid_request' })
    expect(errorOf(await post(`/api/categories/${pemda}/map`, {}))).toEqual({ status: 400, code: 'invalid_request' })
    // Admin-only, and a session's write needs its CSRF token.
    const viewerSession = await signIn(t.app, { role: 'viewer' })
    expect(errorOf(await post(`/api/categories/${pemda}/map`, { targetId: umum }, viewerSession.headers))).toEqual({
      status: 403,
      code: 'forbidden',
    })
    expect(errorOf(await post(`/api/categories/${pemda}/map`, { targetId: umum }, { cookie: admin.headers.cookie }))).toEqual({
      status: 403,
      code: 'csrf',
    })
    expect(await state()).toEqual(start)
    expect(
      await t.app.db.selectFrom('audit_log').select('entity').where('entity', '=', 'category').where('action', '=', 'update').execute(),
    ).toEqual([])

    // Mapped once, it cannot be mapped again.
    expect((await post(`/api/categories/${pemda}/map`, { targetId: umum })).statusCode).toBe(200)
    expect(errorOf(await post(`/api/categories/${pemda}/map`, { targetId: umum }))).toEqual({ status: 409, code: 'already_mapped' })
    expect(errorOf(await post(`/api/categories/${wisata}/map`, { targetId: pemda }))).toEqual({ status: 400, code: 'unknown_target' })
  })
})
