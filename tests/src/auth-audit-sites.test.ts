import { sha256Hex } from '@jangkau/server/auth/secrets.ts'
import { insertAuditEntry } from '@jangkau/server/queries/audit.ts'
import { describe, expect, it } from 'vitest'
import { accountsApp, gate } from './helpers/accounts.ts'
import { signIn } from './helpers/auth.ts'
import { BROWSER_UA, testDatabase } from './helpers/test-app.ts'

// Accounts, part 3: the audit log, sites and categories (sessions: auth-sessions.test.ts).

describe(`accounts, sessions and admin on ${testDatabase}`, () => {
  const t = accountsApp()
  const { inject, errorOf, auditRows } = t

  describe('audit log', () => {
    it('records who changed what with before and after, never a password hash or token secret', async () => {
      const admin = await signIn(t.app, { role: 'admin', name: 'Admin Uji' })
      await inject('POST', '/api/users', admin.headers, {
        email: 'v@kaltimprov.go.id',
        name: 'Viewer',
        password: 'viewer-sandi-1',
        role: 'viewer',
      })
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
      const viewer = {
        id: 2,
        email: 'v@kaltimprov.go.id',
        name: 'Viewer',
        role: 'viewer',
        regions: [],
        active: true,
        createdAt: expect.any(String),
      }
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
      expect(all.items.map((e: { action: string; entity: string }) => `${e.action} ${e.entity}`)).toEqual([
        'delete user',
        'create category',
      ])
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
      expect(
        (await inject('GET', '/api/audit?actor=user:1&entity=token', admin.headers)).json().items.map((e: { id: number }) => e.id),
      ).toEqual([3])
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
    const collect = (url: string) => inject('POST', '/api/collect', { 'user-agent': BROWSER_UA }, { url })
    const articleCount = async () =>
      Number(
        (
          await t.app.db
            .selectFrom('articles')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )

    it('manages sites, and ingest sees each change at once', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      const viewer = await signIn(t.app, { role: 'viewer' })
      const created = await inject('POST', '/api/sites', admin.headers, {
        hostname: 'kutaitimurkab.go.id',
        name: 'Pemkab Kutim',
        regionCode: '64.08',
      })
      expect(created.statusCode).toBe(201)
      const site = created.json()
      expect(site).toEqual({
        id: 1,
        hostname: 'kutaitimurkab.go.id',
        name: 'Pemkab Kutim',
        regionCode: '64.08',
        autoCreated: false,
        createdAt: expect.any(String),
        feedUrl: null,
        feedSync: { at: null, error: null, items: null },
      })
      expect((await inject('GET', '/api/sites', viewer.headers)).json()).toEqual({ items: [site], total: 1 })

      // Closed mode now: another host is dropped until the site is renamed to it.
      expect((await collect('https://beraukab.go.id/berita/1')).statusCode).toBe(202)
      expect(await articleCount()).toBe(0)
      const renamed = await inject('PATCH', '/api/sites/1', admin.headers, {
        hostname: 'beraukab.go.id',
        name: 'Pemkab Berau',
        regionCode: '64.03',
      })
      expect(renamed.json()).toEqual({ ...site, hostname: 'beraukab.go.id', name: 'Pemkab Berau', regionCode: '64.03' })
      expect((await collect('https://beraukab.go.id/berita/1')).statusCode).toBe(202)
      expect(await articleCount()).toBe(1)

      expect(errorOf(await inject('POST', '/api/sites', admin.headers, { hostname: 'beraukab.go.id', name: 'x' }))).toEqual(
        gate(409, 'hostname_taken'),
      )
      expect(errorOf(await inject('POST', '/api/sites', admin.headers, { hostname: 'Bad Host', name: 'x' }))).toEqual(
        gate(400, 'invalid_request'),
      )
      expect(
        errorOf(await inject('POST', '/api/sites', admin.headers, { hostname: 'a.id', name: 'x', regionCode: '64.08.12.2004' })),
      ).toEqual(gate(400, 'invalid_region'))
      expect(errorOf(await inject('POST', '/api/sites', viewer.headers, { hostname: 'a.id', name: 'x' }))).toEqual(gate(403, 'forbidden'))
      // The site has an article now: it cannot be deleted.
      expect(errorOf(await inject('DELETE', '/api/sites/1', admin.headers))).toEqual(gate(409, 'site_in_use'))
      const spare = (
        await inject('POST', '/api/sites', admin.headers, { hostname: 'kaltimprov.go.id', name: 'Pemprov', regionCode: '64' })
      ).json()
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
      expect((await inject('PATCH', `/api/sites/${auto.id}`, admin.headers, { regionCode: '64.72' })).json()).toMatchObject({
        autoCreated: false,
        regionCode: '64.72',
      })
    })

    it('manages categories, and ingest matches a new category at once', async () => {
      const admin = await signIn(t.app, { role: 'admin' })
      const operator = await signIn(t.app, { role: 'operator', regions: ['64.08'] })
      const created = await inject('POST', '/api/categories', admin.headers, { slug: 'pemerintahan', name: 'Pemerintahan' })
      expect(created.statusCode).toBe(201)
      expect(created.json()).toEqual({ id: 1, slug: 'pemerintahan', name: 'Pemerintahan', mapped: true })
      expect(errorOf(await inject('POST', '/api/categories', admin.headers, { slug: 'pemerintahan', name: 'Lain' }))).toEqual(
        gate(409, 'slug_taken'),
      )
      expect(errorOf(await inject('POST', '/api/categories', admin.headers, { slug: 'Bad Slug', name: 'x' }))).toEqual(
        gate(400, 'invalid_request'),
      )
      expect(errorOf(await inject('POST', '/api/categories', operator.headers, { slug: 'x', name: 'x' }))).toEqual(gate(403, 'forbidden'))
      expect((await inject('PATCH', '/api/categories/1', admin.headers, { name: 'Pemerintahan Daerah' })).json()).toEqual({
        id: 1,
        slug: 'pemerintahan',
        name: 'Pemerintahan Daerah',
        mapped: true,
      })
      // (A refused insert used up id 2 of the sequence.)
      const ekonomi = (await inject('POST', '/api/categories', admin.headers, { slug: 'ekonomi', name: 'Ekonomi' })).json()
      expect((await inject('GET', '/api/categories?limit=1', operator.headers)).json()).toEqual({
        items: [{ id: 3, slug: 'ekonomi', name: 'Ekonomi', mapped: true }],
        total: 2,
      })

      // An article in the category (through ingest, which must see the new name) blocks deletion.
      const r = await inject(
        'POST',
        '/api/collect',
        { 'user-agent': BROWSER_UA },
        { url: 'https://kaltimprov.go.id/berita/1', meta: { category: 'Pemerintahan Daerah' } },
      )
      expect(r.statusCode).toBe(202)
      expect(await t.app.db.selectFrom('articles').select('category_id').execute()).toEqual([{ category_id: 1 }])
      expect(errorOf(await inject('DELETE', '/api/categories/1', admin.headers))).toEqual(gate(409, 'category_in_use'))
      expect((await inject('DELETE', `/api/categories/${ekonomi.id}`, admin.headers)).statusCode).toBe(204)
      expect(errorOf(await inject('DELETE', `/api/categories/${ekonomi.id}`, admin.headers))).toEqual(gate(404, 'not_found'))
      expect((await inject('GET', '/api/categories', operator.headers)).json().total).toBe(1)
    })
  })
})
