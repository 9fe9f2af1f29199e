/**
 * `pnpm bench stats`: how fast the stats API answers from rollups, against the same answers computed
 * with a GROUP BY over raw page_views, and how fast the raw CSV export streams.
 *
 * 1. Postgres: BENCH_VIEWS page views (10,000,000) over two years for 20,000 articles of 11 sites across
 *    the ten regencies and 12 categories, 300 KIM groups and 50,000 activities, generated in SQL
 *    (insert … select from generate_series), then rebuildRollups() and ANALYZE.
 * 2. Every stats endpoint for 7-, 30- and 365-day ranges ending today: BENCH_REPEAT timed calls each
 *    (after two warm-up calls), p50 and p95, through app.inject (Fastify, validation, SQL, shaping,
 *    JSON). Four page-view cases per range are also asked with tz=Asia/Singapore: the same UTC+8 days
 *    as WITA, but not the rollups' zone, so the server answers from a GROUP BY over raw page_views
 *    (the raw path of server/src/stats/sql/page-views.ts), BENCH_RAW_REPEAT times. The answers must be identical; the ratio of
 *    the medians is what the rollups buy.
 * 3. The raw CSV export of BENCH_EXPORT_ROWS (1,000,000) rows over real HTTP from the app in its own
 *    process: rows per second and the server's peak RSS growth while streaming, with Node's default
 *    heap limit and with --max-old-space-size=256.
 * 4. PGlite with BENCH_PGLITE_VIEWS (1,000,000; 0 skips) page views: the same endpoint cases.
 *
 * Goals (issue 4): p95 ≤ 100 ms at 10M on Postgres, ≤ 300 ms at 1M on PGlite; export ≥ 200,000 rows/s
 * with ≤ 64 MB growth. Settings: BENCH_DATABASE_URL, BENCH_VIEWS, BENCH_PGLITE_VIEWS, BENCH_REPEAT (20),
 * BENCH_RAW_REPEAT (2), BENCH_EXPORT_ROWS. The data: stats-data.ts; the export: stats-export.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { buildApp } from '@jangkau/server'
import { loadConfig } from '@jangkau/server/config.ts'
import { rebuildRollups } from '@jangkau/server/queries/rebuild-rollups.ts'
import { dayIn, addDays } from '@jangkau/shared'
import { signIn } from '../src/helpers/auth.ts'
import { createBenchDatabase } from './child-server.ts'
import { generate } from './stats-data.ts'
import { EXPORT_ROWS, type ExportMeasured, measureExport } from './stats-export.ts'

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const VIEWS = Number(process.env.BENCH_VIEWS ?? 10_000_000)
const PGLITE_VIEWS = Number(process.env.BENCH_PGLITE_VIEWS ?? 1_000_000)
const REPEAT = Number(process.env.BENCH_REPEAT ?? 20)
const RAW_REPEAT = Number(process.env.BENCH_RAW_REPEAT ?? 2)
const GOALS = { postgres: 100, pglite: 300, exportRowsPerSecond: 200_000, exportRssMb: 64 }

interface Case {
  name: string
  days: number
  url: string
  /** Page-view cases are also timed on the raw path (tz=Asia/Singapore). */
  raw: boolean
}

/** Every endpoint for each range; `days` ranges end today (WITA). */
function cases(today: string): Case[] {
  const list: Case[] = []
  for (const days of [7, 30, 365]) {
    const range = `from=${addDays(today, -(days - 1))}&to=${today}`
    const bucket = days === 365 ? 'week' : 'day'
    list.push(
      {
        name: 'summary views,visitors +compare',
        days,
        raw: true,
        url: `/api/stats/summary?metrics=views,visitors&compare=previous&${range}`,
      },
      {
        name: 'breakdown region +compare',
        days,
        raw: true,
        url: `/api/stats/breakdown?metrics=views,visitors&by=region&compare=previous&${range}`,
      },
      {
        name: 'breakdown category, 2 regions',
        days,
        raw: false,
        url: `/api/stats/breakdown?metrics=views,visitors&by=category&region=64.08,64.02&${range}`,
      },
      {
        name: 'breakdown article top 50',
        days,
        raw: true,
        url: `/api/stats/breakdown?metrics=views,visitors&by=article&limit=50&${range}`,
      },
      { name: 'breakdown referrer', days, raw: false, url: `/api/stats/breakdown?metrics=views,visitors&by=referrer&${range}` },
      { name: `timeseries by ${bucket}`, days, raw: true, url: `/api/stats/timeseries?metrics=views,visitors&by=${bucket}&${range}` },
      {
        name: `timeseries by ${bucket}, split 3 regions`,
        days,
        raw: false,
        url: `/api/stats/timeseries?metrics=views&by=${bucket}&region=64.08,64.02,64.72&${range}`,
      },
      {
        name: 'compare by month × region',
        days,
        raw: false,
        url: `/api/stats/compare?metrics=views,visitors&by=month&split=region&${range}`,
      },
      {
        name: 'KIM summary by region',
        days,
        raw: false,
        url: `/api/stats/breakdown?metrics=kim_groups,kim_active,activities,participants,coverage&by=region&${range}`,
      },
      { name: 'KIM activities by week', days, raw: false, url: `/api/stats/timeseries?metrics=activities,participants&by=week&${range}` },
    )
    if (days === 365)
      list.push({ name: 'timeseries by day', days, raw: false, url: `/api/stats/timeseries?metrics=views,visitors&by=day&${range}` })
  }
  list.push({ name: 'realtime', days: 0, raw: false, url: '/api/stats/realtime' })
  return list
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
const round = (ms: number) => (ms < 10 ? Math.round(ms * 10) / 10 : Math.round(ms))

async function time(
  app: FastifyInstance,
  url: string,
  headers: Record<string, string>,
  repeat: number,
  warmUp: number,
): Promise<{ p50: number; p95: number; body: unknown }> {
  let body: unknown
  for (let i = 0; i < warmUp; i++) body = (await app.inject({ url, headers })).json()
  const samples: number[] = []
  for (let i = 0; i < repeat; i++) {
    const start = performance.now()
    const r = await app.inject({ url, headers })
    samples.push(performance.now() - start)
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`)
    body = r.json()
  }
  samples.sort((a, b) => a - b)
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), body }
}

/** The answer without what differs between the rollup and the raw path by design (zone name). */
const comparable = (body: unknown) =>
  JSON.stringify(body, (key, value) => (key === 'timeZone' || key === 'visitorsDefinition' ? undefined : value))

// ---------------------------------------------------------------------------------------------

interface Measured {
  database: string
  views: number
  loadSeconds: number
  rebuildSeconds: number
  rows: { name: string; days: number; p50: number; p95: number; rawP50?: number; rawP95?: number; same?: boolean }[]
  export?: ExportMeasured[]
}

async function measureDatabase(kind: 'postgres' | 'pglite', views: number): Promise<Measured> {
  const end = new Date()
  const today = dayIn(end, 'Asia/Makassar')
  const database = kind === 'postgres' ? await createBenchDatabase(DATABASE_URL) : undefined
  const pgliteDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'jangkau-bench-')) : undefined
  const config = { ...loadConfig({}), databaseUrl: database?.url, pgliteDir: pgliteDir ?? 'memory://', webDist: '/nonexistent' }
  const app = await buildApp({ config, clock: () => end })
  // Bulk statements run for minutes: on Postgres they get their own connection without the app
  // pool's 30 s query timeout.
  const bulk = database
    ? new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }) })
    : undefined
  try {
    const db = app.db as unknown as Kysely<any>
    let started = performance.now()
    process.stdout.write(`${kind}: generating ${views.toLocaleString('en')} page views… `)
    await generate(bulk ?? db, views, end)
    const loadSeconds = (performance.now() - started) / 1000
    process.stdout.write(`${loadSeconds.toFixed(0)} s; rebuilding rollups… `)
    started = performance.now()
    await rebuildRollups(app.db, { now: end })
    const rebuildSeconds = (performance.now() - started) / 1000
    if (bulk) await sql`vacuum analyze`.execute(bulk)
    console.log(`${rebuildSeconds.toFixed(0)} s`)
    const counts = await sql<{ views: string; days: string; months: string }>`
      select (select count(*) from page_views) as views,
        (select count(*) from rollup_views where grain = 'day') as days,
        (select count(*) from rollup_views where grain = 'month') as months`.execute(db)
    console.log(
      `  page_views ${Number(counts.rows[0]!.views).toLocaleString('en')}, ` +
        `rollup_views day rows ${Number(counts.rows[0]!.days).toLocaleString('en')}, ` +
        `month rows ${Number(counts.rows[0]!.months).toLocaleString('en')}`,
    )

    app.ingest.catalog.invalidate()
    const { headers } = await signIn(app, { role: 'viewer' })
    const measured: Measured = { database: kind, views, loadSeconds, rebuildSeconds, rows: [] }
    for (const c of cases(today)) {
      const fast = await time(app, c.url, headers, REPEAT, 2)
      const row: Measured['rows'][number] = { name: c.name, days: c.days, p50: fast.p50, p95: fast.p95 }
      if (c.raw) {
        // No warm-up: a raw GROUP BY takes seconds at 10M, and its cost is the scan, not a cold cache.
        const slow = await time(app, `${c.url}&tz=Asia/Singapore`, headers, RAW_REPEAT, 0)
        row.rawP50 = slow.p50
        row.rawP95 = slow.p95
        row.same = comparable(fast.body) === comparable(slow.body)
      }
      measured.rows.push(row)
      const raw =
        row.rawP50 === undefined
          ? ''
          : `   raw GROUP BY p50 ${round(row.rawP50)} ms (×${Math.round(row.rawP50 / row.p50)})${row.same ? '' : '  ANSWERS DIFFER'}`
      console.log(
        `  ${c.days ? `${c.days} d`.padStart(5) : '  now'}  ${c.name.padEnd(38)} ` +
          `p50 ${String(round(row.p50)).padStart(5)} ms  p95 ${String(round(row.p95)).padStart(5)} ms${raw}`,
      )
    }
    if (database && EXPORT_ROWS > 0) measured.export = await measureExport(app, database.url, headers, today)
    return measured
  } finally {
    await bulk?.destroy()
    await app.close()
    await database?.drop()
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true })
  }
}
export default async function statsBenchmark(): Promise<void> {
  const started = performance.now()
  const results: Measured[] = []
  results.push(await measureDatabase('postgres', VIEWS))
  if (PGLITE_VIEWS > 0) results.push(await measureDatabase('pglite', PGLITE_VIEWS))

  console.log('\nchecks:')
  for (const r of results) {
    const goal = r.database === 'postgres' ? GOALS.postgres : GOALS.pglite
    const worst = r.rows.reduce((a, b) => (b.p95 > a.p95 ? b : a))
    const over = r.rows.filter((row) => row.p95 > goal)
    console.log(
      `  ${r.database} ${r.views.toLocaleString('en')} views: worst p95 ${round(worst.p95)} ms (${worst.name}, ${worst.days} d); ` +
        `${over.length ? `${over.length} case(s) over ${goal} ms` : `all ≤ ${goal} ms`}`,
    )
    if (r.rows.some((row) => row.same === false)) {
      console.log(`  ${r.database}: the raw GROUP BY answered differently`)
      process.exitCode = 1
    }
    for (const e of r.export ?? []) {
      const ok = e.rowsPerSecond >= GOALS.exportRowsPerSecond && e.rssGrowthMb <= GOALS.exportRssMb
      console.log(
        `  export (${e.heapLimitMb ? `heap ${e.heapLimitMb} MB` : 'default heap'}): ` +
          `${Math.round(e.rowsPerSecond).toLocaleString('en')} rows/s, ${e.rssGrowthMb.toFixed(0)} MB ` +
          `(goal ≥ ${GOALS.exportRowsPerSecond.toLocaleString('en')} rows/s, ≤ ${GOALS.exportRssMb} MB): ${ok ? 'ok' : 'MISSED'}`,
      )
    }
  }
  console.log(`  total ${((performance.now() - started) / 60000).toFixed(1)} min`)
}
