import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { DEMO_USERS } from '@jangkau/server/demo/catalog.ts'
import { buildApp } from '@jangkau/server'
import { loadConfig } from '@jangkau/server/config.ts'
import { demoBanner, demoLoginsWork, listenHost, loadDemoOnFirstStart, productionSignal } from '@jangkau/server/demo/first-start.ts'
import { hashPassword } from '@jangkau/server/auth/password.ts'
import { insertUser } from '@jangkau/server/queries/users.ts'
import { upsertArticles } from '@jangkau/server/queries/upsert-articles.ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { NOW } from './helpers/demo.ts'
import { freePort } from './helpers/own-postgres.ts'
import { startServerProcess } from './helpers/server-process.ts'
import { createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

// When the demo is loaded at start, and when not; where the server listens while a demo login works.

describe(`demo data guards on ${testDatabase}`, () => {
  it('loads nothing at start with JANGKAU_DEMO=0 or into a database with data of its own', async () => {
    const off = await createTestApp({ config: { demo: false } })
    try {
      expect(await loadDemoOnFirstStart(off.app)).toBeNull()
      await upsertArticles(off.app.db, [{ url: 'https://diskominfo.kaltimprov.go.id/index.php/berita/satu', siteId: await siteId(off) }])
      const own = await sql<{ n: string }>`select count(*) as n from articles`.execute(off.app.db)
      expect(Number(own.rows[0]!.n)).toBe(1)
      // Demo switched on again: the database now holds an article of its own, so still nothing.
      ;(off.app.config as { demo: boolean }).demo = true
      expect(await loadDemoOnFirstStart(off.app)).toBeNull()
      const after = await sql<{ articles: string; users: string; kim: string }>`
        select (select count(*) from articles) as articles, (select count(*) from users) as users, (select count(*) from kim_groups) as kim
      `.execute(off.app.db)
      expect(Object.values(after.rows[0]!).map(Number)).toEqual([1, 0, 0])
    } finally {
      await off.close()
    }
  })

  it('gives no demo where ADMIN_EMAIL, SITES or NODE_ENV=production says this is a real install', () => {
    expect(productionSignal(loadConfig({}))).toBeNull()
    expect(productionSignal(loadConfig({ NODE_ENV: 'development', JANGKAU_DEMO: '1' }))).toBeNull()
    expect(productionSignal(loadConfig({ NODE_ENV: 'production' }))).toBe('NODE_ENV=production')
    expect(productionSignal(loadConfig({ ADMIN_EMAIL: 'admin@kaltimprov.go.id' }))).toBe('ADMIN_EMAIL')
    expect(productionSignal(loadConfig({ SITES: 'diskominfo.kaltimprov.go.id' }))).toBe('SITES')
  })

  it('leaves an empty embedded database empty with NODE_ENV=production, and logs why and how to load the demo', async () => {
    const lines: string[] = []
    const stream = new Writable({
      write: (chunk, _encoding, done) => {
        lines.push(String(chunk))
        done()
      },
    })
    const app = await buildApp({
      config: { ...loadConfig({ NODE_ENV: 'production' }), pgliteDir: 'memory://', webDist: '/nonexistent' },
      logger: { level: 'info', stream },
    })
    try {
      expect(await loadDemoOnFirstStart(app)).toBeNull()
      const counts = await sql<{
        articles: string
        users: string
      }>`select (select count(*) from articles) as articles, (select count(*) from users) as users`.execute(app.db)
      expect(Object.values(counts.rows[0]!).map(Number)).toEqual([0, 0])
      expect(lines.join('')).toContain(
        'no demo data because NODE_ENV=production is set (a real install); to load it anyway: stop the server, then `pnpm db:seed-demo`',
      )
    } finally {
      await app.close()
    }
  })

  it('listens on loopback while a demo login works, unless HOST says otherwise', async () => {
    expect(listenHost(undefined, true)).toBe('127.0.0.1')
    expect(listenHost(undefined, false)).toBe('0.0.0.0')
    expect(listenHost('0.0.0.0', true)).toBe('0.0.0.0')
    expect(listenHost('10.1.2.3', false)).toBe('10.1.2.3')
    expect(loadConfig({ HOST: '' }).host).toBeUndefined()

    const t = await createTestApp({ clock: () => NOW })
    try {
      expect(await demoLoginsWork(t.app.db)).toBe(false)
      // The demo's accounts as loadDemoData makes them (without the rest of the data set).
      for (const u of DEMO_USERS)
        await insertUser(t.app.db, {
          email: u.email,
          name: u.name,
          passwordHash: await hashPassword(u.password),
          role: u.role,
          regions: u.regions,
        })
      expect(await demoLoginsWork(t.app.db)).toBe(true)
      // Each demo login stops working (password changed, or deactivated): then none works.
      const [admin, viewer, operator] = DEMO_USERS.map((u) => u.email)
      const otherHash = (await t.app.db.selectFrom('users').select('password_hash').where('email', '=', viewer!).executeTakeFirstOrThrow())
        .password_hash
      await t.app.db.updateTable('users').set({ password_hash: otherHash }).where('email', '=', admin!).execute()
      expect(await demoLoginsWork(t.app.db)).toBe(true)
      await t.app.db.updateTable('users').set({ active: false }).where('email', 'in', [viewer!, operator!]).execute()
      expect(await demoLoginsWork(t.app.db)).toBe(false)
    } finally {
      await t.close()
    }
  }, 180_000)

  // A real first start (the server process, PGlite in a fresh folder): the embedded database is on
  // this machine whatever TEST_DATABASE_URL says, so once is enough.
  it.runIf(testDatabase === 'pglite')(
    'binds to 127.0.0.1 only after a real first start with the demo; localhost still works',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'jangkau-first-start-'))
      const port = await freePort()
      const env = {
        HOST: '',
        PGLITE_DIR: dir,
        LOG_LEVEL: 'info',
        NODE_ENV: 'development',
        DATABASE_URL: '',
        ADMIN_EMAIL: '',
        SITES: '',
        JANGKAU_DEMO: '1',
      }
      // The demo loads before the server listens: about 15 s on two idle cores, far more on busy ones.
      const server = await startServerProcess(port, env, { readyWithinMs: 240_000 })
      try {
        const login = await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: DEMO_USERS[0]!.email, password: DEMO_USERS[0]!.password }),
        })
        expect(login.status).toBe(200)
        expect((await fetch(`http://localhost:${port}/healthz`)).status).toBe(200)
        const output = server.output()
        expect(output).toContain(`Server listening at http://127.0.0.1:${port}`)
        expect(output).not.toContain('0.0.0.0')
        expect(output).toContain('Demo logins (public passwords) still work: listening on 127.0.0.1 only')
        // From another interface of this machine (when it has one), nobody answers.
        const outside = Object.values(networkInterfaces())
          .flat()
          .find((a) => a && a.family === 'IPv4' && !a.internal)
        if (outside)
          await expect(fetch(`http://${outside.address}:${port}/healthz`, { signal: AbortSignal.timeout(5000) })).rejects.toThrow()
      } finally {
        server.kill('SIGTERM')
        await server.exited
        rmSync(dir, { recursive: true, force: true })
      }
    },
    300_000,
  )

  it('prints the URL and every demo login', () => {
    const text = demoBanner({ loadedNow: true, summary: '561 artikel' }, 'http://localhost:3000')
    expect(text).toContain('http://localhost:3000')
    for (const user of DEMO_USERS) expect(text).toMatch(new RegExp(`${user.email.replace('.', '\\.')}\\s+${user.password}`))
  })
})

async function siteId(t: TestApp): Promise<number> {
  const row = await t.app.db
    .insertInto('sites')
    .values({ hostname: 'diskominfo.kaltimprov.go.id', name: 'Diskominfo Kaltim', region_code: '64', auto_created: false })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}
