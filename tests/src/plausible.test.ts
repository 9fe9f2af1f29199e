import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { BROWSER_UA, createTestApp, readerUa, testDatabase, type TestApp } from './helpers/test-app.ts'

const PORTAL = 'https://diskominfo.kaltimprov.go.id'
const METRICS_TOKEN = 'metrik-plausible-2026'

// POST /api/event as Plausible's own scripts and its Events API send it (issue 13 §1). The browser
// side, with the official npm package in Chromium, is in plausible.browser.test.ts.
describe(`Plausible's events on ${testDatabase}`, () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ config: { metricsToken: METRICS_TOKEN } })
  })
  afterAll(async () => t?.close())
  beforeEach(async () => {
    await sql`truncate page_views, articles, sites, categories restart identity cascade`.execute(t.app.db)
    t.app.ingest.catalog.invalidate()
  })

  /** As plausible.js sends it: text/plain JSON with short names. */
  const send = (payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/event',
      headers: { 'user-agent': BROWSER_UA, 'content-type': 'text/plain', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    })
  const views = async (url: string, hash = false) => {
    const r = await t.app.inject({ method: 'GET', url: `/api/counter?url=${encodeURIComponent(url)}${hash ? '&hash=1' : ''}` })
    expect(r.statusCode).toBe(200)
    return (r.json() as { views: number }).views
  }
  const storedViews = async () => Number((await sql<{ n: string }>`select count(*) as n from page_views`.execute(t.app.db)).rows[0]!.n)
  /** The article of a page address, found by the key the counter answers with (the one normalisation rule). */
  const article = async (url: string) => {
    const key = (await t.app.inject({ method: 'GET', url: `/api/counter?url=${encodeURIComponent(url)}` })).json().url as string
    return t.app.db.selectFrom('articles').selectAll().where('url', '=', key).executeTakeFirstOrThrow()
  }
  const metrics = async () => {
    const r = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    expect(r.statusCode).toBe(200)
    return r.body
  }
  /** The value of one line of /metrics, e.g. jangkau_ingest_events_total{kind="custom"}. */
  const metric = async (series: string) => {
    const line = (await metrics()).split('\n').find((l) => l.startsWith(`${series} `))
    return line === undefined ? undefined : Number(line.slice(series.length + 1))
  }
  const addSite = async (hostname: string, regionCode: string | null) => {
    const row = await t.app.db
      .insertInto('sites')
      .values({ hostname, name: hostname, region_code: regionCode })
      .returning('id')
      .executeTakeFirstOrThrow()
    t.app.ingest.catalog.invalidate()
    return row.id
  }

  it('records a page view sent with the short names of the official script, ignoring v, e, sd, $ and unknown fields', async () => {
    const r = await send({
      n: 'pageview',
      u: `${PORTAL}/berita/singkat`,
      d: 'diskominfo.kaltimprov.go.id',
      r: 'https://www.google.com/',
      v: 36,
      e: 1200,
      sd: 40,
      $: { amount: 1, currency: 'IDR' },
      baru: true,
    })
    expect(r.statusCode).toBe(202)
    expect(r.json()).toEqual({ status: 'accepted' })
    expect(await views(`${PORTAL}/berita/singkat`)).toBe(1)
    const stored = await t.app.db.selectFrom('page_views').select('referrer_host').execute()
    expect(stored).toEqual([{ referrer_host: 'www.google.com' }])
    // The long names of the Events API, referrer null as the script sends a direct visit.
    expect(
      (
        await send({
          name: 'pageview',
          url: `${PORTAL}/berita/singkat`,
          domain: 'diskominfo.kaltimprov.go.id',
          referrer: null,
          interactive: true,
        })
      ).statusCode,
    ).toBe(202)
    expect(await views(`${PORTAL}/berita/singkat`)).toBe(2)
  })

  it.each([
    ['no name', { u: `${PORTAL}/a`, d: 'x' }, 'missing_name'],
    ['an empty url', { n: 'pageview', u: '', d: 'x' }, 'missing_url'],
    ['no url', { name: 'pageview', domain: 'x' }, 'missing_url'],
    ['no url, a custom event', { n: 'Unduh' }, 'missing_url'],
    ['a relative url', { n: 'pageview', u: '/berita/1' }, 'invalid_url'],
    ['a url that is not http(s)', { n: 'Unduh', u: 'javascript:alert(1)//x' }, 'invalid_url'],
    ['a name of the wrong type', { n: { x: 1 }, u: `${PORTAL}/a` }, 'invalid_request'],
  ])('answers 400 with a code and stores nothing for %s', async (_case, payload, code) => {
    const before = { ...t.app.ingest.events }
    const r = await send(payload)
    expect(r.statusCode).toBe(400)
    expect(r.json().error.code).toBe(code)
    expect(r.json().error.message.length).toBeGreaterThan(5)
    expect(await storedViews()).toBe(0)
    expect(t.app.ingest.events).toEqual(before)
  })

  it('reads p as an object and as a JSON string (older plausible.js) into the article', async () => {
    await t.app.db.insertInto('categories').values({ slug: 'pemerintahan', name: 'Pemerintahan' }).execute()
    t.app.ingest.catalog.invalidate()
    const props = {
      category: 'Pemerintahan',
      region: '64.08',
      author: 'Nichita Heryananda Putri',
      published: '2022-04-20T08:26:00+08:00',
      lain: 'diabaikan',
    }
    expect((await send({ n: 'pageview', u: `${PORTAL}/berita/objek`, p: props })).statusCode).toBe(202)
    expect((await send({ n: 'pageview', u: `${PORTAL}/berita/teks`, p: JSON.stringify(props) })).statusCode).toBe(202)
    for (const url of [`${PORTAL}/berita/objek`, `${PORTAL}/berita/teks`]) {
      const row = await article(url)
      expect({
        region: row.region_code,
        author: row.author,
        published: new Date(row.published_at!).toISOString(),
        category: row.category_id,
      }).toEqual({
        region: '64.08',
        author: 'Nichita Heryananda Putri',
        published: '2022-04-20T00:26:00.000Z',
        category: expect.any(Number),
      })
    }
  })

  it('leaves out each prop it cannot use, counts it under its own reason, and keeps the view', async () => {
    const drops = { ...t.app.ingest.drops }
    const cases: [string, unknown][] = [
      ['kabupaten', { region: 'Kutai Timur', author: 'Redaksi Kutim' }],
      ['kode-bps', { region: '6408' }],
      ['kode-angka', { region: 64.08 }],
      ['tanggal', { published: 'kemarin' }],
      ['tanggal-30-februari', { published: '2022-02-30T08:00:00+08:00' }],
      ['tanggal-tanpa-zona', { published: '2022-04-20T08:26:00' }],
      ['penulis-angka', { author: 42 }],
      ['penulis-panjang', { author: 'x'.repeat(201) }],
      ['kategori-objek', { category: { nama: 'Pemerintahan' } }],
      ['props-rusak', '{"region": '],
      ['props-daftar', ['64.08']],
    ]
    for (const [slug, p] of cases) {
      expect((await send({ n: 'pageview', u: `${PORTAL}/berita/${slug}`, p })).statusCode, slug).toBe(202)
      expect(await views(`${PORTAL}/berita/${slug}`), slug).toBe(1)
    }
    // What could be used was: a good author beside a bad region; the site's default region otherwise (none here).
    expect(await article(`${PORTAL}/berita/kabupaten`)).toMatchObject({ region_code: null, author: 'Redaksi Kutim', published_at: null })
    expect(await article(`${PORTAL}/berita/penulis-panjang`)).toMatchObject({ author: null })
    const counted = Object.fromEntries(
      Object.entries(t.app.ingest.drops).map(([reason, n]) => [reason, n - drops[reason as keyof typeof drops]]),
    )
    expect(counted).toEqual({
      bot: 0,
      unknown_site: 0,
      invalid: 0,
      prop_region: 3,
      prop_published: 3,
      prop_author: 2,
      prop_category: 1,
      props_unreadable: 2,
    })
    expect(await metric('jangkau_ingest_dropped_total{reason="prop_region"}')).toBe(t.app.ingest.drops.prop_region)
    expect(await metric('jangkau_ingest_dropped_total{reason="props_unreadable"}')).toBe(t.app.ingest.drops.props_unreadable)

    // Jangkau's own tracker keeps its strict 400s for the same values.
    const strict = await t.app.inject({
      method: 'POST',
      url: '/api/collect',
      headers: { 'user-agent': BROWSER_UA },
      payload: { url: `${PORTAL}/berita/ketat`, meta: { region: 'Kutai Timur' } },
    })
    expect(strict.statusCode).toBe(400)
    expect(await views(`${PORTAL}/berita/ketat`)).toBe(0)
  })

  it('keeps the fragment with h: 1, so that #/a and #/b are pages of their own', async () => {
    const app = `${PORTAL}/layanan/`
    for (const [hash, times] of [
      ['#/a', 2],
      ['#/b', 1],
    ] as const) {
      for (let i = 0; i < times; i++) expect((await send({ n: 'pageview', u: `${app}${hash}`, h: 1 })).statusCode).toBe(202)
    }
    expect(await views(`${PORTAL}/layanan#/a`, true)).toBe(2)
    expect(await views(`${PORTAL}/layanan/#/b`, true)).toBe(1)
    // Without hash=1 the counter asks for the page without its fragment, as for every other page.
    expect(await views(`${PORTAL}/layanan#/a`)).toBe(0)
    const urls = await t.app.db.selectFrom('articles').select('url').orderBy('url').execute()
    expect(urls.map((u) => u.url)).toEqual([`${PORTAL}/layanan#/a`, `${PORTAL}/layanan#/b`])
    // Without h the fragment is an anchor within the page, dropped as before.
    expect((await send({ n: 'pageview', u: `${app}#komentar` })).statusCode).toBe(202)
    expect(await views(`${PORTAL}/layanan`)).toBe(1)
  })

  it('gives the view to the configured site d names when the page is on it or a subdomain, else the host decides', async () => {
    const kutim = await addSite('kutaitimurkab.go.id', '64.08')
    const prov = await addSite('diskominfo.kaltimprov.go.id', null)
    const siteOf = async (url: string) => (await article(url)).site_id
    const cases: [string, string | undefined, number][] = [
      ['https://berita.kutaitimurkab.go.id/a', 'kutaitimurkab.go.id', kutim],
      ['https://dprd.kutaitimurkab.go.id/b', 'lain.example, kutaitimurkab.go.id', kutim],
      ['https://www.kutaitimurkab.go.id/c', 'www.kutaitimurkab.go.id', kutim],
      // d names a site the page is not on: the page's host decides.
      [`${PORTAL}/d`, 'kutaitimurkab.go.id', prov],
    ]
    for (const [url, d] of cases) expect((await send({ n: 'pageview', u: url, d })).statusCode).toBe(202)
    for (const [url, , site] of cases) expect(await siteOf(url), url).toBe(site)
    // The site's default region fills the article.
    expect((await article('https://berita.kutaitimurkab.go.id/a')).region_code).toBe('64.08')
    // A subdomain without d, or a host that only d names, is not measured here.
    const unknown = t.app.ingest.drops.unknown_site
    expect((await send({ n: 'pageview', u: 'https://berita.kutaitimurkab.go.id/e' })).statusCode).toBe(202)
    expect((await send({ n: 'pageview', u: 'https://kutaitimurkab.go.id.example/f', d: 'kutaitimurkab.go.id' })).statusCode).toBe(202)
    expect((await send({ n: 'pageview', u: 'https://palsukutaitimurkab.go.id/g', d: 'kutaitimurkab.go.id' })).statusCode).toBe(202)
    expect(t.app.ingest.drops.unknown_site - unknown).toBe(3)
    expect(await storedViews()).toBe(4)
  })

  it('answers engagement and custom events 202 and counts them by kind, storing no view', async () => {
    const before = { ...t.app.ingest.events }
    const propDrops = t.app.ingest.drops.prop_region
    const page = `${PORTAL}/berita/acara`
    const answers = [
      await send({ n: 'engagement', u: page, d: 'diskominfo.kaltimprov.go.id', sd: 63, e: 4200, v: 36, p: { region: 'Kutai Timur' } }),
      await send({ n: 'engagement', u: `${PORTAL}/layanan#/a`, d: 'diskominfo.kaltimprov.go.id', sd: 100, e: 900, v: 36, h: 1 }),
      await send({ n: 'Unduh Laporan', u: page, d: 'diskominfo.kaltimprov.go.id', p: { berkas: 'laporan-kim.pdf' } }),
      await send({
        name: 'Outbound Link: Click',
        url: page,
        domain: 'diskominfo.kaltimprov.go.id',
        props: { url: 'https://kominfo.go.id' },
      }),
      await send({ n: 'Purchase', u: page, $: { amount: '15000', currency: 'IDR' }, i: false }),
      // A bot's event is answered the same and not counted.
      await send({ n: 'Unduh Laporan', u: page }, { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' }),
    ]
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202, 202, 202])
    expect({ engagement: t.app.ingest.events.engagement - before.engagement, custom: t.app.ingest.events.custom - before.custom }).toEqual({
      engagement: 2,
      custom: 3,
    })
    expect(await storedViews()).toBe(0)
    expect(await views(page)).toBe(0)
    // Props of events other than page views are not read: nothing counted against them.
    expect(t.app.ingest.drops.prop_region).toBe(propDrops)
    expect(await metric('jangkau_ingest_events_total{kind="engagement"}')).toBe(t.app.ingest.events.engagement)
    expect(await metric('jangkau_ingest_events_total{kind="custom"}')).toBe(t.app.ingest.events.custom)
    expect(await metrics()).not.toContain('unsupported_event')
  })

  it("answers the curl examples of Plausible's Events API documentation 202 and records them as documented", async () => {
    // https://plausible.io/docs/events-api: the pageview ("Try it yourself"), a pageview with props
    // (sent as text/plain) and a purchase with revenue, with the documented headers.
    const documented = {
      'User-Agent':
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_6) AppleWebKit/537.36 ' +
        '(KHTML, like Gecko) Chrome/85.0.4183.121 Safari/537.36 OPR/71.0.3770.284',
      'X-Forwarded-For': '127.0.0.1',
    }
    const post = (contentType: string, data: string) =>
      t.app.inject({ method: 'POST', url: '/api/event', headers: { ...documented, 'Content-Type': contentType }, payload: data })
    const before = { ...t.app.ingest.events }
    const answers = [
      await post('application/json', '{"name":"pageview","url":"http://dummy.site","domain":"dummy.site"}'),
      await post(
        'text/plain',
        '{"name":"pageview","url":"http://dummy.site","domain":"dummy.site","props":{"author":"John Doe","logged_in":"false"}}',
      ),
      await post(
        'application/json',
        '{"name":"Purchase","url":"http://dummy.site","domain":"dummy.site","revenue":{"currency":"USD","amount":"1322.22"}}',
      ),
      // An older version of the page sends screen_width; unknown to Jangkau, ignored.
      await post('application/json', '{"name":"pageview","url":"http://dummy.site","domain":"dummy.site","screen_width":1666}'),
    ]
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202])
    // Open mode (no site configured): dummy.site is measured; the page views count, the purchase is a custom event.
    expect(await views('http://dummy.site')).toBe(3)
    expect(await article('http://dummy.site')).toMatchObject({ author: 'John Doe' })
    expect(t.app.ingest.events.custom - before.custom).toBe(1)
    const rows = await t.app.db.selectFrom('page_views').select(['device', 'browser', 'referrer_host']).execute()
    expect(rows).toEqual(Array(3).fill({ device: 'desktop', browser: 'Opera', referrer_host: null }))
  })

  it('counts each of many concurrent page views from the official script exactly once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        send(
          { n: 'pageview', u: `${PORTAL}/berita/${i % 6}`, d: 'diskominfo.kaltimprov.go.id', r: null, v: 36 },
          { 'user-agent': readerUa(i) },
        ),
      ),
    )
    expect(answers.map((a) => a.statusCode)).toEqual(Array(60).fill(202))
    for (let a = 0; a < 6; a++) expect(await views(`${PORTAL}/berita/${a}`)).toBe(10)
  })
})
