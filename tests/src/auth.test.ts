import { bootstrapAdmin } from '@jangkau/server/auth/bootstrap-admin.ts'
import { loginAddressOf } from '@jangkau/server/auth/login-address.ts'
import { sha256Hex } from '@jangkau/server/auth/secrets.ts'
import { insertAuditEntry } from '@jangkau/server/queries/insert-audit-entry.ts'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApiToken, randomIp, sessionCookieOf, signIn, TEST_PASSWORD } from './helpers/auth.ts'
import { BROWSER_UA, createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

const ADMIN_EMAIL = 'admin@diskominfo.kaltimprov.go.id'
const ADMIN_PASSWORD = 'Kaltim-Berdaulat-2026'
const START = new Date('2026-03-10T02:00:00Z')
const HOUR = 3600_000

const gate = (status: number, code: string) => ({ status, code })

describe(`accounts, sessions and admin on ${testDatabase}`, () => {
  let t: TestApp
  let now = START
  /** What the ADMIN_EMAIL bootstrap left at start, before any test truncated the tables. */
  let atStart: { users: unknown[]; audit: unknown[] }

  beforeAll(async () => {
    t = await createTestApp({
      clock: () => now,
      // trustProxy: tests pick the client IP with X-Forwarded-For and HTTPS with X-Forwarded-Proto.
      config: { adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD, trustProxy: true },
    })
    atStart = {
      users: await t.app.db.selectFrom('users').select(['id', 'email', 'name', 'role', 'regions', 'active']).execute(),
      audit: await t.app.db.selectFrom('audit_log').select(['actor_kind', 'actor_id', 'action', 'entity', 'entity_id']).execute(),
    }
  })
  afterAll(async () => t?.close())
  beforeEach(async () => {
    now = START
    await sql`truncate users, sessions, api_tokens, login_failures, audit_log, page_views, articles, sites, categories restart identity cascade`.execute(
      t.app.db,
    )
    t.app.ingest.catalog.invalidate()
  })

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object) =>
    t.app.inject({ method, url, headers: { 'x-forwarded-for': randomIp(), ...headers }, ...(payload ? { payload } : {}) })
  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    inject('POST', '/api/auth/login', headers, { email, password })
  const errorOf = (r: { statusCode: number; json: () => unknown }) => ({
    status: r.statusCode,
    code: (r.json() as { error?: { code: string } }).error?.code,
  })
  const auditRows = () =>
    t.app.db.selectFrom('audit_log').select(['actor_kind', 'actor_id', 'actor_name', 'action', 'entity', 'entity_id', 'before', 'after']).orderBy('id').execute()

  describe('ADMIN_EMAIL bootstrap', () => {
    it('created the admin at start, audited with the system as actor', () => {
      expect(atStart.users).toEqual([{ id: 1, email: ADMIN_EMAIL, name: 'Administrator', role: 'admin', regions: [], active: true }])
      expect(atStart.audit).toEqual([{ actor_kind: null, actor_id: null, action: 'create', entity: 'user', entity_id: '1' }])
    })

    it('creates, leaves alone, and restores the admin and its password', async () => {
      expect(await bootstrapAdmin(t.app.db, ADMIN_EMAIL, ADMIN_PASSWORD)).toBe('created')
      expect((await login(ADMIN_EMAIL, ADMIN_PASSWORD)).statusCode).toBe(200)
      expect(await bootstrapAdmin(t.app.db, ADMIN_EMAIL, ADMIN_PASSWORD)).toBe('unchanged')

      // Someone demoted and deactivated the admin, and a new password is configured: all restored,
      // and the sessions with the old password end.
      const old = await login(ADMIN_EMAIL, ADMIN_PASSWORD)
      await t.app.db.updateTable('users').set({ role: 'viewer', active: false }).where('email', '=', ADMIN_EMAIL).execute()
      expect(await bootstrapAdmin(t.app.db, ADMIN_EMAIL, 'Sandi-baru-yang-panjang')).toBe('updated')
      expect(errorOf(await inject('GET', '/api/auth/me', { cookie: sessionCookieOf(old.headers['set-cookie']) }))).toEqual(gate(401, 'unauthenticated'))
      expect(errorOf(await login(ADMIN_EMAIL, ADMIN_PASSWORD))).toEqual(gate(401, 'invalid_credentials'))
      const fresh = await login(ADMIN_EMAIL, 'Sandi-baru-yang-panjang')
      expect(fresh.json().user).toMatchObject({ email: ADMIN_EMAIL, role: 'admin', active: true })
      const updates = (await auditRows()).filter((a) => a.action === 'update')
      expect(updates).toHaveLength(1)
      expect(updates[0]!.after).toMatchObject({ role: 'admin', active: true, passwordChanged: true })
      expect(JSON.stringify(await auditRows())).not.toMatch(/scrypt|Sandi-baru/)
    })

    it('refuses a weak ADMIN_PASSWORD at start', async () => {
      await expect(bootstrapAdmin(t.app.db, ADMIN_EMAIL, 'pendek')).rejects.toThrow(/ADMIN_PASSWORD is refused/)
      await expect(bootstrapAdmin(t.app.db, 'x@kaltimprov.go.id', 'x@kaltimprov.go.id')).rejects.toThrow(/ADMIN_PASSWORD is refused/)
    })
  })

  describe('login, me, logout', () => {
    it('signs in with a session cookie and a CSRF token, storing only a hash of the session id', async () => {
      await bootstrapAdmin(t.app.db, ADMIN_EMAIL, ADMIN_PASSWORD)
      const r = await login(' Admin@Diskominfo.Kaltimprov.go.id ', ADMIN_PASSWORD)
      expect(r.statusCode).toBe(200)
      const body = r.json()
      expect(body).toEqual({
        user: { id: 1, email: ADMIN_EMAIL, name: 'Administrator', role: 'admin', regions: [], active: true, createdAt: expect.any(String) },
        csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      })
      const setCookie = String(r.headers['set-cookie'])
      expect(setCookie).toMatch(/^jangkau_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/)
      const sessionId = sessionCookieOf(r.headers['set-cookie']).split('=')[1]!
      const stored = await t.app.db.selectFrom('sessions').selectAll().execute()
      expect(stored).toEqual([
        { id_hash: sha256Hex(sessionId), user_id: 1, csrf_token: body.csrfToken, created_at: START, expires_at: new Date(START.getTime() + 12 * HOUR) },
      ])

      const me = await inject('GET', '/api/auth/me', { cookie: sessionCookieOf(r.headers['set-cookie']) })
      expect(me.statusCode).toBe(200)
      expect(me.json()).toEqual(body)
    })

    it('marks the cookie Secure over HTTPS', async () => {
      const user = await signIn(t.app, { role: 'viewer' })
      const r = await login(user.user.email, TEST_PASSWORD, { 'x-forwarded-proto': 'https' })
      expect(String(r.headers['set-cookie'])).toMatch(/; Secure; SameSite=Lax$/)
    })

    it('answers 401 to /me without a session', async () => {
      const r = await inject('GET', '/api/auth/me')
      expect(r.statusCode).toBe(401)
      expect(r.json()).toEqual({ error: { code: 'unauthenticated', message: 'Silakan masuk terlebih dahulu. / Please sign in.' } })
    })

    it('answers the same 401 to a wrong password, an unknown email and a deactivated account', async () => {
      const user = await signIn(t.app, { role: 'viewer' })
      const wrong = await login(user.user.email, 'salah-kata-sandi')
      const unknown = await login('nobody@kaltimprov.go.id', TEST_PASSWORD)
      await t.app.db.updateTable('users').set({ active: false }).where('id', '=', user.user.id).execute()
      const inactive = await login(user.user.email, TEST_PASSWORD)
      const expected = { error: { code: 'invalid_credentials', message: 'Email atau kata sandi salah. / Wrong email or password.' } }
      for (const r of [wrong, unknown, inactive]) {
        expect(r.statusCode).toBe(401)
        expect(r.json()).toEqual(expected)
        expect(r.headers['set-cookie']).toBeUndefined()
      }
    })

    it('rejects a malformed login body with 400', async () => {
      expect(errorOf(await inject('POST', '/api/auth/login', {}, { email: 'a@b' }))).toEqual(gate(400, 'invalid_request'))
    })

    it('logs out: the old cookie dies, and logout needs the CSRF token', async () => {
      const user = await signIn(t.app, { role: 'viewer' })
      expect(errorOf(await inject('POST', '/api/auth/logout', { cookie: user.headers.cookie }))).toEqual(gate(403, 'csrf'))
      const out = await inject('POST', '/api/auth/logout', user.headers)
      expect(out.statusCode).toBe(200)
      expect(out.json()).toEqual({ status: 'signed_out' })
      expect(String(out.headers['set-cookie'])).toMatch(/^jangkau_session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/)
      expect(errorOf(await inject('GET', '/api/auth/me', user.headers))).toEqual(gate(401, 'unauthenticated'))
      expect(await t.app.db.selectFrom('sessions').selectAll().execute()).toEqual([])
    })

    it('gives a new session id at each login and drops the one the browser brought (no fixation)', async () => {
      const user = await signIn(t.app, { role: 'operator', regions: ['64.08'] })
      const second = await login(user.user.email, TEST_PASSWORD)
      const secondCookie = sessionCookieOf(second.headers['set-cookie'])
      expect(secondCookie).not.toBe(user.headers.cookie)
      expect(second.json().csrfToken).not.toBe(user.csrfToken)
      // Two browsers, two sessions: both live.
      expect((await inject('GET', '/api/auth/me', user.headers)).statusCode).toBe(200)
      expect((await inject('GET', '/api/auth/me', { cookie: secondCookie })).statusCode).toBe(200)

      // A cookie planted before login (fixation attempt) is never adopted: the answer sets a new id,
      // and the planted session (here a real one) ends.
      const third = await login(user.user.email, TEST_PASSWORD, { cookie: secondCookie })
      const thirdCookie = sessionCookieOf(third.headers['set-cookie'])
      expect(thirdCookie).not.toBe(secondCookie)
      expect(errorOf(await inject('GET', '/api/auth/me', { cookie: secondCookie }))).toEqual(gate(401, 'unauthenticated'))
      expect((await inject('GET', '/api/auth/me', { cookie: thirdCookie })).statusCode).toBe(200)
      const planted = await login(user.user.email, TEST_PASSWORD, { cookie: 'jangkau_session=attacker-chosen-id' })
      expect(sessionCookieOf(planted.headers['set-cookie'])).not.toBe('jangkau_session=attacker-chosen-id')
    })

    it('ends a session after SESSION_TTL_HOURS (12) on the app clock with code session_expired', async () => {
      const user = await signIn(t.app, { role: 'viewer' })
      now = new Date(START.getTime() + 12 * HOUR - 1000)
      expect((await inject('GET', '/api/auth/me', user.headers)).statusCode).toBe(200)
      now = new Date(START.getTime() + 12 * HOUR)
      const expired = await inject('GET', '/api/auth/me', user.headers)
      expect(expired.statusCode).toBe(401)
      expect(expired.json()).toEqual({
        error: { code: 'session_expired', message: 'Sesi Anda telah berakhir; silakan masuk kembali. / Your session has expired; please sign in again.' },
      })
      expect(String(expired.headers['set-cookie'])).toMatch(/^jangkau_session=; Max-Age=0/)
      // The expired session is gone; the same cookie is now simply unknown.
      expect(errorOf(await inject('GET', '/api/auth/me', user.headers))).toEqual(gate(401, 'unauthenticated'))
      expect(errorOf(await inject('POST', '/api/categories', user.headers, { slug: 'x', name: 'X' }))).toEqual(gate(401, 'unauthenticated'))
      // Signing in again works at the new time.
      expect((await login(user.user.email, TEST_PASSWORD)).statusCode).toBe(200)
    })

    it('answers /me for a token with 403 session_required', async () => {
      const token = await createApiToken(t.app, { role: 'viewer' })
      expect(errorOf(await inject('GET', '/api/auth/me', token.headers))).toEqual(gate(403, 'session_required'))
    })
  })

  describe('login throttling', () => {
    it('locks out only the address that failed 10 times in 15 minutes; the owner signs in from elsewhere', async () => {
      const user = await signIn(t.app, { role: 'admin' })
      const attacker = { 'x-forwarded-for': '203.0.113.66' }
      const owner = { 'x-forwarded-for': '198.51.100.7' }
      for (let i = 0; i < 10; i++) {
        now = new Date(START.getTime() + i * 60_000)
        expect(errorOf(await login(user.user.email.toUpperCase(), `salah-${i}-kata-sandi`, attacker))).toEqual(gate(401, 'invalid_credentials'))
      }
      // The attacker's address is locked out of this account, even with the right password.
      now = new Date(START.getTime() + 10 * 60_000)
      const locked = await login(user.user.email, TEST_PASSWORD, attacker)
      expect(errorOf(locked)).toEqual(gate(429, 'rate_limited'))
      // The oldest failure (at START) leaves the window at START + 15 min: 5 minutes from now.
      expect(locked.headers['retry-after']).toBe('300')
      for (let i = 0; i < 3; i++) expect(errorOf(await login(user.user.email, 'lagi-salah-sandi', attacker))).toEqual(gate(429, 'rate_limited'))
      // The owner, an admin, signs in from their own address at the same moment.
      expect((await login(user.user.email, TEST_PASSWORD, owner)).statusCode).toBe(200)
      // Another account is not locked for the attacker's address either.
      const other = await signIn(t.app, { role: 'viewer' })
      expect((await login(other.user.email, TEST_PASSWORD, attacker)).statusCode).toBe(200)
      // An unknown email is locked the same way (no hint whether the account exists).
      for (let i = 0; i < 10; i++) await login('ghost@kaltimprov.go.id', 'salah-kata-sandi', attacker)
      expect(errorOf(await login('ghost@kaltimprov.go.id', 'salah-kata-sandi', attacker))).toEqual(gate(429, 'rate_limited'))
      // Refused attempts are not stored: 10 failures of the account, all from the attacker's address.
      const stored = await t.app.db.selectFrom('login_failures').select(['address']).where('email', '=', user.user.email).execute()
      expect(stored).toEqual(Array.from({ length: 10 }, () => ({ address: '203.0.113.66' })))

      now = new Date(START.getTime() + 15 * 60_000 + 1000)
      // One failure (at minute 0) has left the window: 9 remain, one more attempt is allowed.
      expect(errorOf(await login(user.user.email, 'masih-salah-sandi', attacker))).toEqual(gate(401, 'invalid_credentials'))
      expect(errorOf(await login(user.user.email, TEST_PASSWORD, attacker))).toEqual(gate(429, 'rate_limited'))
    })

    it('counts an IPv6 address by its /64, so rotating addresses within it does not help', async () => {
      const user = await signIn(t.app, { role: 'viewer' })
      for (let i = 1; i <= 10; i++) {
        expect(errorOf(await login(user.user.email, 'salah-kata-sandi', { 'x-forwarded-for': `2001:db8:7:8::${i.toString(16)}` }))).toEqual(
          gate(401, 'invalid_credentials'),
        )
      }
      expect(errorOf(await login(user.user.email, TEST_PASSWORD, { 'x-forwarded-for': '2001:db8:7:8:ffff:1:2:3' }))).toEqual(gate(429, 'rate_limited'))
      expect((await login(user.user.email, TEST_PASSWORD, { 'x-forwarded-for': '2001:db8:7:9::1' })).statusCode).toBe(200)
      expect(loginAddressOf('2001:DB8:0007:0008:0:0:0:1')).toBe('2001:db8:7:8::/64')
      expect(loginAddressOf('::ffff:203.0.113.9')).toBe('203.0.113.9')
      expect(loginAddressOf('::1')).toBe('0:0:0:0::/64')
      expect(loginAddressOf('10.1.2.3')).toBe('10.1.2.3')
    })

    it('forgets the failures of the address a login succeeds from, and only those', async () => {
      const user = await signIn(t.app, { role: 'viewer' })
      const home = { 'x-forwarded-for': '198.51.100.30' }
      const stranger = { 'x-forwarded-for': '203.0.113.30' }
      for (let i = 0; i < 9; i++) await login(user.user.email, 'salah-kata-sandi', home)
      for (let i = 0; i < 4; i++) await login(user.user.email, 'salah-kata-sandi', stranger)
      expect((await login(user.user.email, TEST_PASSWORD, home)).statusCode).toBe(200)
      const left = await t.app.db.selectFrom('login_failures').select('address').where('email', '=', user.user.email).execute()
      expect(left).toEqual(Array.from({ length: 4 }, () => ({ address: '203.0.113.30' })))
      // Home starts from zero again: nine more mistakes are not a lockout.
      for (let i = 0; i < 9; i++) await login(user.user.email, 'salah-kata-sandi', home)
      expect((await login(user.user.email, TEST_PASSWORD, home)).statusCode).toBe(200)
    })

    it('lets an admin unlock an account for every address, audited', async () => {
      const admin = await signIn(t.app, { role: 'admin', name: 'Admin Uji' })
      const user = await signIn(t.app, { role: 'operator', regions: ['64.08'] })
      const office = { 'x-forwarded-for': '198.51.100.20' }
      for (let i = 0; i < 10; i++) await login(user.user.email, 'salah-kata-sandi', office)
      await login(user.user.email, 'salah-kata-sandi', { 'x-forwarded-for': '198.51.100.21' })
      expect(errorOf(await login(user.user.email, TEST_PASSWORD, office))).toEqual(gate(429, 'rate_limited'))

      const viewer = await signIn(t.app, { role: 'viewer' })
      expect(errorOf(await inject('POST', `/api/users/${user.user.id}/unlock`, viewer.headers))).toEqual(gate(403, 'forbidden'))
      expect(errorOf(await inject('POST', '/api/users/999/unlock', admin.headers))).toEqual(gate(404, 'not_found'))
      const unlocked = await inject('POST', `/api/users/${user.user.id}/unlock`, admin.headers)
      expect(unlocked.statusCode).toBe(200)
      expect(unlocked.json()).toEqual({ userId: user.user.id, cleared: 11 })
      expect(await t.app.db.selectFrom('login_failures').selectAll().where('email', '=', user.user.email).execute()).toEqual([])
      expect((await login(user.user.email, TEST_PASSWORD, office)).statusCode).toBe(200)

      const audit = (await auditRows()).filter((a) => a.entity === 'user' && a.entity_id === String(user.user.id))
      expect(audit).toEqual([
        expect.objectContaining({ actor_kind: 'user', actor_id: admin.user.id, actor_name: 'Admin Uji', action: 'update', before: expect.objectContaining({ email: user.user.email }) }),
      ])
      expect(audit[0]!.after).toMatchObject({ email: user.user.email, loginFailuresCleared: 11 })
    })

    it('limits login attempts per IP (30 per 15 minutes) with 429 and Retry-After', async () => {
      const ip = '203.0.113.7'
      for (let i = 0; i < 30; i++) {
        // Invalid bodies still count: the limit applies before anything else.
        expect((await inject('POST', '/api/auth/login', { 'x-forwarded-for': ip }, { email: 'x' })).statusCode).toBe(400)
      }
      const limited = await inject('POST', '/api/auth/login', { 'x-forwarded-for': ip }, { email: 'a@b.c', password: 'whatever-long' })
      expect(errorOf(limited)).toEqual(gate(429, 'rate_limited'))
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
      // Another IP still signs in.
      const user = await signIn(t.app, { role: 'viewer' })
      expect((await login(user.user.email, TEST_PASSWORD, { 'x-forwarded-for': '203.0.113.8' })).statusCode).toBe(200)
    })
  })

  describe('CSRF', () => {
    it('requires X-CSRF-Token equal to the session token on cookie-authenticated writes', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      const body = { slug: 'pemerintahan', name: 'Pemerintahan' }
      const csrf = { error: { code: 'csrf', message: 'Token CSRF tidak ada atau salah; muat ulang halaman. / The CSRF token is missing or wrong; reload the page.' } }
      const missing = await inject('POST', '/api/categories', { cookie: admin.headers.cookie }, body)
      expect(missing.statusCode).toBe(403)
      expect(missing.json()).toEqual(csrf)
      const wrong = await inject('POST', '/api/categories', { cookie: admin.headers.cookie, 'x-csrf-token': wrongLastCharacter(admin.csrfToken) }, body)
      expect(wrong.json()).toEqual(csrf)
      // Another session's token does not fit this session.
      const other = await signIn(t.app, { role: 'admin' })
      expect(errorOf(await inject('POST', '/api/categories', { cookie: admin.headers.cookie, 'x-csrf-token': other.csrfToken }, body))).toEqual(
        gate(403, 'csrf'),
      )
      expect(await t.app.db.selectFrom('categories').selectAll().execute()).toEqual([])
      const right = await inject('POST', '/api/categories', admin.headers, body)
      expect(right.statusCode).toBe(201)
      // Reads need no token.
      expect((await inject('GET', '/api/categories', { cookie: admin.headers.cookie })).statusCode).toBe(200)
    })
  })

  describe('API tokens', () => {
    it('creates a token shown once, stores its hash, lists it without secret, and revokes it', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      const created = await inject('POST', '/api/tokens', admin.headers, { name: 'Portal Kutim', role: 'operator', regions: ['64.08', '64.01'] })
      expect(created.statusCode).toBe(201)
      const token = created.json()
      expect(token).toEqual({
        id: 1,
        name: 'Portal Kutim',
        role: 'operator',
        regions: ['64.01', '64.08'],
        createdBy: { id: admin.user.id, name: admin.user.name, email: admin.user.email, role: 'admin', regions: [], active: true },
        createdAt: expect.any(String),
        lastUsedAt: null,
        revokedAt: null,
        token: expect.stringMatching(/^jk_[A-Za-z0-9_-]{43}$/),
      })
      const stored = await t.app.db.selectFrom('api_tokens').select(['token_hash', 'created_by']).execute()
      expect(stored).toEqual([{ token_hash: sha256Hex(token.token), created_by: admin.user.id }])

      // Bearer: no CSRF needed, role applies, last use recorded on the app clock.
      now = new Date(START.getTime() + HOUR)
      const bearer = { authorization: `Bearer ${token.token}` }
      expect((await inject('GET', '/api/sites', bearer)).statusCode).toBe(200)
      expect(errorOf(await inject('POST', '/api/categories', bearer, { slug: 'a', name: 'A' }))).toEqual(gate(403, 'forbidden'))
      const list = await inject('GET', '/api/tokens', admin.headers)
      const { token: _secret, ...listed } = token
      expect(list.json()).toEqual({ items: [{ ...listed, lastUsedAt: now.toISOString() }], total: 1 })
      expect(list.body).not.toContain(token.token)

      expect((await inject('DELETE', '/api/tokens/1', admin.headers)).statusCode).toBe(204)
      expect(errorOf(await inject('GET', '/api/sites', bearer))).toEqual(gate(401, 'unauthenticated'))
      expect(errorOf(await inject('DELETE', '/api/tokens/1', admin.headers))).toEqual(gate(404, 'not_found'))
      expect((await inject('GET', '/api/tokens', admin.headers)).json().items[0].revokedAt).toBe(now.toISOString())
    })

    it('lets an admin token write without CSRF and refuses wrong or malformed tokens', async () => {
      const admin = await createApiToken(t.app, { role: 'admin' })
      expect((await inject('POST', '/api/categories', admin.headers, { slug: 'ekonomi', name: 'Ekonomi' })).statusCode).toBe(201)
      for (const authorization of [`Bearer jk_${'A'.repeat(43)}`, 'Bearer', 'Basic YWRtaW46YWRtaW4=', `${admin.headers.authorization}x`]) {
        expect(errorOf(await inject('GET', '/api/sites', { authorization }))).toEqual(gate(401, 'unauthenticated'))
      }
      // A bad token is refused even when a valid session cookie comes along.
      const viewer = await signIn(t.app, { role: 'viewer' })
      expect(errorOf(await inject('GET', '/api/sites', { ...viewer.headers, authorization: 'Bearer nope' }))).toEqual(gate(401, 'unauthenticated'))
    })

    it('stops an admin token when its creator is deactivated, then deleted: it creates no admin any more', async () => {
      const boss = await signIn(t.app, { role: 'admin' })
      const creator = await signIn(t.app, { role: 'admin' })
      const created = (await inject('POST', '/api/tokens', creator.headers, { name: 'Skrip', role: 'admin' })).json()
      const bearer = { authorization: `Bearer ${created.token}` }
      const newAdmin = (email: string) => ({ email, name: 'Admin Baru', password: 'admin-baru-sandi', role: 'admin' })
      expect((await inject('POST', '/api/users', bearer, newAdmin('satu@kaltimprov.go.id'))).statusCode).toBe(201)

      expect((await inject('PATCH', `/api/users/${creator.user.id}`, boss.headers, { active: false })).statusCode).toBe(200)
      expect(errorOf(await inject('POST', '/api/users', bearer, newAdmin('dua@kaltimprov.go.id')))).toEqual(gate(401, 'token_owner_inactive'))
      expect(errorOf(await inject('GET', '/api/sites', bearer))).toEqual(gate(401, 'token_owner_inactive'))

      // Deleted: created_by is set null, and a token without a creator works for nobody.
      expect((await inject('DELETE', `/api/users/${creator.user.id}`, boss.headers)).statusCode).toBe(204)
      const refused = await inject('POST', '/api/users', bearer, newAdmin('tiga@kaltimprov.go.id'))
      expect(refused.json()).toEqual({
        error: { code: 'token_orphaned', message: 'Token API tidak berlaku lagi: pembuatnya sudah dihapus. / The API token no longer works: its creator was deleted.' },
      })
      expect(refused.statusCode).toBe(401)
      const emails = (await t.app.db.selectFrom('users').select('email').execute()).map((u) => u.email)
      expect(emails).toContain('satu@kaltimprov.go.id')
      expect(emails).not.toContain('dua@kaltimprov.go.id')
      expect(emails).not.toContain('tiga@kaltimprov.go.id')
      // The list says why: no creator.
      expect((await inject('GET', '/api/tokens', boss.headers)).json().items).toEqual([expect.objectContaining({ id: created.id, createdBy: null, revokedAt: null })])
    })

    it('stops a token whose creator is reactivated only when reactivated, and one made by a token with that token\'s creator', async () => {
      const boss = await signIn(t.app, { role: 'admin' })
      const creator = await signIn(t.app, { role: 'admin', name: 'Admin Skrip' })
      const first = (await inject('POST', '/api/tokens', creator.headers, { name: 'Induk', role: 'admin' })).json()
      // A token made with a token acts for the person behind the first one, never for nobody.
      const second = await inject('POST', '/api/tokens', { authorization: `Bearer ${first.token}` }, { name: 'Anak', role: 'viewer' })
      expect(second.statusCode).toBe(201)
      expect(second.json().createdBy).toMatchObject({ id: creator.user.id, name: 'Admin Skrip' })
      const child = { authorization: `Bearer ${second.json().token}` }
      expect((await inject('GET', '/api/sites', child)).statusCode).toBe(200)
      await inject('PATCH', `/api/users/${creator.user.id}`, boss.headers, { active: false })
      expect(errorOf(await inject('GET', '/api/sites', child))).toEqual(gate(401, 'token_owner_inactive'))
      await inject('PATCH', `/api/users/${creator.user.id}`, boss.headers, { active: true })
      expect((await inject('GET', '/api/sites', child)).statusCode).toBe(200)
    })

    it('stops a token whose creator\'s role or regions no longer cover it', async () => {
      const boss = await signIn(t.app, { role: 'admin' })
      const creator = await signIn(t.app, { role: 'admin' })
      const make = async (body: object) => ({ authorization: `Bearer ${(await inject('POST', '/api/tokens', creator.headers, body)).json().token}` })
      const admin = await make({ name: 'A', role: 'admin' })
      const operator = await make({ name: 'O', role: 'operator', regions: ['64.08'] })
      const viewer = await make({ name: 'V', role: 'viewer' })
      const statuses = async () =>
        Promise.all([admin, operator, viewer].map(async (h) => {
          const r = await inject('GET', '/api/sites', h)
          return r.statusCode === 200 ? 200 : errorOf(r).code
        }))
      expect(await statuses()).toEqual([200, 200, 200])
      await inject('PATCH', `/api/users/${creator.user.id}`, boss.headers, { role: 'operator', regions: ['64.08', '64.02'] })
      expect(await statuses()).toEqual(['token_owner_role', 200, 200])
      expect((await inject('GET', '/api/sites', admin)).statusCode).toBe(403)
      await inject('PATCH', `/api/users/${creator.user.id}`, boss.headers, { regions: ['64.02'] })
      expect(await statuses()).toEqual(['token_owner_role', 'token_owner_role', 200])
      await inject('PATCH', `/api/users/${creator.user.id}`, boss.headers, { role: 'viewer' })
      expect(await statuses()).toEqual(['token_owner_role', 'token_owner_role', 200])
      await inject('PATCH', `/api/users/${creator.user.id}`, boss.headers, { role: 'admin' })
      expect(await statuses()).toEqual([200, 200, 200])
    })

    it('refuses a token without a creator, also on /metrics', async () => {
      const orphan = await createApiToken(t.app, { role: 'admin', createdBy: null })
      expect(errorOf(await inject('GET', '/api/sites', orphan.headers))).toEqual(gate(401, 'token_orphaned'))
      expect((await inject('GET', '/metrics', orphan.headers)).statusCode).toBe(401)
      const owned = await createApiToken(t.app, { role: 'admin' })
      expect((await inject('GET', '/metrics', owned.headers)).statusCode).toBe(200)
    })

    it('validates token roles and regions', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      expect(errorOf(await inject('POST', '/api/tokens', admin.headers, { name: 'x', role: 'operator' }))).toEqual(gate(400, 'regions_required'))
      expect(errorOf(await inject('POST', '/api/tokens', admin.headers, { name: 'x', role: 'viewer', regions: ['64.08'] }))).toEqual(
        gate(400, 'regions_not_allowed'),
      )
      expect(errorOf(await inject('POST', '/api/tokens', admin.headers, { name: 'x', role: 'root' }))).toEqual(gate(400, 'invalid_request'))
    })
  })

  describe('users', () => {
    it('creates, lists, updates and deletes users, never answering a hash', async () => {
      const admin = await signIn(t.app, { role: 'admin', name: 'Admin Uji' })
      const created = await inject('POST', '/api/users', admin.headers, {
        email: 'Operator.Kutim@KutaiTimurKab.go.id',
        name: 'Operator Kutim',
        password: 'kutim-sangatta-1',
        role: 'operator',
        regions: ['64.08'],
      })
      expect(created.statusCode).toBe(201)
      const operator = created.json()
      expect(operator).toEqual({
        id: 2,
        email: 'operator.kutim@kutaitimurkab.go.id',
        name: 'Operator Kutim',
        role: 'operator',
        regions: ['64.08'],
        active: true,
        createdAt: expect.any(String),
      })
      expect(created.body).not.toMatch(/scrypt|password|kutim-sangatta/)
      const hash = await t.app.db.selectFrom('users').select('password_hash').where('id', '=', 2).executeTakeFirstOrThrow()
      expect(hash.password_hash).toMatch(/^scrypt\$32768\$8\$3\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
      expect((await login('operator.kutim@kutaitimurkab.go.id', 'kutim-sangatta-1')).statusCode).toBe(200)

      expect(errorOf(await inject('POST', '/api/users', admin.headers, { email: 'OPERATOR.kutim@kutaitimurkab.go.id', name: 'x', password: 'long-enough-1', role: 'viewer' }))).toEqual(
        gate(409, 'email_taken'),
      )
      const viewer = (
        await inject('POST', '/api/users', admin.headers, { email: 'pimpinan@kaltimprov.go.id', name: 'Kepala Dinas', password: 'pimpinan-2026', role: 'viewer' })
      ).json()
      expect(viewer).toMatchObject({ email: 'pimpinan@kaltimprov.go.id', name: 'Kepala Dinas', role: 'viewer', regions: [], active: true })

      const page = await inject('GET', '/api/users?limit=2&offset=1', admin.headers)
      expect(page.json()).toEqual({ items: [operator, viewer], total: 3 })
      expect(page.body).not.toContain('scrypt')

      const patched = await inject('PATCH', '/api/users/2', admin.headers, { name: 'Operator Kutai Timur', regions: ['64.08', '64.03'] })
      expect(patched.json()).toEqual({ ...operator, name: 'Operator Kutai Timur', regions: ['64.03', '64.08'] })
      // Becoming a viewer drops the regions.
      expect((await inject('PATCH', '/api/users/2', admin.headers, { role: 'viewer' })).json()).toMatchObject({ role: 'viewer', regions: [] })
      expect(errorOf(await inject('PATCH', '/api/users/2', admin.headers, { role: 'operator' }))).toEqual(gate(400, 'regions_required'))
      expect(errorOf(await inject('PATCH', '/api/users/2', admin.headers, { email: 'pimpinan@kaltimprov.go.id' }))).toEqual(gate(409, 'email_taken'))
      expect(errorOf(await inject('PATCH', '/api/users/99', admin.headers, { name: 'x' }))).toEqual(gate(404, 'not_found'))
      expect(errorOf(await inject('PATCH', '/api/users/2', admin.headers, {}))).toEqual(gate(400, 'invalid_request'))

      expect((await inject('DELETE', `/api/users/${viewer.id}`, admin.headers)).statusCode).toBe(204)
      expect(errorOf(await inject('DELETE', `/api/users/${viewer.id}`, admin.headers))).toEqual(gate(404, 'not_found'))
      expect((await inject('GET', '/api/users', admin.headers)).json().total).toBe(2)
    })

    it('checks operator regions against the regions table (regency or city only)', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      const user = (regions: string[], role = 'operator') => ({ email: `u${regions.join('')}${role}@x.id`, name: 'U', password: 'long-enough-1', role, regions })
      expect(errorOf(await inject('POST', '/api/users', admin.headers, user(['64.99'])))).toEqual(gate(400, 'invalid_region'))
      expect(errorOf(await inject('POST', '/api/users', admin.headers, user(['64.08.12'])))).toEqual(gate(400, 'invalid_request'))
      expect(errorOf(await inject('POST', '/api/users', admin.headers, user([])))).toEqual(gate(400, 'regions_required'))
      expect(errorOf(await inject('POST', '/api/users', admin.headers, user(['64.08'], 'viewer')))).toEqual(gate(400, 'regions_not_allowed'))
      expect((await inject('POST', '/api/users', admin.headers, user(['64.72', '64.71']))).json().regions).toEqual(['64.71', '64.72'])
    })

    it('enforces the password policy: at least 10 characters, not the email', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      const create = (email: string, password: string) => inject('POST', '/api/users', admin.headers, { email, name: 'Uji', password, role: 'viewer' })
      expect((await create('a@kaltimprov.go.id', '123456789')).json()).toEqual({
        error: { code: 'weak_password', message: 'Kata sandi minimal 10 karakter. / The password must have at least 10 characters.' },
      })
      expect(errorOf(await create('panjang@kaltim.id', 'Panjang@Kaltim.id'))).toEqual(gate(400, 'weak_password'))
      expect(errorOf(await inject('PATCH', `/api/users/${admin.user.id}`, admin.headers, { password: 'short' }))).toEqual(gate(400, 'weak_password'))
      expect((await create('b@kaltimprov.go.id', '1234567890')).statusCode).toBe(201)
      expect(await t.app.db.selectFrom('users').select('email').orderBy('id').execute()).toEqual([{ email: admin.user.email }, { email: 'b@kaltimprov.go.id' }])
    })

    it('revokes sessions on deactivation, deletion and password change', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      const a = await signIn(t.app, { role: 'viewer' })
      const b = await signIn(t.app, { role: 'operator', regions: ['64.02'] })
      const c = await signIn(t.app, { role: 'viewer' })

      expect((await inject('PATCH', `/api/users/${a.user.id}`, admin.headers, { active: false })).json().active).toBe(false)
      expect(errorOf(await inject('GET', '/api/auth/me', a.headers))).toEqual(gate(401, 'unauthenticated'))
      expect(errorOf(await login(a.user.email, TEST_PASSWORD))).toEqual(gate(401, 'invalid_credentials'))
      // Reactivated: may sign in again, the old session stays dead.
      await inject('PATCH', `/api/users/${a.user.id}`, admin.headers, { active: true })
      expect(errorOf(await inject('GET', '/api/auth/me', a.headers))).toEqual(gate(401, 'unauthenticated'))
      expect((await login(a.user.email, TEST_PASSWORD)).statusCode).toBe(200)

      expect((await inject('DELETE', `/api/users/${b.user.id}`, admin.headers)).statusCode).toBe(204)
      expect(errorOf(await inject('GET', '/api/auth/me', b.headers))).toEqual(gate(401, 'unauthenticated'))

      await inject('PATCH', `/api/users/${c.user.id}`, admin.headers, { password: 'sandi-baru-untuk-c' })
      expect(errorOf(await inject('GET', '/api/auth/me', c.headers))).toEqual(gate(401, 'unauthenticated'))
      expect((await login(c.user.email, 'sandi-baru-untuk-c')).statusCode).toBe(200)

      // An admin changing their own password keeps the session they are using.
      const otherBrowser = await login(admin.user.email, TEST_PASSWORD)
      await inject('PATCH', `/api/users/${admin.user.id}`, admin.headers, { password: 'admin-sandi-baru' })
      expect((await inject('GET', '/api/auth/me', admin.headers)).statusCode).toBe(200)
      expect(errorOf(await inject('GET', '/api/auth/me', { cookie: sessionCookieOf(otherBrowser.headers['set-cookie']) }))).toEqual(
        gate(401, 'unauthenticated'),
      )
    })

    it('keeps at least one active admin', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      expect(errorOf(await inject('PATCH', `/api/users/${admin.user.id}`, admin.headers, { role: 'viewer' }))).toEqual(gate(409, 'last_admin'))
      expect(errorOf(await inject('PATCH', `/api/users/${admin.user.id}`, admin.headers, { active: false }))).toEqual(gate(409, 'last_admin'))
      expect(errorOf(await inject('DELETE', `/api/users/${admin.user.id}`, admin.headers))).toEqual(gate(409, 'last_admin'))
      const second = await signIn(t.app, { role: 'admin' })
      expect((await inject('PATCH', `/api/users/${admin.user.id}`, second.headers, { role: 'viewer' })).statusCode).toBe(200)
      // Roles are read at each request: the demoted admin's session is now a viewer's.
      expect(errorOf(await inject('GET', '/api/users', admin.headers))).toEqual(gate(403, 'forbidden'))
    })
  })

  describe('audit log', () => {
    it('records who changed what with before and after, never a password hash or token secret', async () => {
      const admin = await signIn(t.app, { role: 'admin', name: 'Admin Uji' })
      await inject('POST', '/api/users', admin.headers, { email: 'v@kaltimprov.go.id', name: 'Viewer', password: 'viewer-sandi-1', role: 'viewer' })
      await inject('PATCH', '/api/users/2', admin.headers, { name: 'Viewer Baru', password: 'viewer-sandi-2' })
      const token = (await inject('POST', '/api/tokens', admin.headers, { name: 'CI', role: 'admin' })).json()
      await inject('POST', '/api/categories', { authorization: `Bearer ${token.token}` }, { slug: 'ekonomi', name: 'Ekonomi' })
      await inject('DELETE', '/api/users/2', admin.headers)

      const rows = await auditRows()
      expect(rows.map((r) => [r.actor_kind, r.actor_id, r.actor_name, r.action, r.entity, r.entity_id])).toEqual([
        ['user', 1, 'Admin Uji', 'create', 'user', '2'],
        ['user', 1, 'Admin Uji', 'update', 'user', '2'],
        ['user', 1, 'Admin Uji', 'create', 'token', '1'],
        ['token', 1, 'CI', 'create', 'category', '1'],
        ['user', 1, 'Admin Uji', 'delete', 'user', '2'],
      ])
      const viewer = { id: 2, email: 'v@kaltimprov.go.id', name: 'Viewer', role: 'viewer', regions: [], active: true, createdAt: expect.any(String) }
      expect(rows[0]).toMatchObject({ before: null, after: viewer })
      expect(rows[1]).toMatchObject({ before: viewer, after: { ...viewer, name: 'Viewer Baru', passwordChanged: true } })
      expect(rows[2]!.after).toEqual({
        id: 1,
        name: 'CI',
        role: 'admin',
        regions: [],
        createdBy: { id: 1, name: 'Admin Uji', email: admin.user.email, role: 'admin', regions: [], active: true },
        createdAt: expect.any(String),
        lastUsedAt: null,
        revokedAt: null,
      })
      expect(rows[3]).toMatchObject({ before: null, after: { id: 1, slug: 'ekonomi', name: 'Ekonomi' } })
      expect(rows[4]).toMatchObject({ before: { ...viewer, name: 'Viewer Baru' }, after: null })
      const everything = JSON.stringify(rows)
      for (const secret of ['scrypt', 'viewer-sandi', token.token, sha256Hex(token.token)]) expect(everything).not.toContain(secret)

      // The API: newest first, paged, filtered by entity and actor.
      const all = (await inject('GET', '/api/audit?limit=2', admin.headers)).json()
      expect(all.total).toBe(5)
      expect(all.items.map((e: { action: string; entity: string }) => `${e.action} ${e.entity}`)).toEqual(['delete user', 'create category'])
      expect(all.items[1]).toEqual({
        id: 4,
        at: expect.any(String),
        actorKind: 'token',
        actorId: 1,
        actorName: 'CI',
        action: 'create',
        entity: 'category',
        entityId: '1',
        before: null,
        after: { id: 1, slug: 'ekonomi', name: 'Ekonomi', mapped: true },
      })
      expect((await inject('GET', '/api/audit?entity=user', admin.headers)).json().total).toBe(3)
      expect((await inject('GET', '/api/audit?actor=token:1', admin.headers)).json().items.map((e: { id: number }) => e.id)).toEqual([4])
      expect((await inject('GET', '/api/audit?actor=user:1&entity=token', admin.headers)).json().items.map((e: { id: number }) => e.id)).toEqual([3])
      expect(errorOf(await inject('GET', '/api/audit?actor=bob', admin.headers))).toEqual(gate(400, 'invalid_request'))
      const viewerSession = await signIn(t.app, { role: 'viewer' })
      expect(errorOf(await inject('GET', '/api/audit', viewerSession.headers))).toEqual(gate(403, 'forbidden'))
    })

    it('strips secrets whatever a caller passes to insertAuditEntry', async () => {
      await insertAuditEntry(t.app.db, {
        actor: { kind: 'user', id: 7, name: 'KIM', role: 'operator', regions: ['64.08'] },
        action: 'import',
        entity: 'kim_group',
        entityId: null,
        before: { password_hash: 'scrypt$x', nested: [{ token: 'jk_x', keep: 1 }] },
        after: { passwordHash: 'scrypt$y', name: 'KIM Teluk Singkama' },
      })
      expect(await auditRows()).toEqual([
        {
          actor_kind: 'user',
          actor_id: 7,
          actor_name: 'KIM',
          action: 'import',
          entity: 'kim_group',
          entity_id: null,
          before: { nested: [{ keep: 1 }] },
          after: { name: 'KIM Teluk Singkama' },
        },
      ])
    })
  })

  describe('sites and categories', () => {
    const collect = (url: string) =>
      inject('POST', '/api/collect', { 'user-agent': BROWSER_UA }, { url })
    const articleCount = async () => Number((await t.app.db.selectFrom('articles').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

    it('manages sites, and ingest sees each change at once', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      const viewer = await signIn(t.app, { role: 'viewer' })
      const created = await inject('POST', '/api/sites', admin.headers, { hostname: 'kutaitimurkab.go.id', name: 'Pemkab Kutim', regionCode: '64.08' })
      expect(created.statusCode).toBe(201)
      const site = created.json()
      expect(site).toEqual({ id: 1, hostname: 'kutaitimurkab.go.id', name: 'Pemkab Kutim', regionCode: '64.08', autoCreated: false, createdAt: expect.any(String),
        feedUrl: null, feedSync: { at: null, error: null, items: null } })
      expect((await inject('GET', '/api/sites', viewer.headers)).json()).toEqual({ items: [site], total: 1 })

      // Closed mode now: another host is dropped until the site is renamed to it.
      expect((await collect('https://beraukab.go.id/berita/1')).statusCode).toBe(202)
      expect(await articleCount()).toBe(0)
      const renamed = await inject('PATCH', '/api/sites/1', admin.headers, { hostname: 'beraukab.go.id', name: 'Pemkab Berau', regionCode: '64.03' })
      expect(renamed.json()).toEqual({ ...site, hostname: 'beraukab.go.id', name: 'Pemkab Berau', regionCode: '64.03' })
      expect((await collect('https://beraukab.go.id/berita/1')).statusCode).toBe(202)
      expect(await articleCount()).toBe(1)

      expect(errorOf(await inject('POST', '/api/sites', admin.headers, { hostname: 'beraukab.go.id', name: 'x' }))).toEqual(gate(409, 'hostname_taken'))
      expect(errorOf(await inject('POST', '/api/sites', admin.headers, { hostname: 'Bad Host', name: 'x' }))).toEqual(gate(400, 'invalid_request'))
      expect(errorOf(await inject('POST', '/api/sites', admin.headers, { hostname: 'a.id', name: 'x', regionCode: '64.08.12.2004' }))).toEqual(
        gate(400, 'invalid_region'),
      )
      expect(errorOf(await inject('POST', '/api/sites', viewer.headers, { hostname: 'a.id', name: 'x' }))).toEqual(gate(403, 'forbidden'))
      // The site has an article now: it cannot be deleted.
      expect(errorOf(await inject('DELETE', '/api/sites/1', admin.headers))).toEqual(gate(409, 'site_in_use'))
      const spare = (await inject('POST', '/api/sites', admin.headers, { hostname: 'kaltimprov.go.id', name: 'Pemprov', regionCode: '64' })).json()
      expect((await inject('DELETE', `/api/sites/${spare.id}`, admin.headers)).statusCode).toBe(204)
      expect(errorOf(await inject('PATCH', `/api/sites/${spare.id}`, admin.headers, { name: 'y' }))).toEqual(gate(404, 'not_found'))
      expect((await inject('GET', '/api/sites', viewer.headers)).json().total).toBe(1)
      expect((await auditRows()).map((a) => `${a.action} ${a.entity} ${a.entity_id}`)).toEqual([
        'create site 1',
        'update site 1',
        `create site ${spare.id}`,
        `delete site ${spare.id}`,
      ])
    })

    it('marks an auto-created site as configured once an admin edits it', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      await collect('https://samarindakota.go.id/berita/1')
      const [auto] = (await inject('GET', '/api/sites', admin.headers)).json().items
      expect(auto).toMatchObject({ hostname: 'samarindakota.go.id', autoCreated: true })
      expect((await inject('PATCH', `/api/sites/${auto.id}`, admin.headers, { regionCode: '64.72' })).json()).toMatchObject({ autoCreated: false, regionCode: '64.72' })
    })

    it('manages categories, and ingest matches a new category at once', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      const operator = await signIn(t.app, { role: 'operator', regions: ['64.08'] })
      const created = await inject('POST', '/api/categories', admin.headers, { slug: 'pemerintahan', name: 'Pemerintahan' })
      expect(created.statusCode).toBe(201)
      expect(created.json()).toEqual({ id: 1, slug: 'pemerintahan', name: 'Pemerintahan', mapped: true })
      expect(errorOf(await inject('POST', '/api/categories', admin.headers, { slug: 'pemerintahan', name: 'Lain' }))).toEqual(gate(409, 'slug_taken'))
      expect(errorOf(await inject('POST', '/api/categories', admin.headers, { slug: 'Bad Slug', name: 'x' }))).toEqual(gate(400, 'invalid_request'))
      expect(errorOf(await inject('POST', '/api/categories', operator.headers, { slug: 'x', name: 'x' }))).toEqual(gate(403, 'forbidden'))
      expect((await inject('PATCH', '/api/categories/1', admin.headers, { name: 'Pemerintahan Daerah' })).json()).toEqual({
        id: 1,
        slug: 'pemerintahan',
        name: 'Pemerintahan Daerah',
        mapped: true,
      })
      // (A refused insert used up id 2 of the sequence.)
      const ekonomi = (await inject('POST', '/api/categories', admin.headers, { slug: 'ekonomi', name: 'Ekonomi' })).json()
      expect((await inject('GET', '/api/categories?limit=1', operator.headers)).json()).toEqual({ items: [{ id: 3, slug: 'ekonomi', name: 'Ekonomi', mapped: true }], total: 2 })

      // An article in the category (through ingest, which must see the new name) blocks deletion.
      const r = await inject('POST', '/api/collect', { 'user-agent': BROWSER_UA }, { url: 'https://kaltimprov.go.id/berita/1', meta: { category: 'Pemerintahan Daerah' } })
      expect(r.statusCode).toBe(202)
      expect(await t.app.db.selectFrom('articles').select('category_id').execute()).toEqual([{ category_id: 1 }])
      expect(errorOf(await inject('DELETE', '/api/categories/1', admin.headers))).toEqual(gate(409, 'category_in_use'))
      expect((await inject('DELETE', `/api/categories/${ekonomi.id}`, admin.headers)).statusCode).toBe(204)
      expect(errorOf(await inject('DELETE', `/api/categories/${ekonomi.id}`, admin.headers))).toEqual(gate(404, 'not_found'))
      expect((await inject('GET', '/api/categories', operator.headers)).json().total).toBe(1)
    })
  })
})

/** The same token with its last character changed (a token ending in "A" must not stay right). */
function wrongLastCharacter(token: string): string {
  return `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
}
