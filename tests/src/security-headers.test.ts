import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '@jangkau/server/config.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn } from './helpers/auth.ts'
import { PORTAL, view } from './helpers/security.ts'
import { BROWSER_UA, createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

// Issue 7 item 6, part 1: response headers, request limits and TRUST_PROXY (part 2: security-data.test.ts).
// Covered elsewhere and not repeated here: login throttling per IP and per account, session
// fixation, CSRF on cookie writes and the password policy (auth-*.test.ts), and the role and region
// checks of every route (authz-matrix.test.ts).

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
      const collect = await t.app.inject({
        method: 'OPTIONS',
        url: '/api/collect',
        headers: { origin: 'https://portal.example', 'access-control-request-method': 'POST' },
      })
      expect(collect.headers['access-control-allow-origin']).toBe('*')
      const users = await t.app.inject({
        method: 'OPTIONS',
        url: '/api/users',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      })
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
      for (const pageOnly of [
        'content-security-policy',
        'x-frame-options',
        'cross-origin-opener-policy',
        'x-ratelimit-limit',
        'x-powered-by',
      ]) {
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
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/counter?url=${encodeURIComponent(view('batas').url)}`,
            remoteAddress: '203.0.113.7',
          })
        ).statusCode,
      ).toBe(200)
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
      for (let i = 0; i < 6; i++)
        chained.push((await collect('10.0.0.2', { 'x-forwarded-for': `192.0.2.${i}, 198.51.100.200` })).statusCode)
      expect(chained).toEqual([202, 202, 202, 202, 202, 429])
    })

    it('does not limit loopback (a local proxy without TRUST_PROXY would put every reader on one address)', async () => {
      const answers = []
      for (let i = 0; i < 8; i++) answers.push((await collect('127.0.0.1')).statusCode)
      expect(answers).toEqual(Array(8).fill(202))
    })

    it("limits a reader whose X-Forwarded-For says 127.0.0.1: only the socket's own peer is exempt as loopback", async () => {
      // Through the proxy in the private network, and through the one on this host (each reader
      // address its own budget).
      for (const [proxy, reader] of [
        ['10.0.0.2', '127.0.0.1'],
        ['127.0.0.1', '127.0.0.2'],
        ['::ffff:127.0.0.1', '::1'],
      ] as const) {
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
        t.app.inject({
          method: 'POST',
          url: '/api/collect',
          remoteAddress,
          headers: { 'user-agent': BROWSER_UA, 'x-forwarded-for': forwardedFor },
          payload: view('hop'),
        })

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
})
