import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { buildApp } from '@jangkau/server'
import { loadConfig, type Config } from '@jangkau/server/config.ts'
import type { Database } from '@jangkau/server/db/tables.ts'
import { addViewsToRollups } from '@jangkau/server/queries/add-views-to-rollups.ts'
import { drainRollupQueue } from '@jangkau/server/queries/drain-rollup-queue.ts'
import { lockRollups } from '@jangkau/server/queries/lock-rollups.ts'
import { rebuildRollups } from '@jangkau/server/queries/rebuild-rollups.ts'
import type { FastifyInstance } from 'fastify'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { signIn } from './helpers/auth.ts'
import { recountPageViews, rollupSnapshot } from './helpers/page-views.ts'
import { createFreshDatabase, createTestApp, readerUa, testDatabase, type TestApp } from './helpers/test-app.ts'

/*
 * Ingest answers 202 once a view and its article's counter are committed; the rollups count it later
 * (rollup_queue, drained in the background and before every stats read). These tests pin down what
 * that must not change: a stats answer includes every view acknowledged before it, and the rollups
 * end up equal to a recount from the raw rows, after failures and restarts too.
 */

const PORTAL = 'https://diskominfo.kaltimprov.go.id'
const NOW = new Date('2026-03-10T04:00:00Z')
const DAY = '2026-03-10'

const collect = (app: FastifyInstance, reader: number, article: number, meta?: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: '/api/collect',
    headers: { 'user-agent': readerUa(reader) },
    payload: { url: `${PORTAL}/berita/${article}`, referrer: reader % 3 ? `https://ref${reader % 3}.example/` : undefined, meta },
  })

const queued = async (db: Kysely<Database>) =>
  Number((await sql<{ n: string }>`select count(*) as n from rollup_queue`.execute(db)).rows[0]!.n)

/** The rollups as maintained must equal what rebuildRollups recounts from page_views. */
async function expectRollupsEqualRecount(db: Kysely<Database>): Promise<void> {
  const maintained = await rollupSnapshot(db)
  await rebuildRollups(db, { now: NOW })
  expect(await rollupSnapshot(db)).toEqual(maintained)
}

describe(`the rollup queue on ${testDatabase}`, () => {
  let t: TestApp
  let headers: Record<string, string>
  beforeAll(async () => {
    // No background drain: only a read (or start and stop) counts what is queued.
    t = await createTestApp({ config: { rollupDrainMs: 0 }, clock: () => NOW })
    headers = (await signIn(t.app, { role: 'viewer' })).headers
  })
  afterAll(async () => t?.close())
  beforeEach(async () => {
    await sql`truncate page_views, rollup_queue, articles, rollup_views, rollup_referrers, rollup_devices, rollup_segment_views,
      rollup_segment_referrers, rollup_segment_devices, rollup_hours,
      rollup_minutes, rollup_visitors_seen restart identity cascade`.execute(t.app.db)
  })

  it('answers stats with every view acknowledged before the request, right after a burst of 202s', async () => {
    const answers = await Promise.all(Array.from({ length: 120 }, (_, i) => collect(t.app, i % 30, i % 12)))
    expect(answers.map((a) => a.statusCode)).toEqual(Array(120).fill(202))
    // Acknowledged, and not yet in the rollups.
    expect(await queued(t.app.db)).toBe(120)
    expect(Object.values(await rollupSnapshot(t.app.db)).flat()).toEqual([])

    // Several reads at once: each sees everything.
    const reads = await Promise.all([
      t.app.inject({ url: `/api/stats/summary?metrics=views,visitors&from=${DAY}&to=${DAY}`, headers }),
      t.app.inject({ url: `/api/stats/breakdown?metrics=views,visitors&by=article&from=${DAY}&to=${DAY}&limit=50`, headers }),
      t.app.inject({ url: `/api/stats/breakdown?metrics=views,visitors&by=referrer&from=${DAY}&to=${DAY}`, headers }),
      t.app.inject({ url: '/api/stats/realtime', headers }),
    ])
    for (const r of reads) expect(r.statusCode, r.body).toBe(200)
    const [summary, byArticle, byReferrer, realtime] = reads.map((r) => r.json())
    const total = (await recountPageViews(t.app.db, { from: DAY, to: DAY, tz: 'Asia/Makassar' })).get('\u0000')!
    expect(total.views).toBe(120)
    expect({ views: summary.views, visitors: summary.visitors }).toEqual(total)
    const perArticle = await recountPageViews(t.app.db, { from: DAY, to: DAY, tz: 'Asia/Makassar', by: 'article' })
    expect(
      Object.fromEntries(
        byArticle.rows.map((r: { key: string; views: number; visitors: number }) => [r.key, { views: r.views, visitors: r.visitors }]),
      ),
    ).toEqual(Object.fromEntries([...perArticle].map(([key, counts]) => [key.split('\u0000')[0], counts])))
    const perReferrer = await recountPageViews(t.app.db, { from: DAY, to: DAY, tz: 'Asia/Makassar', by: 'referrer' })
    expect(
      Object.fromEntries(
        byReferrer.rows.map((r: { key: string; views: number; visitors: number }) => [r.key, { views: r.views, visitors: r.visitors }]),
      ),
    ).toEqual(Object.fromEntries([...perReferrer].map(([key, counts]) => [key.split('\u0000')[0], counts])))
    expect(realtime.views).toBe(120)
    expect(await queued(t.app.db)).toBe(0)
    await expectRollupsEqualRecount(t.app.db)
  })

  it('keeps every answer right while views arrive between reads', async () => {
    let acknowledged = 0
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => collect(t.app, round * 7 + i, i % 4)))
      acknowledged += answers.filter((a) => a.statusCode === 202).length
      const summary = await t.app.inject({ url: `/api/stats/summary?metrics=views&from=${DAY}&to=${DAY}`, headers })
      expect(summary.json().views).toBe(acknowledged)
    }
    expect(acknowledged).toBe(100)
    await expectRollupsEqualRecount(t.app.db)
  })

  it("counts in batches, each in its own transaction or all in the caller's, as a rebuild does", async () => {
    for (let i = 0; i < 20; i++) expect((await collect(t.app, i, i % 6)).statusCode).toBe(202)
    expect(await drainRollupQueue(t.app.db, { batch: 7 })).toBe(20)
    expect(await queued(t.app.db)).toBe(0)
    await expectRollupsEqualRecount(t.app.db)

    // What rebuildRollups does first: with page_views locked, count what waits, then recount.
    for (let i = 0; i < 15; i++) expect((await collect(t.app, i + 40, i % 4)).statusCode).toBe(202)
    await t.app.db.transaction().execute(async (trx) => {
      await sql`lock table page_views in share mode`.execute(trx)
      expect(await drainRollupQueue(trx, { batch: 4 })).toBe(15)
      expect(await queued(trx)).toBe(0)
      await rebuildRollups(trx, { now: NOW })
    })
    expect(await drainRollupQueue(t.app.db)).toBe(0)
    const summary = await t.app.inject({ url: `/api/stats/summary?metrics=views&from=${DAY}&to=${DAY}`, headers })
    expect(summary.json().views).toBe(35)
    await expectRollupsEqualRecount(t.app.db)
  })

  it('counts in the background without any read', async () => {
    const background = await createTestApp({ config: { rollupDrainMs: 20 }, clock: () => NOW })
    try {
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => collect(background.app, i, i % 5)))
      expect(answers.map((a) => a.statusCode)).toEqual(Array(30).fill(202))
      await vi.waitFor(async () => expect(await queued(background.app.db)).toBe(0), { timeout: 30_000, interval: 50 })
      const views = await sql<{ n: number }>`select sum(views)::int as n from rollup_views where grain = 'day'`.execute(background.app.db)
      expect(views.rows[0]!.n).toBe(30)
      await expectRollupsEqualRecount(background.app.db)
    } finally {
      await background.close()
    }
  })

  it.runIf(testDatabase === 'postgres')('moves an article to its new segment correctly while a drain is counting it', async () => {
    const category = await t.app.db
      .insertInto('categories')
      .values({ slug: 'pemerintahan', name: 'Pemerintahan' })
      .returning('id')
      .executeTakeFirstOrThrow()
    t.app.ingest.catalog.invalidate()
    const pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 })
    const other = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    try {
      // Article 1 without a category: one view counted, one queued.
      expect((await collect(t.app, 1, 1)).statusCode).toBe(202)
      await t.app.rollups.catchUp()
      expect((await collect(t.app, 2, 1)).statusCode).toBe(202)

      // A drain (another process) has counted the queued view into the old segment, not committed yet,
      // when a view tells the article's category (ingest fills it: the article moves segment).
      let moved: ReturnType<typeof collect> | undefined
      await other.transaction().execute(async (trx) => {
        await lockRollups(trx)
        expect(await addViewsToRollups(trx, 100)).toBe(1)
        moved = collect(t.app, 3, 1, { category: 'Pemerintahan' })
        // Committing only once the ingest statement waits for a lock.
        await vi.waitFor(
          async () => {
            const waiting = await sql<{ n: string }>`
              select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(other)
            expect(Number(waiting.rows[0]!.n)).toBe(1)
          },
          { timeout: 20_000, interval: 50 },
        )
      })
      expect((await moved!).statusCode).toBe(202)
      const article = await t.app.db
        .selectFrom('articles')
        .select('category_id')
        .where('url', '=', `${PORTAL}/berita/1`)
        .executeTakeFirstOrThrow()
      expect(article.category_id).toBe(category.id)

      const byCategory = await t.app.inject({
        url: `/api/stats/breakdown?metrics=views,visitors&by=category&from=${DAY}&to=${DAY}`,
        headers,
      })
      expect(byCategory.json().rows.map((r: { key: string; views: number; visitors: number }) => [r.key, r.views, r.visitors])).toEqual([
        ['pemerintahan', 3, 3],
      ])
      await expectRollupsEqualRecount(t.app.db)
    } finally {
      await other.destroy()
      await sql`truncate page_views, rollup_queue, articles, categories restart identity cascade`.execute(t.app.db)
      t.app.ingest.catalog.invalidate()
    }
  })
})

describe(`a restart with views still queued on ${testDatabase}`, () => {
  /** A database that outlives the apps built on it: a PGlite folder, or a Postgres database. */
  let database: { config: Partial<Config>; dropTrigger: (sql: string) => Promise<void>; remove: () => Promise<void> }
  beforeAll(async () => {
    if (testDatabase === 'postgres') {
      const fresh = await createFreshDatabase()
      database = {
        config: { databaseUrl: fresh.url },
        dropTrigger: async (statement) => {
          const client = new pg.Client({ connectionString: fresh.url })
          await client.connect()
          await client.query(statement)
          await client.end()
        },
        remove: fresh.drop,
      }
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'jangkau-queue-'))
      database = {
        config: { pgliteDir: dir },
        dropTrigger: async (statement) => {
          const db = new PGlite(dir)
          await db.exec(statement)
          await db.close()
        },
        remove: async () => rmSync(dir, { recursive: true, force: true }),
      }
    }
  })
  afterAll(async () => database?.remove())

  const start = () => {
    const defaults = loadConfig({})
    return buildApp({
      config: {
        ...defaults,
        pgliteDir: 'memory://',
        webDist: '/nonexistent',
        overload: { maxEventLoopDelayMs: 0, maxHeapMb: 0, maxInFlight: 0 },
        ingest: { ...defaults.ingest, maxWaitMs: undefined },
        rollupDrainMs: 0,
        ...database.config,
      },
      clock: () => NOW,
    })
  }

  it('counts at start what a process that died left queued, once', async () => {
    // The first process: some views counted (a read drained them), then more acknowledged only.
    const first = await start()
    const viewer = await signIn(first, { role: 'viewer' })
    for (let i = 0; i < 12; i++) expect((await collect(first, i, i % 3)).statusCode).toBe(202)
    expect(
      (await first.inject({ url: `/api/stats/summary?metrics=views&from=${DAY}&to=${DAY}`, headers: viewer.headers })).json().views,
    ).toBe(12)
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => collect(first, i + 5, i % 4)))
    expect(answers.map((a) => a.statusCode)).toEqual(Array(25).fill(202))
    expect(await queued(first.db)).toBe(25)
    // It dies before counting them: its last drain at shutdown fails.
    await sql`create function jangkau_test_fail() returns trigger language plpgsql
      as $$ begin raise exception 'simulated crash'; end $$`.execute(first.db)
    await sql`create trigger jangkau_test_fail before insert on rollup_minutes for each row execute function jangkau_test_fail()`.execute(
      first.db,
    )
    await first.close()
    await database.dropTrigger('drop trigger jangkau_test_fail on rollup_minutes; drop function jangkau_test_fail();')

    // The next process counts them while it starts, before any read.
    const second = await start()
    try {
      expect(await queued(second.db)).toBe(0)
      const raw = await sql<{ n: string }>`select count(*) as n from page_views`.execute(second.db)
      expect(Number(raw.rows[0]!.n)).toBe(37)
      const viewer2 = await signIn(second, { role: 'viewer' })
      const summary = await second.inject({
        url: `/api/stats/summary?metrics=views,visitors&from=${DAY}&to=${DAY}`,
        headers: viewer2.headers,
      })
      expect({ views: summary.json().views, visitors: summary.json().visitors }).toEqual(
        (await recountPageViews(second.db, { from: DAY, to: DAY, tz: 'Asia/Makassar' })).get('\u0000'),
      )
      await expectRollupsEqualRecount(second.db)
    } finally {
      await second.close()
    }
  })
})
