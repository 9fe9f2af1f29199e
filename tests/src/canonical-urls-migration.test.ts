import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { buildApp } from '@jangkau/server'
import { loadConfig } from '@jangkau/server/config.ts'
import { drainRollupQueue } from '@jangkau/server/queries/drain-rollup-queue.ts'
import { rebuildRollups } from '@jangkau/server/queries/rebuild-rollups.ts'
import { migrateToLatest, migrations } from '@jangkau/migrations'
import type { FastifyInstance } from 'fastify'
import { Kysely, PostgresDialect, sql } from 'kysely'
import { Migrator } from 'kysely/migration'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken } from './helpers/auth.ts'
import { createFreshDatabase, testDatabase } from './helpers/test-app.ts'

// Migration 2026-12-02-01-canonical-urls on a database the old code filled: one page stored as six
// articles (http, https, www., :443, upper-case host, trailing dot on an auto-created site), with
// counted views (some still waiting in rollup_queue), rollups, imported days and base views.

const PAGE = 'https://diskominfo.kaltimprov.go.id/berita/kim-kutim'
const VARIANTS = [
  'http://diskominfo.kaltimprov.go.id/berita/kim-kutim',
  'https://diskominfo.kaltimprov.go.id/berita/kim-kutim',
  'https://www.diskominfo.kaltimprov.go.id/berita/kim-kutim',
  'https://diskominfo.kaltimprov.go.id:443/berita/kim-kutim',
  'https://DISKOMINFO.KALTIMPROV.GO.ID/berita/kim-kutim',
  'https://diskominfo.kaltimprov.go.id./berita/kim-kutim',
]
const OTHER = 'https://diskominfo.kaltimprov.go.id/berita/lain'
const RENAMED = 'http://www.diskominfo.kaltimprov.go.id/berita/sendiri/'
const NOW = new Date('2026-03-10T04:00:00Z') // 12:00 WITA

/**
 * Kysely's Postgres dialect on a PGlite, through a one-connection pool of PGlite's own query method
 * (this package does not depend on kysely-pglite-dialect; the server does).
 */
function pgliteDialect(pglite: PGlite): PostgresDialect {
  const client = {
    query: async (text: string, params: unknown[]) => {
      const result = await pglite.query(text, params)
      return { rows: result.rows, rowCount: result.affectedRows ?? 0, command: text.trim().split(/\s/)[0]!.toUpperCase() }
    },
    release: () => {},
  }
  return new PostgresDialect({ pool: { connect: async () => client, end: async () => pglite.close() } as never })
}

describe(`migration to canonical article URLs on ${testDatabase}`, () => {
  let app: FastifyInstance
  let cleanup: () => Promise<void>
  let ids: Record<string, number>
  let siteIds: { plain: number; dotted: number }
  let categoryId: number

  beforeAll(async () => {
    const fresh = testDatabase === 'postgres' ? await createFreshDatabase() : undefined
    const pgliteDir = fresh ? undefined : await mkdtemp(join(tmpdir(), 'jangkau-canonical-'))
    const pglite = pgliteDir ? new PGlite(pgliteDir) : undefined
    const pool = fresh ? new pg.Pool({ connectionString: fresh.url }) : undefined
    const db = new Kysely<any>({ dialect: pglite ? pgliteDialect(pglite) : new PostgresDialect({ pool: pool! }) })

    // The database as the old code left it: migrated up to the migration before this one.
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
    const names = Object.keys(migrations)
    const previous = names[names.indexOf('2026-12-02-01-canonical-urls') - 1]!
    const migrated = await migrator.migrateTo(previous)
    expect(migrated.error).toBeUndefined()
    await db.updateTable('rollup_settings').set({ time_zone: 'Asia/Makassar' }).execute()
    categoryId = (
      await db.insertInto('categories').values({ slug: 'pemerintahan', name: 'Pemerintahan' }).returning('id').executeTakeFirstOrThrow()
    ).id
    // Open mode: ingest created a site per host, the one with a trailing dot too.
    siteIds = {
      plain: (
        await db
          .insertInto('sites')
          .values({ hostname: 'diskominfo.kaltimprov.go.id', name: 'a', auto_created: true })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
      dotted: (
        await db
          .insertInto('sites')
          .values({ hostname: 'diskominfo.kaltimprov.go.id.', name: 'b', auto_created: true })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    }

    /** One page view as the old insertPageViews stored it: article by raw key, raw view, queued. */
    const view = async (
      url: string,
      at: string,
      visitor: number,
      extra: { title?: string; region?: string; category?: number; referrer?: string; device?: string } = {},
    ) => {
      const site = url.includes('.go.id./') ? siteIds.dotted : siteIds.plain
      const article = await sql<{ id: number }>`
        insert into articles (site_id, url, title, region_code, category_id, views)
        values (${site}, ${url}, ${extra.title ?? null}, ${extra.region ?? null}, ${extra.category ?? null}, 1)
        on conflict (url) do update set views = articles.views + 1,
          title = coalesce(articles.title, excluded.title), region_code = coalesce(articles.region_code, excluded.region_code),
          category_id = coalesce(articles.category_id, excluded.category_id)
        returning id`.execute(db)
      const stored = await sql<{ id: string }>`
        insert into page_views (occurred_at, site_id, article_id, visitor_hash, referrer_host, device, browser)
        values (${at}::timestamptz, ${site}, ${article.rows[0]!.id}, ${visitor},
          ${extra.referrer ?? null}, ${extra.device ?? 'mobile'}, 'Chrome')
        returning id`.execute(db)
      await sql`insert into rollup_queue (page_view_id) values (${stored.rows[0]!.id})`.execute(db)
    }
    // Created in this order: the http article is the oldest and stays.
    await view(VARIANTS[0]!, '2026-03-09T01:00:00Z', 1, { referrer: 'www.google.com' })
    await view(VARIANTS[1]!, '2026-03-09T01:30:00Z', 1, { referrer: 'www.facebook.com' }) // the same reader, the same day
    await view(VARIANTS[2]!, '2026-03-09T02:00:00Z', 2, {
      title: 'Diskominfo Kaltim Lakukan Koordinasi',
      region: '64.08.01',
      category: categoryId,
    })
    await view(VARIANTS[3]!, '2026-03-10T01:00:00Z', 3, { device: 'desktop' })
    await view(VARIANTS[4]!, '2026-03-10T01:10:00Z', 2)
    await view(VARIANTS[5]!, '2026-03-10T02:00:00Z', 4, { referrer: 'wa.me' })
    await view(VARIANTS[0]!, '2026-03-10T02:30:00Z', 3)
    await view(OTHER, '2026-03-10T02:00:00Z', 9, { region: '64.08', category: categoryId })
    await view(RENAMED, '2026-03-10T02:00:00Z', 9)
    await drainRollupQueue(db)
    // Acknowledged but not counted into the rollups yet when the server stopped.
    await view(VARIANTS[2]!, '2026-03-10T03:00:00Z', 1)
    await view(VARIANTS[5]!, '2026-03-10T03:10:00Z', 5)

    const rows = await db.selectFrom('articles').select(['id', 'url']).execute()
    ids = Object.fromEntries(rows.map((r) => [r.url, r.id]))
    // The portal's history: base views and imported days on two of the variants.
    await db.updateTable('articles').set({ base_views: 100, imported_views: 15 }).where('id', '=', ids[VARIANTS[0]!]).execute()
    await db.updateTable('articles').set({ base_views: 20, imported_views: 7 }).where('id', '=', ids[VARIANTS[2]!]).execute()
    await db
      .insertInto('imported_daily_views')
      .values([
        { article_id: ids[VARIANTS[0]!], day: '2026-01-05', views: 10 },
        { article_id: ids[VARIANTS[0]!], day: '2026-01-06', views: 5 },
        { article_id: ids[VARIANTS[2]!], day: '2026-01-05', views: 7 },
      ])
      .execute()

    await migrateToLatest(db)
    await db.destroy()

    const config = {
      ...loadConfig({}),
      databaseUrl: fresh?.url,
      pgliteDir: pgliteDir ?? 'memory://',
      webDist: '/nonexistent',
      overload: { maxEventLoopDelayMs: 0, maxHeapMb: 0, maxInFlight: 0 },
      rollupDrainMs: 0,
    }
    app = await buildApp({ config, clock: () => NOW })
    cleanup = async () => {
      await app.close()
      await fresh?.drop()
      if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true })
    }
  })
  afterAll(async () => cleanup?.())

  const counter = async (url: string) => {
    const r = await app.inject({ method: 'GET', url: `/api/counter?url=${encodeURIComponent(url)}` })
    expect(r.statusCode).toBe(200)
    return r.json() as { url: string; views: number }
  }

  it('keeps the oldest article under the canonical URL, with everything the others had', async () => {
    const articles = await app.db.selectFrom('articles').selectAll().orderBy('id').execute()
    expect(articles.map((a) => [a.id, a.url])).toEqual([
      [ids[VARIANTS[0]!], PAGE],
      [ids[OTHER], OTHER],
      [ids[RENAMED], 'https://diskominfo.kaltimprov.go.id/berita/sendiri'],
    ])
    // 9 views of the page, counter sums; base views add up; imported days add up per day.
    // bigint: a string from pg, a number from PGlite.
    const survivor = {
      ...articles[0]!,
      views: Number(articles[0]!.views),
      base_views: Number(articles[0]!.base_views),
      imported_views: Number(articles[0]!.imported_views),
    }
    expect(survivor).toMatchObject({
      site_id: siteIds.plain,
      title: 'Diskominfo Kaltim Lakukan Koordinasi',
      region_code: '64.08.01',
      category_id: categoryId,
      views: 9,
      base_views: 120,
      imported_views: 22,
    })
    const days = await app.db
      .selectFrom('imported_daily_views')
      .select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'views', 'article_id'])
      .orderBy('day')
      .execute()
    expect(days).toEqual([
      { day: '2026-01-05', views: 17, article_id: ids[VARIANTS[0]!] },
      { day: '2026-01-06', views: 5, article_id: ids[VARIANTS[0]!] },
    ])
    const views = await app.db.selectFrom('page_views').select(['article_id', 'site_id']).execute()
    expect(views.filter((v) => v.article_id === ids[VARIANTS[0]!])).toHaveLength(9)
    expect(views.every((v) => v.site_id === siteIds.plain)).toBe(true)
    // The trailing-dot site joined the plain one.
    expect((await app.db.selectFrom('sites').select('hostname').execute()).map((s) => s.hostname)).toEqual(['diskominfo.kaltimprov.go.id'])
  })

  it('answers the sum under every old address: max(base, imported) + counted', async () => {
    for (const url of VARIANTS) expect(await counter(url)).toEqual({ url: PAGE, views: 120 + 9 })
    expect(await counter(RENAMED)).toEqual({ url: 'https://diskominfo.kaltimprov.go.id/berita/sendiri', views: 1 })
    expect((await counter(OTHER)).views).toBe(1)
  })

  it('leaves rollups that equal a recount, with each reader counted once per day', async () => {
    const viewer = await createApiToken(app, { role: 'viewer' })
    const stats = async (kind: string, query: string) => {
      const r = await app.inject({ method: 'GET', url: `/api/stats/${kind}?${query}`, headers: viewer.headers })
      expect(r.statusCode, r.body).toBe(200)
      return r.json()
    }
    const range = 'metrics=views,visitors&from=2026-03-09&to=2026-03-10'
    // 9 + 1 + 1 views; on 2026-03-09 readers 1 (twice, on two old addresses) and 2; on 03-10 readers 3, 2, 4, 1, 5.
    expect(await stats('summary', range)).toMatchObject({ views: 11, visitors: 2 + 5 + 1 + 1 })
    const byArticle = await stats('breakdown', `${range}&by=article`)
    expect(byArticle.rows.find((r: { views: number }) => r.views === 9)).toMatchObject({ visitors: 2 + 5 })
    const byRegion = await stats('breakdown', `${range}&by=region`)
    expect(byRegion.rows.map((r: { key: string; views: number }) => [r.key, r.views]).sort()).toEqual([
      ['', 1],
      ['64.08', 10],
    ])

    // What the migration left plus the drain of the views that waited, against a recount from page_views.
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {}
      for (const table of [
        'rollup_views',
        'rollup_referrers',
        'rollup_devices',
        'rollup_segment_views',
        'rollup_segment_referrers',
        'rollup_segment_devices',
        'rollup_hours',
        'rollup_visitors_seen',
      ]) {
        const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(app.db)
        out[table] = rows.rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).sort()
      }
      return out
    }
    await drainRollupQueue(app.db)
    const incremental = await snapshot()
    expect(incremental.rollup_views!.length).toBeGreaterThan(0)
    await rebuildRollups(app.db, { now: NOW })
    expect(incremental).toEqual(await snapshot())
  })

  it('writes one audit entry per merge, by the system', async () => {
    const entries = await app.db.selectFrom('audit_log').selectAll().orderBy('id').execute()
    const merges = entries.filter((e) => e.entity === 'article')
    expect(merges).toHaveLength(1)
    expect(merges[0]).toMatchObject({ actor_kind: null, actor_id: null, action: 'update', entity_id: String(ids[VARIANTS[0]!]) })
    const before = merges[0]!.before as { merged: { id: number; url: string; views: number }[] }
    expect(before.merged.map((m) => [m.url, m.views])).toEqual(VARIANTS.map((url) => [url, [2, 1, 2, 1, 1, 2][VARIANTS.indexOf(url)]]))
    expect(merges[0]!.after).toMatchObject({ id: ids[VARIANTS[0]!], url: PAGE, views: 9, baseViews: 120, importedViews: 22 })
    expect(entries.filter((e) => e.entity === 'site')).toMatchObject([
      { action: 'delete', entity_id: String(siteIds.dotted), actor_kind: null },
    ])
  })
})
