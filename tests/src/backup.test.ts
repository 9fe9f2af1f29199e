import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '@jangkau/server'
import { loadConfig } from '@jangkau/server/config.ts'
import { backupDatabase, restoreDatabase } from '@jangkau/server/ops/backup.ts'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from './helpers/auth.ts'
import { BROWSER_UA, createFreshDatabase, createTestApp, readerUa, testDatabase, type TestApp } from './helpers/test-app.ts'

const PORTAL = 'https://diskominfo.kaltimprov.go.id'

/** Rows per table (every table of the app) and the dashboard's summary for the days of the views. */
async function fingerprint(app: FastifyInstance, headers: Record<string, string>) {
  // The views stored so far counted into the rollups (the background does it a moment after each 202).
  await app.rollups.catchUp()
  const { rows: tables } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name
  `.execute(app.db)
  const counts: Record<string, number> = {}
  for (const { table_name } of tables) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table_name)}`.execute(app.db)
    counts[table_name] = Number(rows[0]!.n)
  }
  const summary = await app.inject({
    method: 'GET',
    url: '/api/stats/summary?from=2026-03-01&to=2026-03-31&metrics=views,visitors,articles',
    headers,
  })
  expect(summary.statusCode).toBe(200)
  const counter = await app.inject({ method: 'GET', url: `/api/counter?url=${encodeURIComponent(`${PORTAL}/berita/0`)}` })
  return { counts, summary: summary.json() as unknown, counter: counter.json() as unknown }
}

/** Some of everything: views (articles, rollups, a salt), a category, an API token. */
async function fill(app: FastifyInstance): Promise<Record<string, string>> {
  for (let i = 0; i < 30; i++) {
    const r = await app.inject({
      method: 'POST',
      url: '/api/collect',
      headers: { 'user-agent': i % 3 ? readerUa(i) : BROWSER_UA },
      payload: { url: `${PORTAL}/berita/${i % 4}`, referrer: i % 2 ? 'https://www.google.com/' : undefined, meta: { region: '64.08' } },
    })
    expect(r.statusCode).toBe(202)
  }
  await app.db.insertInto('categories').values({ slug: 'pemerintahan', name: 'Pemerintahan' }).execute()
  return (await createApiToken(app, { role: 'admin' })).headers
}

const baseConfig = () => ({
  ...loadConfig({}),
  webDist: '/nonexistent',
  overload: { maxEventLoopDelayMs: 0, maxHeapMb: 0, maxInFlight: 0 },
})

/**
 * Issue 7 item 7: `pnpm db:backup` / `pnpm db:restore` (server/src/ops/backup.ts) on the database this
 * run tests. Back up, restore into a fresh database, and the restored server gives the same answers.
 */
describe(`backup and restore on ${testDatabase}`, () => {
  const now = new Date('2026-03-10T02:00:00Z')
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jangkau-backup-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('restores into a fresh database with identical row counts and the same stats', async () => {
    const file = join(dir, testDatabase === 'postgres' ? 'jangkau.dump' : 'jangkau.tar.gz')
    let original: Awaited<ReturnType<typeof fingerprint>>
    let restoredApp: FastifyInstance | undefined
    const cleanup: (() => Promise<void>)[] = []
    try {
      if (testDatabase === 'postgres') {
        // Online backup: pg_dump reads a snapshot while the server runs.
        const t: TestApp = await createTestApp({ clock: () => now })
        cleanup.push(() => t.close())
        const headers = await fill(t.app)
        original = await fingerprint(t.app, headers)
        await backupDatabase({ databaseUrl: t.databaseUrl, pgliteDir: '' }, file)
        const fresh = await createFreshDatabase()
        cleanup.push(() => fresh.drop())
        await restoreDatabase({ databaseUrl: fresh.url, pgliteDir: '' }, file)
        restoredApp = await buildApp({ config: { ...baseConfig(), databaseUrl: fresh.url }, clock: () => now })
        expect(await fingerprint(restoredApp, headers)).toEqual(original)
      } else {
        // PGlite is one process's database: the server is stopped for the backup.
        const source = join(dir, 'source')
        const target = join(dir, 'target')
        const app = await buildApp({ config: { ...baseConfig(), pgliteDir: source }, clock: () => now })
        const headers = await fill(app)
        original = await fingerprint(app, headers)
        await app.close()
        await backupDatabase({ databaseUrl: undefined, pgliteDir: source }, file)
        await restoreDatabase({ databaseUrl: undefined, pgliteDir: target }, file)
        restoredApp = await buildApp({ config: { ...baseConfig(), pgliteDir: target }, clock: () => now })
        expect(await fingerprint(restoredApp, headers)).toEqual(original)
      }
      expect(statSync(file).size).toBeGreaterThan(1000)
      expect(original.counts.page_views).toBe(30)
      expect(original.counter).toEqual({ url: `${PORTAL}/berita/0`, views: 8 })
    } finally {
      await restoredApp?.close()
      for (const step of cleanup.reverse()) await step()
    }
  })

  // Postgres restores in place, in one transaction; PGlite swaps directories.
  it.skipIf(testDatabase === 'postgres')('keeps the previous PGlite directory when restoring over it', async () => {
    const target = join(dir, 'over')
    const first = await buildApp({ config: { ...baseConfig(), pgliteDir: target }, clock: () => now })
    await first.close()
    const note = await restoreDatabase({ databaseUrl: undefined, pgliteDir: target }, join(dir, 'jangkau.tar.gz'))
    expect(note).toMatch(/previous data directory is kept as .*over\.before-restore-\d{8}T\d{6}Z/)
    const restored = await buildApp({ config: { ...baseConfig(), pgliteDir: target }, clock: () => now })
    const { rows } = await sql<{ n: string }>`select count(*) as n from page_views`.execute(restored.db)
    await restored.close()
    expect(Number(rows[0]!.n)).toBe(30)
  })
})
