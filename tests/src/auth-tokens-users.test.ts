import { sha256Hex } from '@jangkau/server/auth/secrets.ts'
import { describe, expect, it } from 'vitest'
import { accountsApp, gate, HOUR, START } from './helpers/accounts.ts'
import { createApiToken, sessionCookieOf, signIn, TEST_PASSWORD } from './helpers/auth.ts'
import { testDatabase } from './helpers/test-app.ts'

// Accounts, part 2: API tokens and users (sessions: auth-sessions.test.ts).

describe(`accounts, sessions and admin on ${testDatabase}`, () => {
  const t = accountsApp()
  const { inject, login, errorOf } = t

  describe('API tokens', () => {
    it('creates a token shown once, stores its hash, lists it without secret, and revokes it', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      const created = await inject('POST', '/api/tokens', admin.headers, {
        name: 'Portal Kutim',
        role: 'operator',
        regions: ['64.08', '64.01'],
      })
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
      t.now = new Date(START.getTime() + HOUR)
      const bearer = { authorization: `Bearer ${token.token}` }
      expect((await inject('GET', '/api/sites', bearer)).statusCode).toBe(200)
      expect(errorOf(await inject('POST', '/api/categories', bearer, { slug: 'a', name: 'A' }))).toEqual(gate(403, 'forbidden'))
      const list = await inject('GET', '/api/tokens', admin.headers)
      const { token: _secret, ...listed } = token
      expect(list.json()).toEqual({ items: [{ ...listed, lastUsedAt: t.now.toISOString() }], total: 1 })
      expect(list.body).not.toContain(token.token)

      expect((await inject('DELETE', '/api/tokens/1', admin.headers)).statusCode).toBe(204)
      expect(errorOf(await inject('GET', '/api/sites', bearer))).toEqual(gate(401, 'unauthenticated'))
      expect(errorOf(await inject('DELETE', '/api/tokens/1', admin.headers))).toEqual(gate(404, 'not_found'))
      expect((await inject('GET', '/api/tokens', admin.headers)).json().items[0].revokedAt).toBe(t.now.toISOString())
    })

    it('lets an admin token write without CSRF and refuses wrong or malformed tokens', async () => {
      const admin = await createApiToken(t.app, { role: 'admin' })
      expect((await inject('POST', '/api/categories', admin.headers, { slug: 'ekonomi', name: 'Ekonomi' })).statusCode).toBe(201)
      for (const authorization of [`Bearer jk_${'A'.repeat(43)}`, 'Bearer', 'Basic YWRtaW46YWRtaW4=', `${admin.headers.authorization}x`]) {
        expect(errorOf(await inject('GET', '/api/sites', { authorization }))).toEqual(gate(401, 'unauthenticated'))
      }
      // A bad token is refused even when a valid session cookie comes along.
      const viewer = await signIn(t.app, { role: 'viewer' })
      expect(errorOf(await inject('GET', '/api/sites', { ...viewer.headers, authorization: 'Bearer nope' }))).toEqual(
        gate(401, 'unauthenticated'),
      )
    })

    it('stops an admin token when its creator is deactivated, then deleted: it creates no admin any more', async () => {
      const boss = await signIn(t.app, { role: 'admin' })
      const creator = await signIn(t.app, { role: 'admin' })
      const created = (await inject('POST', '/api/tokens', creator.headers, { name: 'Skrip', role: 'admin' })).json()
      const bearer = { authorization: `Bearer ${created.token}` }
      const newAdmin = (email: string) => ({ email, name: 'Admin Baru', password: 'admin-baru-sandi', role: 'admin' })
      expect((await inject('POST', '/api/users', bearer, newAdmin('satu@kaltimprov.go.id'))).statusCode).toBe(201)

      expect((await inject('PATCH', `/api/users/${creator.user.id}`, boss.headers, { active: false })).statusCode).toBe(200)
      expect(errorOf(await inject('POST', '/api/users', bearer, newAdmin('dua@kaltimprov.go.id')))).toEqual(
        gate(401, 'token_owner_inactive'),
      )
      expect(errorOf(await inject('GET', '/api/sites', bearer))).toEqual(gate(401, 'token_owner_inactive'))

      // Deleted: created_by is set null, and a token without a creator works for nobody.
      expect((await inject('DELETE', `/api/users/${creator.user.id}`, boss.headers)).statusCode).toBe(204)
      const refused = await inject('POST', '/api/users', bearer, newAdmin('tiga@kaltimprov.go.id'))
      expect(refused.json()).toEqual({
        error: {
          code: 'token_orphaned',
          message: 'Token API tidak berlaku lagi: pembuatnya sudah dihapus. / The API token no longer works: its creator was deleted.',
        },
      })
      expect(refused.statusCode).toBe(401)
      const emails = (await t.app.db.selectFrom('users').select('email').execute()).map((u) => u.email)
      expect(emails).toContain('satu@kaltimprov.go.id')
      expect(emails).not.toContain('dua@kaltimprov.go.id')
      expect(emails).not.toContain('tiga@kaltimprov.go.id')
      // The list says why: no creator.
      expect((await inject('GET', '/api/tokens', boss.headers)).json().items).toEqual([
        expect.objectContaining({ id: created.id, createdBy: null, revokedAt: null }),
      ])
    })

    it("stops a token whose creator is reactivated only when reactivated, and one made by a token with that token's creator", async () => {
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

    it("stops a token whose creator's role or regions no longer cover it", async () => {
      const boss = await signIn(t.app, { role: 'admin' })
      const creator = await signIn(t.app, { role: 'admin' })
      const make = async (body: object) => ({
        authorization: `Bearer ${(await inject('POST', '/api/tokens', creator.headers, body)).json().token}`,
      })
      const admin = await make({ name: 'A', role: 'admin' })
      const operator = await make({ name: 'O', role: 'operator', regions: ['64.08'] })
      const viewer = await make({ name: 'V', role: 'viewer' })
      const statuses = async () =>
        Promise.all(
          [admin, operator, viewer].map(async (h) => {
            const r = await inject('GET', '/api/sites', h)
            return r.statusCode === 200 ? 200 : errorOf(r).code
          }),
        )
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
      expect(errorOf(await inject('POST', '/api/tokens', admin.headers, { name: 'x', role: 'operator' }))).toEqual(
        gate(400, 'regions_required'),
      )
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

      expect(
        errorOf(
          await inject('POST', '/api/users', admin.headers, {
            email: 'OPERATOR.kutim@kutaitimurkab.go.id',
            name: 'x',
            password: 'long-enough-1',
            role: 'viewer',
          }),
        ),
      ).toEqual(gate(409, 'email_taken'))
      const viewer = (
        await inject('POST', '/api/users', admin.headers, {
          email: 'pimpinan@kaltimprov.go.id',
          name: 'Kepala Dinas',
          password: 'pimpinan-2026',
          role: 'viewer',
        })
      ).json()
      expect(viewer).toMatchObject({ email: 'pimpinan@kaltimprov.go.id', name: 'Kepala Dinas', role: 'viewer', regions: [], active: true })

      const page = await inject('GET', '/api/users?limit=2&offset=1', admin.headers)
      expect(page.json()).toEqual({ items: [operator, viewer], total: 3 })
      expect(page.body).not.toContain('scrypt')

      const patched = await inject('PATCH', '/api/users/2', admin.headers, { name: 'Operator Kutai Timur', regions: ['64.08', '64.03'] })
      expect(patched.json()).toEqual({ ...operator, name: 'Operator Kutai Timur', regions: ['64.03', '64.08'] })
      // Becoming a viewer drops the regions.
      expect((await inject('PATCH', '/api/users/2', admin.headers, { role: 'viewer' })).json()).toMatchObject({
        role: 'viewer',
        regions: [],
      })
      expect(errorOf(await inject('PATCH', '/api/users/2', admin.headers, { role: 'operator' }))).toEqual(gate(400, 'regions_required'))
      expect(errorOf(await inject('PATCH', '/api/users/2', admin.headers, { email: 'pimpinan@kaltimprov.go.id' }))).toEqual(
        gate(409, 'email_taken'),
      )
      expect(errorOf(await inject('PATCH', '/api/users/99', admin.headers, { name: 'x' }))).toEqual(gate(404, 'not_found'))
      expect(errorOf(await inject('PATCH', '/api/users/2', admin.headers, {}))).toEqual(gate(400, 'invalid_request'))

      expect((await inject('DELETE', `/api/users/${viewer.id}`, admin.headers)).statusCode).toBe(204)
      expect(errorOf(await inject('DELETE', `/api/users/${viewer.id}`, admin.headers))).toEqual(gate(404, 'not_found'))
      expect((await inject('GET', '/api/users', admin.headers)).json().total).toBe(2)
    })

    it('checks operator regions against the regions table (regency or city only)', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      const user = (regions: string[], role = 'operator') => ({
        email: `u${regions.join('')}${role}@x.id`,
        name: 'U',
        password: 'long-enough-1',
        role,
        regions,
      })
      expect(errorOf(await inject('POST', '/api/users', admin.headers, user(['64.99'])))).toEqual(gate(400, 'invalid_region'))
      expect(errorOf(await inject('POST', '/api/users', admin.headers, user(['64.08.12'])))).toEqual(gate(400, 'invalid_request'))
      expect(errorOf(await inject('POST', '/api/users', admin.headers, user([])))).toEqual(gate(400, 'regions_required'))
      expect(errorOf(await inject('POST', '/api/users', admin.headers, user(['64.08'], 'viewer')))).toEqual(
        gate(400, 'regions_not_allowed'),
      )
      expect((await inject('POST', '/api/users', admin.headers, user(['64.72', '64.71']))).json().regions).toEqual(['64.71', '64.72'])
    })

    it('enforces the password policy: at least 10 characters, not the email', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      const create = (email: string, password: string) =>
        inject('POST', '/api/users', admin.headers, { email, name: 'Uji', password, role: 'viewer' })
      expect((await create('a@kaltimprov.go.id', '123456789')).json()).toEqual({
        error: { code: 'weak_password', message: 'Kata sandi minimal 10 karakter. / The password must have at least 10 characters.' },
      })
      expect(errorOf(await create('panjang@kaltim.id', 'Panjang@Kaltim.id'))).toEqual(gate(400, 'weak_password'))
      expect(errorOf(await inject('PATCH', `/api/users/${admin.user.id}`, admin.headers, { password: 'short' }))).toEqual(
        gate(400, 'weak_password'),
      )
      expect((await create('b@kaltimprov.go.id', '1234567890')).statusCode).toBe(201)
      expect(await t.app.db.selectFrom('users').select('email').orderBy('id').execute()).toEqual([
        { email: admin.user.email },
        { email: 'b@kaltimprov.go.id' },
      ])
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
      expect(errorOf(await inject('PATCH', `/api/users/${admin.user.id}`, admin.headers, { role: 'viewer' }))).toEqual(
        gate(409, 'last_admin'),
      )
      expect(errorOf(await inject('PATCH', `/api/users/${admin.user.id}`, admin.headers, { active: false }))).toEqual(
        gate(409, 'last_admin'),
      )
      expect(errorOf(await inject('DELETE', `/api/users/${admin.user.id}`, admin.headers))).toEqual(gate(409, 'last_admin'))
      const second = await signIn(t.app, { role: 'admin' })
      expect((await inject('PATCH', `/api/users/${admin.user.id}`, second.headers, { role: 'viewer' })).statusCode).toBe(200)
      // Roles are read at each request: the demoted admin's session is now a viewer's.
      expect(errorOf(await inject('GET', '/api/users', admin.headers))).toEqual(gate(403, 'forbidden'))
    })
  })
})
