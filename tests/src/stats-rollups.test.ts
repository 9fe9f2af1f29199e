import { prepareRollups } from '@jangkau/server/queries/prepare-rollups.ts'
import { pruneRollups } from '@jangkau/server/queries/prune-rollups.ts'
import { rebuildRollups } from '@jangkau/server/queries/rebuild-rollups.ts'
import { sql, type Kysely } from 'kysely'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { signIn } from './helpers/auth.ts'
import { rollupSnapshot, storeViews } from './helpers/page-views.ts'
import { EXAMPLE, statsApp, wita } from './helpers/stats-api.ts'
import { BROWSER_UA, createTestApp, testDatabase } from './helpers/test-app.ts'

// The rollups behind the stats API: queued while counting fails, moved with an article, pruned,
// recounted, read from a replica (the API itself: stats-views.test.ts).

describe(`stats API on ${testDatabase}`, () => {
  const t = statsApp()
  const { catalog, headers, get } = t

  describe('rollups', () => {
    it('keeps the views queued while counting them fails, answers no stats without them, and counts them once later', async () => {
      await storeViews(t.app, catalog, EXAMPLE.slice(0, 3))
      const before = await rollupSnapshot(t.app.db)
      const queued = async () => Number((await sql<{ n: string }>`select count(*) as n from rollup_queue`.execute(t.app.db)).rows[0]!.n)
      // Counting into the rollups fails (a bug, a broken table): the rollup insert raises.
      await sql`create function jangkau_test_fail() returns trigger language plpgsql
        as $$ begin raise exception 'simulated crash'; end $$`.execute(t.app.db)
      await sql`create trigger jangkau_test_fail before insert on rollup_devices for each row execute function jangkau_test_fail()`.execute(
        t.app.db,
      )
      try {
        // Ingest does not count: the view is stored, its counter right, and it is acknowledged.
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/collect',
          headers: { 'user-agent': BROWSER_UA },
          payload: { url: 'https://diskominfo.kaltimprov.go.id/berita/kim-kutim' },
        })
        expect(r.statusCode).toBe(202)
        const counter = await t.app.inject({ url: '/api/counter?url=https://diskominfo.kaltimprov.go.id/berita/kim-kutim' })
        expect(counter.json().views).toBe(2) // one of the example's, and this one
        await expect(storeViews(t.app, catalog, EXAMPLE.slice(3))).rejects.toThrow(/simulated crash/)
        // A stats answer without acknowledged views would be wrong: none is given.
        const stats = await t.app.inject({ url: '/api/stats/summary?metrics=views&from=2026-02-01&to=2026-03-31', headers })
        expect(stats.statusCode).toBe(500)
        expect(await queued()).toBe(1 + 4)
        expect(await rollupSnapshot(t.app.db)).toEqual(before)
      } finally {
        await sql`drop trigger jangkau_test_fail on rollup_devices`.execute(t.app.db)
        await sql`drop function jangkau_test_fail()`.execute(t.app.db)
      }
      const raw = await sql<{ n: string }>`select count(*) as n from page_views`.execute(t.app.db)
      expect(Number(raw.rows[0]!.n)).toBe(3 + 1 + 4)

      // The next read counts them, once.
      const feb = await get('/api/stats/summary?metrics=views,visitors&from=2026-02-01&to=2026-02-28')
      expect([feb.views, feb.visitors]).toEqual([4, 3])
      const march = await get('/api/stats/summary?metrics=views&from=2026-03-01&to=2026-03-31')
      expect(march.views).toBe(1)
      expect(await queued()).toBe(0)
      const incremental = await rollupSnapshot(t.app.db)
      await rebuildRollups(t.app.db)
      expect(await rollupSnapshot(t.app.db)).toEqual(incremental)
    })

    it.runIf(testDatabase === 'postgres')('loses nothing and counts nothing twice when a connection dies mid-transaction', async () => {
      // An app of its own without the background drain: only the stats request below drains.
      const own = await createTestApp({ config: { rollupDrainMs: 0 }, clock: () => t.now })
      const db = own.app.db
      // Counted through a connection of the test's own: right after a backend is killed, the app's pool
      // can still hand out the dead connection until its socket's close event has been handled.
      const count = async (table: 'page_views' | 'rollup_queue') =>
        Number((await killer.query(`select count(*) as n from ${table}`)).rows[0].n)
      const collect = () =>
        own.app.inject({
          method: 'POST',
          url: '/api/collect',
          headers: { 'user-agent': BROWSER_UA },
          payload: { url: 'https://diskominfo.kaltimprov.go.id/berita/mati' },
        })
      const killer = new pg.Client({ connectionString: own.databaseUrl })
      await killer.connect()
      await sql`create function jangkau_test_stall() returns trigger language plpgsql
        as $$ begin perform pg_sleep(30); return new; end $$`.execute(db)
      // Ends the backend sleeping in the trigger, then waits for the request's answer.
      const killSleeper = async (pending: Promise<{ statusCode: number }>) => {
        let killed = 0
        for (let i = 0; i < 100 && killed === 0; i++) {
          await new Promise((r) => setTimeout(r, 100))
          const r = await killer.query(
            `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'`,
          )
          killed = r.rowCount ?? 0
        }
        const answer = await pending
        // Let the app's pool see the killed connection close and drop it before it is used again.
        await new Promise((r) => setTimeout(r, 500))
        return { killed, answer }
      }
      try {
        // The ingest statement dies: nothing of the batch is stored, counted or queued.
        await sql`create trigger jangkau_test_stall before insert on rollup_queue
          for each row execute function jangkau_test_stall()`.execute(db)
        const ingest = await killSleeper(collect())
        expect(ingest.killed).toBe(1)
        expect(ingest.answer.statusCode).toBeGreaterThanOrEqual(500)
        // Through the test's own connection: the app's pool may not have noticed the dead one yet.
        await killer.query('drop trigger jangkau_test_stall on rollup_queue')
        expect([await count('page_views'), await count('rollup_queue')]).toEqual([0, 0])

        // A drain dies (the one a stats request runs first): the view it was counting stays queued.
        expect((await collect()).statusCode).toBe(202)
        await sql`create trigger jangkau_test_stall before insert on rollup_hours
          for each row execute function jangkau_test_stall()`.execute(db)
        const viewer = await signIn(own.app, { role: 'viewer' })
        const read = await killSleeper(
          own.app.inject({ url: '/api/stats/summary?metrics=views&from=2026-03-01&to=2026-03-31', headers: viewer.headers }),
        )
        expect(read.killed).toBe(1)
        expect(read.answer.statusCode).toBeGreaterThanOrEqual(500)
        await killer.query('drop trigger jangkau_test_stall on rollup_hours')
        expect(Object.values(await rollupSnapshot(db)).flat()).toEqual([])
        expect([await count('page_views'), await count('rollup_queue')]).toEqual([1, 1])

        // The next read counts it, once.
        const after = await own.app.inject({
          url: '/api/stats/summary?metrics=views&from=2026-03-01&to=2026-03-31',
          headers: viewer.headers,
        })
        expect(after.json().views).toBe(1)
        const incremental = await rollupSnapshot(db)
        await rebuildRollups(db)
        expect(await rollupSnapshot(db)).toEqual(incremental)
      } finally {
        await killer.end()
        await own.close()
      }
    })

    it('moves the history of an article when its region or category is corrected, and a rebuild agrees', async () => {
      await storeViews(t.app, catalog, EXAMPLE)
      const regions = async () =>
        (await get('/api/stats/breakdown?metrics=views,visitors&by=region&from=2026-01-01&to=2026-02-28')).rows.map(
          (r: { key: string; views: number; visitors: number }) => [r.key, r.views, r.visitors],
        )
      expect(await regions()).toEqual([
        ['64.08', 3, 2],
        ['64.02', 2, 1],
        ['64.72', 2, 2],
      ])
      // An admin says the Kukar article is about Kutai Timur, and the Samarinda one has no category.
      await sql`update articles set region_code = '64.08.12' where url like '%/berita/kukar'`.execute(t.app.db)
      await sql`update articles set category_id = null where url like '%/berita/samarinda'`.execute(t.app.db)
      expect(await regions()).toEqual([
        ['64.08', 5, 3],
        ['64.72', 2, 2],
      ])
      const categories = await get('/api/stats/breakdown?metrics=views&by=category&from=2026-01-01&to=2026-02-28')
      expect(categories.rows.map((r: { key: string; views: number }) => [r.key, r.views])).toEqual([
        ['pemerintahan', 3],
        ['', 2],
        ['pendidikan', 2],
      ])
      // A later view fills a category that was empty: the article's earlier views follow it.
      await storeViews(t.app, catalog, [{ at: wita('2026-02-02T09:00:00'), article: 1, visitor: 9 }])
      const after = await get('/api/stats/breakdown?metrics=views&by=category&from=2026-01-01&to=2026-02-28')
      expect(after.rows.map((r: { key: string; views: number }) => [r.key, r.views])).toEqual([
        ['kesehatan', 3],
        ['pemerintahan', 3],
        ['pendidikan', 2],
      ])
      const incremental = await rollupSnapshot(t.app.db)
      await rebuildRollups(t.app.db)
      expect(await rollupSnapshot(t.app.db)).toEqual(incremental)
    })

    it('prunes only what can no longer change, and keeps counting visitors right', async () => {
      t.now = wita('2026-02-01T12:00:00')
      await storeViews(t.app, catalog, EXAMPLE)
      await pruneRollups(t.app.db, t.now, 'Asia/Makassar')
      const seen = await sql<{
        day: string
      }>`select distinct to_char(day, 'YYYY-MM-DD') as day from rollup_visitors_seen order by 1`.execute(t.app.db)
      expect(seen.rows.map((r) => r.day)).toEqual(['2026-01-31', '2026-02-01'])
      const hours = await sql<{
        n: string
      }>`select count(*) as n from rollup_hours
        where hour < ${new Date(t.now.getTime() - 48 * 3600_000).toISOString()}::timestamptz`.execute(t.app.db)
      expect(Number(hours.rows[0]!.n)).toBe(0)
      // Reader 2 reads article 1 again the same day: still one visitor there.
      await storeViews(t.app, catalog, [{ at: wita('2026-02-01T11:30:00'), article: 1, visitor: 2 }])
      const feb = await get('/api/stats/summary?metrics=views,visitors&from=2026-02-01&to=2026-02-01')
      expect([feb.views, feb.visitors]).toEqual([5, 3])
    })

    it('recounts every rollup when the report time zone changes', async () => {
      await storeViews(t.app, catalog, EXAMPLE)
      const db = t.app.db as unknown as Kysely<any>
      const days = async () =>
        (
          await sql<{
            day: string
            views: number
          }>`select to_char(period, 'YYYY-MM-DD') as day, sum(views)::int as views from rollup_views
            where grain = 'day' group by 1 order by 1`.execute(db)
        ).rows
      expect(await days()).toEqual([
        { day: '2026-01-15', views: 2 },
        { day: '2026-01-31', views: 1 },
        { day: '2026-02-01', views: 4 },
      ])
      try {
        expect(await prepareRollups(t.app.db, 'UTC')).toBe(true)
        expect(await days()).toEqual([
          { day: '2026-01-15', views: 2 },
          { day: '2026-01-31', views: 2 },
          { day: '2026-02-01', views: 3 },
        ])
        expect(await prepareRollups(t.app.db, 'UTC')).toBe(false)
      } finally {
        await prepareRollups(t.app.db, 'Asia/Makassar')
      }
      expect((await days())[1]).toEqual({ day: '2026-01-31', views: 1 })
    })

    it('reads stats through readDb, which is the primary without a replica', async () => {
      expect(t.app.readDb).toBe(t.app.db)
    })

    it.runIf(testDatabase === 'postgres')('reads stats from DATABASE_REPLICA_URL on its own pool when it is set', async () => {
      // The "replica" is the same database here: what matters is the second pool and that reads use it.
      const { buildApp } = await import('@jangkau/server')
      const app = await buildApp({ config: { ...t.app.config, databaseReplicaUrl: t.databaseUrl } })
      try {
        expect(app.readDb).not.toBe(app.db)
        await storeViews(t.app, catalog, EXAMPLE.slice(0, 1))
        const viewer = await signIn(app, { role: 'viewer' })
        const r = await app.inject({ url: '/api/stats/summary?metrics=views&from=2026-01-15&to=2026-01-15', headers: viewer.headers })
        expect(r.json().views).toBe(1)
      } finally {
        await app.close()
      }
    })
  })
})
