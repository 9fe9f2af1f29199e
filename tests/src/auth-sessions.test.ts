import { bootstrapAdmin } from '@jangkau/server/auth/bootstrap-admin.ts'
import { loginAddressOf } from '@jangkau/server/auth/login-address.ts'
import { sha256Hex } from '@jangkau/server/auth/secrets.ts'
import { describe, expect, it } from 'vitest'
import { accountsApp, ADMIN_EMAIL, ADMIN_PASSWORD, gate, HOUR, START, wrongLastCharacter } from './helpers/accounts.ts'
import { createApiToken, sessionCookieOf, signIn, TEST_PASSWORD } from './helpers/auth.ts'
import { testDatabase } from './helpers/test-app.ts'

// Accounts, part 1: the ADMIN_EMAIL bootstrap, login, me and logout, login throttling, CSRF
// (API tokens and users: auth-tokens-users.test.ts; audit log, sites and categories: auth-audit-sites.test.ts).

describe(`accounts, sessions and admin on ${testDatabase}`, () => {
  const t = accountsApp()
  const { inject, login, errorOf, auditRows } = t

  describe('ADMIN_EMAIL bootstrap', () => {
    it('created the admin at start, audited with the system as actor', () => {
      expect(t.atStart.users).toEqual([{ id: 1, email: ADMIN_EMAIL, name: 'Administrator', role: 'admin', regions: [], active: true }])
      expect(t.atStart.audit).toEqual([{ actor_kind: null, actor_id: null, action: 'create', entity: 'user', entity_id: '1' }])
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
      expect(errorOf(await inject('GET', '/api/auth/me', { cookie: sessionCookieOf(old.headers['set-cookie']) }))).toEqual(
        gate(401, 'unauthenticated'),
      )
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
        {
          id_hash: sha256Hex(sessionId),
          user_id: 1,
          csrf_token: body.csrfToken,
          created_at: START,
          expires_at: new Date(START.getTime() + 12 * HOUR),
        },
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
      expect(String(out.headers['set-cookie'])).toMatch(
        /^jangkau_session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/,
      )
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
      t.now = new Date(START.getTime() + 12 * HOUR - 1000)
      expect((await inject('GET', '/api/auth/me', user.headers)).statusCode).toBe(200)
      t.now = new Date(START.getTime() + 12 * HOUR)
      const expired = await inject('GET', '/api/auth/me', user.headers)
      expect(expired.statusCode).toBe(401)
      expect(expired.json()).toEqual({
        error: {
          code: 'session_expired',
          message: 'Sesi Anda telah berakhir; silakan masuk kembali. / Your session has expired; please sign in again.',
        },
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
        t.now = new Date(START.getTime() + i * 60_000)
        expect(errorOf(await login(user.user.email.toUpperCase(), `salah-${i}-kata-sandi`, attacker))).toEqual(
          gate(401, 'invalid_credentials'),
        )
      }
      // The attacker's address is locked out of this account, even with the right password.
      t.now = new Date(START.getTime() + 10 * 60_000)
      const locked = await login(user.user.email, TEST_PASSWORD, attacker)
      expect(errorOf(locked)).toEqual(gate(429, 'rate_limited'))
      // The oldest failure (at START) leaves the window at START + 15 min: 5 minutes from now.
      expect(locked.headers['retry-after']).toBe('300')
      for (let i = 0; i < 3; i++)
        expect(errorOf(await login(user.user.email, 'lagi-salah-sandi', attacker))).toEqual(gate(429, 'rate_limited'))
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

      t.now = new Date(START.getTime() + 15 * 60_000 + 1000)
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
      expect(errorOf(await login(user.user.email, TEST_PASSWORD, { 'x-forwarded-for': '2001:db8:7:8:ffff:1:2:3' }))).toEqual(
        gate(429, 'rate_limited'),
      )
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
        expect.objectContaining({
          actor_kind: 'user',
          actor_id: admin.user.id,
          actor_name: 'Admin Uji',
          action: 'update',
          before: expect.objectContaining({ email: user.user.email }),
        }),
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
      const csrf = {
        error: {
          code: 'csrf',
          message: 'Token CSRF tidak ada atau salah; muat ulang halaman. / The CSRF token is missing or wrong; reload the page.',
        },
      }
      const missing = await inject('POST', '/api/categories', { cookie: admin.headers.cookie }, body)
      expect(missing.statusCode).toBe(403)
      expect(missing.json()).toEqual(csrf)
      const wrong = await inject(
        'POST',
        '/api/categories',
        { cookie: admin.headers.cookie, 'x-csrf-token': wrongLastCharacter(admin.csrfToken) },
        body,
      )
      expect(wrong.json()).toEqual(csrf)
      // Another session's token does not fit this session.
      const other = await signIn(t.app, { role: 'admin' })
      expect(
        errorOf(await inject('POST', '/api/categories', { cookie: admin.headers.cookie, 'x-csrf-token': other.csrfToken }, body)),
      ).toEqual(gate(403, 'csrf'))
      expect(await t.app.db.selectFrom('categories').selectAll().execute()).toEqual([])
      const right = await inject('POST', '/api/categories', admin.headers, body)
      expect(right.statusCode).toBe(201)
      // Reads need no token.
      expect((await inject('GET', '/api/categories', { cookie: admin.headers.cookie })).statusCode).toBe(200)
    })
  })
})
