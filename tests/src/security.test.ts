import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256Hex } from '@jangkau/server/auth/secrets.ts'
import { loadConfig } from '@jangkau/server/config.ts'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken, sessionCookieOf, signIn } from './helpers/auth.ts'
import { BROWSER_UA, createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

// Issue 7 item 6. Covered elsewhere and not repeated here: login throttling per IP and per account,
// session fixation, CSRF on cookie writes and the password policy (auth.test.ts), and the role and
// region checks of every route (authz-matrix.test.ts).

const PORTAL = 'https://diskominfo.kaltimprov.go.id'
const view = (path: string) => ({ url: `${PORTAL}/berita/${path}`, referrer: 'https://www.google.com/' })

/** Every row of every table of the app's database, as text (one string per row). */
async function everyRow(t: TestApp): Promise<string[]> {
  const { rows: tables } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
  `.execute(t.app.db)
  const rows: string[] = []
  for (const { table_name } of tables) {
    const { rows: dump } = await sql<{ row: string }>`select r::text as row from ${sql.table(table_name)} r`.execute(t.app.db)
    rows.push(...dump.map((d) => `${table_name}: ${d.row}`))
  }
  return rows
}

describe(`security on ${testDatabase}`, () => {
  describe('headers', () => {
    let t: TestApp
    let webDist: string
    beforeAll(async () => {
      webDist = mkdtempSync(join(tmpdir(), 'jangkau-web-'))
      writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Jangkau</title><div id="root"></div>')
      t = await createTestApp({ config: { webDist, trustProxy: loadConfig({ TRUST_PROXY: '1' }).trustProxy } })
    })
    afterAll(async () => {
      await t?.close()
      rmSync(webDist, { recursive: true, force: true })
    })

    it('serves the dashboard with a strict CSP, nosniff and no framing', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/' })
      expect(r.statusCode).toBe(200)
      const csp = Object.fromEntries(
        String(r.headers['content-security-policy'])
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values.join(' ')]),
      )
      expect(csp).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'object-src': "'none'",
        'frame-ancestors': "'none'",
        'base-uri': "'self'",
        'connect-src': "'self'",
      })
      expect(r.headers['x-content-type-options']).toBe('nosniff')
      expect(r.headers['x-powered-by']).toBeUndefined()
      expect(r.headers['referrer-policy']).toBe('no-referrer')
      // Scripts only from the dashboard's own files: nothing inline, no eval.
      expect(csp['script-src']).not.toMatch(/unsafe/)
    })

    it('sends HSTS behind an HTTPS reverse proxy (X-Forwarded-Proto with TRUST_PROXY)', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'https' } })
      expect(r.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
    })

    it('lets portals call the public endpoints cross-origin, and nothing else', async () => {
      const collect = await t.app.inject({ method: 'OPTIONS', url: '/api/collect', headers: { origin: 'https://portal.example', 'access-control-request-method': 'POST' } })
      expect(collect.headers['access-control-allow-origin']).toBe('*')
      const users = await t.app.inject({ method: 'OPTIONS', url: '/api/users', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } })
      expect(users.headers['access-control-allow-origin']).toBeUndefined()
    })

    it('answers a beacon with the headers a JSON answer needs, not the page headers', async () => {
      // From a reader's address (rate limited), over HTTPS behind the proxy.
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/collect',
        remoteAddress: '203.0.113.40',
        headers: { 'user-agent': BROWSER_UA, origin: PORTAL, 'x-forwarded-proto': 'https' },
        payload: view('header'),
      })
      expect(r.statusCode).toBe(202)
      expect(r.headers).toMatchObject({
        'access-control-allow-origin': '*',
        'cross-origin-resource-policy': 'cross-origin',
        'x-content-type-options': 'nosniff',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
      })
      for (const pageOnly of ['content-security-policy', 'x-frame-options', 'cross-origin-opener-policy', 'x-ratelimit-limit', 'x-powered-by']) {
        expect(r.headers[pageOnly], pageOnly).toBeUndefined()
      }
      // The dashboard API keeps the full set.
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me' })
      expect(me.headers['content-security-policy']).toContain("frame-ancestors 'none'")
      expect(me.headers['cross-origin-resource-policy']).toBe('same-site')
      expect(me.headers['x-frame-options']).toBe('SAMEORIGIN')
    })
  })

  describe('limits', () => {
    let t: TestApp
    beforeAll(async () => {
      // The real setting: trust the reverse proxies by address (one in the private network, one on
      // this host), limit collect to 5 a minute.
      t = await createTestApp({ config: { collectRateLimit: 5, trustProxy: loadConfig({ TRUST_PROXY: '10.0.0.2, loopback' }).trustProxy } })
    })
    afterAll(async () => t?.close())

    const collect = (remoteAddress: string, headers: Record<string, string> = {}, payload: object = view('batas')) =>
      t.app.inject({ method: 'POST', url: '/api/collect', remoteAddress, headers: { 'user-agent': BROWSER_UA, ...headers }, payload })

    it('refuses bodies over the limits with 413 body_too_large and stores nothing', async () => {
      const big = await collect('203.0.113.1', {}, { url: `${PORTAL}/berita/besar`, title: 'x'.repeat(17 * 1024) })
      expect(big.statusCode).toBe(413)
      expect(big.json().error.code).toBe('body_too_large')
      const admin = await signIn(t.app, { role: 'admin' })
      const huge = await t.app.inject({
        method: 'POST',
        url: '/api/categories',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
      })
      expect(huge.statusCode).toBe(413)
      expect(huge.json().error.code).toBe('body_too_large')
      expect(await t.app.db.selectFrom('page_views').select('id').execute()).toEqual([])
    })

    it('limits page views per client IP with 429 rate_limited and Retry-After', async () => {
      const answers = []
      for (let i = 0; i < 6; i++) answers.push(await collect('203.0.113.7'))
      expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 202, 202, 429])
      const limited = answers[5]!
      expect(limited.json().error.code).toBe('rate_limited')
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
      // Another reader is not affected, nor is /api/counter.
      expect((await collect('203.0.113.8')).statusCode).toBe(202)
      expect((await t.app.inject({ method: 'GET', url: `/api/counter?url=${encodeURIComponent(view('batas').url)}`, remoteAddress: '203.0.113.7' })).statusCode).toBe(200)
    })

    it('counts readers behind the reverse proxy by X-Forwarded-For, and ignores it from anyone else', async () => {
      // Through the proxy TRUST_PROXY names: each reader has their own budget.
      const viaProxy = []
      for (let i = 0; i < 6; i++) viaProxy.push((await collect('10.0.0.2', { 'x-forwarded-for': `198.51.100.${i}` })).statusCode)
      expect(viaProxy).toEqual([202, 202, 202, 202, 202, 202])
      // A reader on the internet forging X-Forwarded-For is still counted by their own address.
      const forged = []
      for (let i = 0; i < 6; i++) forged.push((await collect('203.0.113.9', { 'x-forwarded-for': `198.51.100.${100 + i}` })).statusCode)
      expect(forged).toEqual([202, 202, 202, 202, 202, 429])
      // A forged entry in front of the proxy's own does not help either: the proxy appends the real address.
      const chained = []
      for (let i = 0; i < 6; i++) chained.push((await collect('10.0.0.2', { 'x-forwarded-for': `192.0.2.${i}, 198.51.100.200` })).statusCode)
      expect(chained).toEqual([202, 202, 202, 202, 202, 429])
    })

    it('does not limit loopback (a local proxy without TRUST_PROXY would put every reader on one address)', async () => {
      const answers = []
      for (let i = 0; i < 8; i++) answers.push((await collect('127.0.0.1')).statusCode)
      expect(answers).toEqual(Array(8).fill(202))
    })

    it('limits a reader whose X-Forwarded-For says 127.0.0.1: only the socket\'s own peer is exempt as loopback', async () => {
      // Through the proxy in the private network, and through the one on this host (each reader
      // address its own budget).
      for (const [proxy, reader] of [['10.0.0.2', '127.0.0.1'], ['127.0.0.1', '127.0.0.2'], ['::ffff:127.0.0.1', '::1']] as const) {
        const answers = []
        for (let i = 0; i < 6; i++) answers.push((await collect(proxy, { 'x-forwarded-for': reader }, view(`lokal-${i}`))).statusCode)
        expect(answers, `${reader} via ${proxy}`).toEqual([202, 202, 202, 202, 202, 429])
      }
      // A peer TRUST_PROXY does not name is counted by its own address, whatever it forwards.
      const untrusted = []
      for (let i = 0; i < 6; i++) untrusted.push((await collect('10.0.0.3', { 'x-forwarded-for': '127.0.0.1' })).statusCode)
      expect(untrusted).toEqual([202, 202, 202, 202, 202, 429])
      // No whole private network is trusted: a reader in it forging addresses has one budget.
      const forged = []
      for (let i = 0; i < 6; i++) forged.push((await collect('10.0.0.4', { 'x-forwarded-for': `198.51.100.${50 + i}` })).statusCode)
      expect(forged).toEqual([202, 202, 202, 202, 202, 429])
    })
  })

  describe('TRUST_PROXY', () => {
    it('accepts a number of hops, addresses, CIDR ranges and loopback, and refuses the rest at start', () => {
      const trust = (value: string) => loadConfig({ TRUST_PROXY: value }).trustProxy
      expect(trust('')).toBe(false)
      expect(trust('0')).toBe(false)
      expect(trust('false')).toBe(false)
      expect(trust('10.1.2.3, 192.0.2.0/24,fd00::/8 , loopback')).toBe('10.1.2.3,192.0.2.0/24,fd00::/8,loopback')
      expect(typeof trust('2')).toBe('function')
      // "true" once meant every private network; whole named networks and garbage are refused.
      expect(() => trust('true')).toThrow(/TRUST_PROXY=true/)
      for (const wrong of ['uniquelocal', 'linklocal', '10.0.0.0/33', '10.0.0.300', 'proxy.example', '10.0.0.0/8/1', '-1']) {
        expect(() => trust(wrong), wrong).toThrow(/TRUST_PROXY/)
      }
    })

    describe('a number of hops', () => {
      let t: TestApp
      beforeAll(async () => {
        // Two proxies in front (a CDN, then nginx): the third address from the right is the reader.
        t = await createTestApp({ config: { collectRateLimit: 3, trustProxy: loadConfig({ TRUST_PROXY: '2' }).trustProxy } })
      })
      afterAll(async () => t?.close())

      const collect = (remoteAddress: string, forwardedFor: string) =>
        t.app.inject({ method: 'POST', url: '/api/collect', remoteAddress, headers: { 'user-agent': BROWSER_UA, 'x-forwarded-for': forwardedFor }, payload: view('hop') })

      it('takes the reader from the address the outer proxy appended, whatever the reader wrote before it', async () => {
        // Different readers through the same two proxies: each has their own budget.
        const readers = []
        for (let i = 0; i < 4; i++) readers.push((await collect('10.9.0.1', `198.51.100.${i}, 203.0.113.1`)).statusCode)
        expect(readers).toEqual([202, 202, 202, 202])
        // One reader, whatever they put in front and whichever CDN node they came through: one budget.
        const one = []
        for (let i = 0; i < 4; i++) one.push((await collect('10.9.0.1', `192.0.2.${i}, 198.51.100.77, 203.0.113.${i}`)).statusCode)
        expect(one).toEqual([202, 202, 202, 429])
        // Loopback as the reader's address is a reader too.
        const local = []
        for (let i = 0; i < 4; i++) local.push((await collect('127.0.0.1', '127.0.0.1, 127.0.0.1')).statusCode)
        expect(local).toEqual([202, 202, 202, 429])
      })
    })
  })

  describe('what is stored about readers and secrets', () => {
    let t: TestApp
    beforeAll(async () => {
      t = await createTestApp({ config: { trustProxy: loadConfig({ TRUST_PROXY: '1' }).trustProxy, adminEmail: 'admin@kaltimprov.go.id', adminPassword: 'Rahasia-admin-2026' } })
    })
    afterAll(async () => t?.close())

    it('keeps no IP address and no user agent in any table after real requests', async () => {
      const ip = '198.51.100.77'
      const ua = 'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.39 Mobile Safari/537.36 Penanda/7.7'
      const headers = { 'x-forwarded-for': ip, 'user-agent': ua }
      const from = { remoteAddress: '10.0.0.2', headers }
      expect((await t.app.inject({ method: 'POST', url: '/api/collect', ...from, payload: view('rahasia') })).statusCode).toBe(202)
      expect((await t.app.inject({ method: 'POST', url: '/api/event', ...from, payload: { name: 'pageview', url: `${PORTAL}/berita/plausible`, domain: 'diskominfo.kaltimprov.go.id' } })).statusCode).toBe(202)
      expect((await t.app.inject({ method: 'GET', url: `/api/counter?url=${encodeURIComponent(view('rahasia').url)}`, ...from })).statusCode).toBe(200)
      // A failed and a successful login, a session, an audited change.
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', ...from, payload: { email: 'admin@kaltimprov.go.id', password: 'salah-sandi-123' } })).statusCode).toBe(401)
      const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', ...from, payload: { email: 'admin@kaltimprov.go.id', password: 'Rahasia-admin-2026' } })
      expect(login.statusCode).toBe(200)
      const session = { cookie: sessionCookieOf(login.headers['set-cookie']), 'x-csrf-token': login.json().csrfToken as string }
      const created = await t.app.inject({ method: 'POST', url: '/api/categories', remoteAddress: '10.0.0.2', headers: { ...headers, ...session }, payload: { slug: 'keamanan', name: 'Keamanan' } })
      expect(created.statusCode).toBe(201)

      const rows = await everyRow(t)
      expect(rows.length).toBeGreaterThan(10)
      const leaks = rows.filter((row) => row.includes(ip) || row.includes('Penanda') || row.includes('SM-A546E') || row.includes('AppleWebKit'))
      expect(leaks).toEqual([])
      // What is kept of the reader instead: a 64-bit hash, a device class and a browser family.
      const stored = await t.app.db.selectFrom('page_views').select(['visitor_hash', 'device', 'browser']).execute()
      expect(stored).toHaveLength(2)
      for (const { visitor_hash, ...rest } of stored) {
        expect(String(visitor_hash)).toMatch(/^-?\d+$/)
        expect(rest).toEqual({ device: 'mobile', browser: 'Chrome' })
      }
    })

    it('stores session ids and API tokens only as SHA-256, so they are looked up by hash, never compared as text', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      const sessionId = admin.headers.cookie.split('=')[1]!
      const token = await createApiToken(t.app, { role: 'viewer' })
      const rows = (await everyRow(t)).join('\n')
      expect(rows).not.toContain(sessionId)
      expect(rows).not.toContain(token.token)
      expect(rows).toContain(sha256Hex(sessionId))
      expect(rows).toContain(sha256Hex(token.token))
      // A token one character off is refused like any unknown one.
      const wrong = `${token.token.slice(0, -1)}${token.token.endsWith('A') ? 'B' : 'A'}`
      const r = await t.app.inject({ method: 'GET', url: '/api/sites', headers: { authorization: `Bearer ${wrong}` } })
      expect(r.statusCode).toBe(401)
    })
  })

  describe('login CSRF and cross-site writes', () => {
    let t: TestApp
    beforeAll(async () => {
      t = await createTestApp({ config: { publicUrl: 'https://jangkau.kaltimprov.go.id' } })
    })
    afterAll(async () => t?.close())

    const login = (user: { user: { email: string }; password: string }, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { email: user.user.email, password: user.password } })
    const me = async (cookie: string) => (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json().user?.email

    it('refuses a text/plain login (what a cross-site form can send) with 415, and the victim stays signed in', async () => {
      const victim = await signIn(t.app, { role: 'admin' })
      const attacker = await signIn(t.app, { role: 'viewer' })
      const form = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { cookie: victim.headers.cookie, 'content-type': 'text/plain' },
        payload: JSON.stringify({ email: attacker.user.email, password: attacker.password }),
      })
      expect(form.statusCode).toBe(415)
      expect(form.json().error.code).toBe('unsupported_media_type')
      expect(form.headers['set-cookie']).toBeUndefined()
      expect(await me(victim.headers.cookie)).toBe(victim.user.email)
      // Nor any other write outside the beacons: text/plain is JSON there only.
      const category = await t.app.inject({ method: 'POST', url: '/api/categories', headers: { ...victim.headers, 'content-type': 'text/plain' }, payload: '{"slug":"a","name":"A"}' })
      expect(category.statusCode).toBe(415)
    })

    it('refuses a login from another site with 403 cross_site, by Origin or Sec-Fetch-Site', async () => {
      const victim = await signIn(t.app, { role: 'admin' })
      const attacker = await signIn(t.app, { role: 'viewer' })
      const crossSite: Record<string, string>[] = [
        { origin: 'https://penyerang.example' },
        { origin: 'http://localhost.penyerang.example' },
        { origin: 'null' },
        { 'sec-fetch-site': 'cross-site' },
        { origin: 'http://localhost', 'sec-fetch-site': 'cross-site' },
      ]
      for (const headers of crossSite) {
        const r = await login(attacker, { cookie: victim.headers.cookie, ...headers })
        expect(r.statusCode, JSON.stringify(headers)).toBe(403)
        expect(r.json()).toEqual({ error: { code: 'cross_site', message: 'Permintaan dari situs lain ditolak. / Requests from another site are refused.' } })
        expect(r.headers['set-cookie']).toBeUndefined()
      }
      expect(await me(victim.headers.cookie)).toBe(victim.user.email)
      // Logging the victim out, or any write with their session, from another site: refused too.
      const logout = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...victim.headers, origin: 'https://penyerang.example' } })
      expect(logout.json().error.code).toBe('cross_site')
      expect(await me(victim.headers.cookie)).toBe(victim.user.email)
    })

    it('signs in from the same origin, from PUBLIC_URL and without Origin (curl); tokens write without Origin', async () => {
      const user = await signIn(t.app, { role: 'admin' })
      const sameSite: Record<string, string>[] = [
        {},
        { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
        { origin: 'https://jangkau.kaltimprov.go.id' },
        // Behind a TLS proxy without TRUST_PROXY the server sees http: the host decides.
        { origin: 'https://jangkau.example', host: 'jangkau.example' },
        { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000', 'sec-fetch-site': 'same-origin' },
      ]
      for (const headers of sameSite) {
        expect((await login(user, headers)).statusCode, JSON.stringify(headers)).toBe(200)
      }
      const token = await createApiToken(t.app, { role: 'admin' })
      expect((await t.app.inject({ method: 'POST', url: '/api/categories', headers: token.headers, payload: { slug: 'ekonomi', name: 'Ekonomi' } })).statusCode).toBe(201)
      const fromElsewhere = await t.app.inject({ method: 'POST', url: '/api/categories', headers: { ...token.headers, origin: 'https://penyerang.example' }, payload: { slug: 'sosial', name: 'Sosial' } })
      expect(fromElsewhere.json().error.code).toBe('cross_site')
    })

    it('still takes page views from portals: cross-site, as text/plain', async () => {
      for (const url of ['/api/collect', '/api/event']) {
        const body = url === '/api/collect' ? view('lintas-situs') : { name: 'pageview', url: `${PORTAL}/berita/lintas-situs`, domain: 'diskominfo.kaltimprov.go.id' }
        const r = await t.app.inject({
          method: 'POST',
          url,
          headers: { 'user-agent': BROWSER_UA, 'content-type': 'text/plain', origin: PORTAL, 'sec-fetch-site': 'cross-site' },
          payload: JSON.stringify(body),
        })
        expect(r.statusCode, url).toBe(202)
      }
      expect(await t.app.db.selectFrom('page_views').select('id').execute()).toHaveLength(2)
    })
  })

  describe('/metrics', () => {
    let t: TestApp
    beforeAll(async () => {
      t = await createTestApp({ config: { metricsToken: 'rahasia-metrik-2026' } })
    })
    afterAll(async () => t?.close())

    it('needs METRICS_TOKEN or an admin API token, also from localhost', async () => {
      const get = (authorization?: string) => t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} })
      for (const refused of [await get(), await get('Bearer salah'), await get('Basic cmFoYXNpYQ=='), await get(`Bearer ${(await createApiToken(t.app, { role: 'viewer' })).token}`)]) {
        expect(refused.statusCode).toBe(401)
        expect(refused.json().error.code).toBe('unauthenticated')
      }
      expect((await get('Bearer rahasia-metrik-2026')).statusCode).toBe(200)
      expect((await get(`Bearer ${(await createApiToken(t.app, { role: 'admin' })).token}`)).statusCode).toBe(200)
    })

    it('reports ingest, drops, batches, queue, requests by route and process figures', async () => {
      const post = (payload: object, ua = BROWSER_UA) => t.app.inject({ method: 'POST', url: '/api/collect', headers: { 'user-agent': ua }, payload })
      expect((await post(view('metrik'))).statusCode).toBe(202)
      expect((await post(view('metrik'))).statusCode).toBe(202)
      expect((await post(view('metrik'), 'Googlebot/2.1 (+http://www.google.com/bot.html)')).statusCode).toBe(202)
      expect((await post({ url: 'bukan-url' })).statusCode).toBe(400)
      const r = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer rahasia-metrik-2026' } })
      expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
      const lines = r.body.split('\n')
      const value = (name: string) => lines.find((l) => l.startsWith(`${name} `))?.split(' ')[1]
      expect(value('jangkau_ingest_views_stored_total')).toBe('2')
      expect(value('jangkau_ingest_dropped_total{reason="bot"}')).toBe('1')
      expect(value('jangkau_ingest_dropped_total{reason="invalid"}')).toBe('1')
      expect(value('jangkau_ingest_queue_depth')).toBe('0')
      expect(value('jangkau_ingest_shed_total{reason="queue_full"}')).toBe('0')
      expect(Number(value('jangkau_ingest_batch_size_count'))).toBeGreaterThanOrEqual(1)
      expect(Number(value('jangkau_ingest_batch_duration_seconds_count{outcome="committed"}'))).toBeGreaterThanOrEqual(1)
      expect(value('jangkau_http_requests_total{method="POST",route="/api/collect",status="202"}')).toBe('3')
      expect(value('jangkau_http_requests_total{method="POST",route="/api/collect",status="400"}')).toBe('1')
      expect(Number(value('jangkau_process_resident_memory_bytes'))).toBeGreaterThan(0)
      if (testDatabase === 'postgres') expect(Number(value('jangkau_db_pool_connections{state="total"}'))).toBeGreaterThanOrEqual(1)
    })
  })
})
