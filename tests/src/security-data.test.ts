import { sha256Hex } from '@jangkau/server/auth/secrets.ts'
import { loadConfig } from '@jangkau/server/config.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken, sessionCookieOf, signIn } from './helpers/auth.ts'
import { everyRow, PORTAL, view } from './helpers/security.ts'
import { BROWSER_UA, createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

// Issue 7 item 6, part 2: what is stored about readers and secrets, login CSRF and cross-site
// writes, /metrics (part 1: security-headers.test.ts).

describe(`security on ${testDatabase}`, () => {
  describe('what is stored about readers and secrets', () => {
    let t: TestApp
    beforeAll(async () => {
      t = await createTestApp({
        config: {
          trustProxy: loadConfig({ TRUST_PROXY: '1' }).trustProxy,
          adminEmail: 'admin@kaltimprov.go.id',
          adminPassword: 'Rahasia-admin-2026',
        },
      })
    })
    afterAll(async () => t?.close())

    it('keeps no IP address and no user agent in any table after real requests', async () => {
      const ip = '198.51.100.77'
      const ua =
        'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 ' +
        '(KHTML, like Gecko) Chrome/131.0.6778.39 Mobile Safari/537.36 Penanda/7.7'
      const headers = { 'x-forwarded-for': ip, 'user-agent': ua }
      const from = { remoteAddress: '10.0.0.2', headers }
      expect((await t.app.inject({ method: 'POST', url: '/api/collect', ...from, payload: view('rahasia') })).statusCode).toBe(202)
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/event',
            ...from,
            payload: { name: 'pageview', url: `${PORTAL}/berita/plausible`, domain: 'diskominfo.kaltimprov.go.id' },
          })
        ).statusCode,
      ).toBe(202)
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/counter?url=${encodeURIComponent(view('rahasia').url)}`, ...from })).statusCode,
      ).toBe(200)
      // A failed and a successful login, a session, an audited change.
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            ...from,
            payload: { email: 'admin@kaltimprov.go.id', password: 'salah-sandi-123' },
          })
        ).statusCode,
      ).toBe(401)
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        ...from,
        payload: { email: 'admin@kaltimprov.go.id', password: 'Rahasia-admin-2026' },
      })
      expect(login.statusCode).toBe(200)
      const session = { cookie: sessionCookieOf(login.headers['set-cookie']), 'x-csrf-token': login.json().csrfToken as string }
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/categories',
        remoteAddress: '10.0.0.2',
        headers: { ...headers, ...session },
        payload: { slug: 'keamanan', name: 'Keamanan' },
      })
      expect(created.statusCode).toBe(201)

      const rows = await everyRow(t)
      expect(rows.length).toBeGreaterThan(10)
      const leaks = rows.filter(
        (row) => row.includes(ip) || row.includes('Penanda') || row.includes('SM-A546E') || row.includes('AppleWebKit'),
      )
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
    const me = async (cookie: string) =>
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json().user?.email

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
      const category = await t.app.inject({
        method: 'POST',
        url: '/api/categories',
        headers: { ...victim.headers, 'content-type': 'text/plain' },
        payload: '{"slug":"a","name":"A"}',
      })
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
        expect(r.json()).toEqual({
          error: { code: 'cross_site', message: 'Permintaan dari situs lain ditolak. / Requests from another site are refused.' },
        })
        expect(r.headers['set-cookie']).toBeUndefined()
      }
      expect(await me(victim.headers.cookie)).toBe(victim.user.email)
      // Logging the victim out, or any write with their session, from another site: refused too.
      const logout = await t.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { ...victim.headers, origin: 'https://penyerang.example' },
      })
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
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/categories',
            headers: token.headers,
            payload: { slug: 'ekonomi', name: 'Ekonomi' },
          })
        ).statusCode,
      ).toBe(201)
      const fromElsewhere = await t.app.inject({
        method: 'POST',
        url: '/api/categories',
        headers: { ...token.headers, origin: 'https://penyerang.example' },
        payload: { slug: 'sosial', name: 'Sosial' },
      })
      expect(fromElsewhere.json().error.code).toBe('cross_site')
    })

    it('still takes page views from portals: cross-site, as text/plain', async () => {
      for (const url of ['/api/collect', '/api/event']) {
        const body =
          url === '/api/collect'
            ? view('lintas-situs')
            : { name: 'pageview', url: `${PORTAL}/berita/lintas-situs`, domain: 'diskominfo.kaltimprov.go.id' }
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
      const get = (authorization?: string) =>
        t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} })
      for (const refused of [
        await get(),
        await get('Bearer salah'),
        await get('Basic cmFoYXNpYQ=='),
        await get(`Bearer ${(await createApiToken(t.app, { role: 'viewer' })).token}`),
      ]) {
        expect(refused.statusCode).toBe(401)
        expect(refused.json().error.code).toBe('unauthenticated')
      }
      expect((await get('Bearer rahasia-metrik-2026')).statusCode).toBe(200)
      expect((await get(`Bearer ${(await createApiToken(t.app, { role: 'admin' })).token}`)).statusCode).toBe(200)
    })

    it('reports ingest, drops, batches, queue, requests by route and process figures', async () => {
      const post = (payload: object, ua = BROWSER_UA) =>
        t.app.inject({ method: 'POST', url: '/api/collect', headers: { 'user-agent': ua }, payload })
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
