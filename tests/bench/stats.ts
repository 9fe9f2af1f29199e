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
 * BENCH_RAW_REPEAT (2), BENCH_EXPORT_ROWS.
 */
import { execFile, fork } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
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

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const VIEWS = Number(process.env.BENCH_VIEWS ?? 10_000_000)
const PGLITE_VIEWS = Number(process.env.BENCH_PGLITE_VIEWS ?? 1_000_000)
const REPEAT = Number(process.env.BENCH_REPEAT ?? 20)
const RAW_REPEAT = Number(process.env.BENCH_RAW_REPEAT ?? 2)
const EXPORT_ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000)
const ARTICLES = 20_000
const KIM_GROUPS = 300
const KIM_ACTIVITIES = 50_000
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
      { name: 'summary views,visitors +compare', days, raw: true, url: `/api/stats/summary?metrics=views,visitors&compare=previous&${range}` },
      { name: 'breakdown region +compare', days, raw: true, url: `/api/stats/breakdown?metrics=views,visitors&by=region&compare=previous&${range}` },
      { name: 'breakdown category, 2 regions', days, raw: false, url: `/api/stats/breakdown?metrics=views,visitors&by=category&region=64.08,64.02&${range}` },
      { name: 'breakdown article top 50', days, raw: true, url: `/api/stats/breakdown?metrics=views,visitors&by=article&limit=50&${range}` },
      { name: 'breakdown referrer', days, raw: false, url: `/api/stats/breakdown?metrics=views,visitors&by=referrer&${range}` },
      { name: `timeseries by ${bucket}`, days, raw: true, url: `/api/stats/timeseries?metrics=views,visitors&by=${bucket}&${range}` },
      { name: `timeseries by ${bucket}, split 3 regions`, days, raw: false, url: `/api/stats/timeseries?metrics=views&by=${bucket}&region=64.08,64.02,64.72&${range}` },
      { name: 'compare by month × region', days, raw: false, url: `/api/stats/compare?metrics=views,visitors&by=month&split=region&${range}` },
      { name: 'KIM summary by region', days, raw: false, url: `/api/stats/breakdown?metrics=kim_groups,kim_active,activities,participants,coverage&by=region&${range}` },
      { name: 'KIM activities by week', days, raw: false, url: `/api/stats/timeseries?metrics=activities,participants&by=week&${range}` },
    )
    if (days === 365) list.push({ name: 'timeseries by day', days, raw: false, url: `/api/stats/timeseries?metrics=views,visitors&by=day&${range}` })
  }
  list.push({ name: 'realtime', days: 0, raw: false, url: '/api/stats/realtime' })
  return list
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
const round = (ms: number) => (ms < 10 ? Math.round(ms * 10) / 10 : Math.round(ms))

async function time(app: FastifyInstance, url: string, headers: Record<string, string>, repeat: number, warmUp: number): Promise<{ p50: number; p95: number; body: unknown }> {
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
const comparable = (body: unknown) => JSON.stringify(body, (key, value) => (key === 'timeZone' || key === 'visitorsDefinition' ? undefined : value))

// ---------------------------------------------------------------------------------------------
// Data, generated in SQL.

const REGENCIES = ['64.01', '64.02', '64.03', '64.07', '64.08', '64.09', '64.11', '64.71', '64.72', '64.74']
/** Rough shares of the province's readers: Samarinda, Balikpapan and Kukar read most. */
const REGENCY_WEIGHTS = [6, 16, 6, 4, 8, 5, 2, 18, 25, 10]
const CATEGORIES = ['Pemerintahan', 'Kesehatan', 'Pendidikan', 'Ekonomi', 'Pariwisata', 'Infrastruktur', 'Sosial', 'Budaya', 'Olahraga', 'Lingkungan', 'Hukum', 'Teknologi']

/** One transaction, so that setseed holds for every statement: the same data on every run. */
export async function generate(db: Kysely<any>, views: number, end: Date): Promise<void> {
  await db.transaction().execute((trx) => generateIn(trx, views, end))
}

async function generateIn(db: Kysely<any>, views: number, end: Date): Promise<void> {
  const endIso = end.toISOString()
  await sql`select setseed(0.42)`.execute(db)
  await sql`insert into sites (hostname, name, region_code) values ('diskominfo.kaltimprov.go.id', 'Diskominfo Kaltim', null)`.execute(db)
  for (const code of REGENCIES) {
    await sql`insert into sites (hostname, name, region_code) select ${`portal-${code.replace('.', '-')}.go.id`}, 'Portal ' || name, code from regions where code = ${code}`.execute(db)
  }
  for (const name of CATEGORIES) await sql`insert into categories (slug, name) values (${name.toLowerCase()}, ${name})`.execute(db)
  // Articles: half from the province portal (about any regency, by weight), half from a regency's own
  // portal (about that regency); published evenly over two years.
  const cumulative = REGENCY_WEIGHTS.map((_, i) => REGENCY_WEIGHTS.slice(0, i + 1).reduce((a, b) => a + b, 0) / 100)
  await sql`
    insert into articles (site_id, url, title, category_id, region_code, author, published_at, views)
    select s.id, 'https://' || s.hostname || '/berita/' || x.g, 'Berita ' || x.g, 1 + floor(random() * 12)::int, x.region,
      'Penulis ' || (1 + floor(random() * 200)::int), ${endIso}::timestamptz - interval '730 days' + (x.g::float / ${ARTICLES}) * interval '730 days', 0
    from (
      select g, (${REGENCIES}::text[])[(select count(*) from unnest(${cumulative}::float8[]) c where c < r) + 1] as region, random() < 0.5 as province
      from (select g, random() as r from generate_series(1, ${ARTICLES}) g) q
    ) x
    join sites s on s.region_code is not distinct from case when x.province then null else x.region end`.execute(db)
  // Views: an article's popularity is heavy-tailed and independent of its date; a view comes soon after
  // publication (80 %: exponential, mean 2 days) or any time later (20 %). A visit has 1 to 3 views.
  const visits = Math.ceil(views / 1.3)
  await sql`
    insert into page_views (occurred_at, site_id, article_id, visitor_hash, referrer_host, device, browser)
    select least(v.first_at + (n - 1) * interval '3 minutes', ${endIso}::timestamptz - interval '1 second'), a.site_id, a.id, v.visitor, v.referrer, v.device, v.browser
    from (
      select 1 + ((floor(${ARTICLES} * power(random(), 3))::bigint * 7919) % ${ARTICLES})::int as article,
        random() as age, random() as tail, (random() * 4e15)::bigint as visitor,
        (array[null, null, null, null, 'google.com', 'google.com', 'google.com', 'facebook.com', 'facebook.com', 'wa.me', 't.co', 'instagram.com', 'kaltimprov.go.id', 'bing.com'])[1 + floor(random() * 14)::int] as referrer,
        (array['mobile', 'mobile', 'mobile', 'mobile', 'desktop', 'desktop', 'tablet'])[1 + floor(random() * 7)::int] as device,
        (array['Chrome', 'Chrome', 'Chrome', 'Safari', 'Samsung Browser', 'Firefox'])[1 + floor(random() * 6)::int] as browser,
        1 + (random() < 0.25)::int + (random() < 0.05)::int as pages
      from generate_series(1, ${visits})
    ) r
    join articles a on a.id = r.article
    cross join lateral (
      select a.published_at + least(
        case when r.tail < 0.8 then -ln(1 - r.age) * 2 else r.age * 365 end * interval '1 day',
        (${endIso}::timestamptz - a.published_at) * r.age) as first_at,
        r.visitor, r.referrer, r.device, r.browser
    ) v
    cross join generate_series(1, r.pages) as n
    order by 1
    limit ${views}`.execute(db)
  await sql`update articles a set views = c.n from (select article_id, count(*) as n from page_views group by 1) c where c.article_id = a.id`.execute(db)

  // KIM: 300 groups in random villages, formed 2020–2025, some dormant or disbanded since; 50,000 activities.
  await sql`
    insert into kim_groups (name, village_code, district_code, region_code, status, status_since, formed_on)
    select 'KIM ' || r.name, r.code, left(r.code, 8), left(r.code, 5), 'aktif', d, d
    from (select code, name, timestamp '2020-01-01' + random() * interval '2000 days' as d from regions where level = 'desa' order by random() limit ${KIM_GROUPS}) r`.execute(db)
  await sql`insert into kim_status_changes (group_id, status, changed_on) select id, 'aktif', formed_on from kim_groups`.execute(db)
  await sql`
    insert into kim_status_changes (group_id, status, changed_on)
    select id, case when random() < 0.25 then 'bubar' else 'vakum' end, formed_on + (random() * (current_date - formed_on))::int
    from kim_groups where random() < 0.4`.execute(db)
  await sql`
    update kim_groups g set status = s.status, status_since = s.changed_on
    from (select distinct on (group_id) group_id, status, changed_on from kim_status_changes order by group_id, changed_on desc, id desc) s
    where s.group_id = g.id`.execute(db)
  await sql`
    insert into kim_activities (group_id, type, title, date, participants, content_items)
    select 1 + floor(random() * ${KIM_GROUPS})::int,
      (array['sosialisasi', 'bimtek', 'pelatihan', 'produksi_konten', 'rapat_koordinasi', 'pembinaan', 'monev', 'lomba', 'lainnya'])[1 + floor(random() * 9)::int],
      'Kegiatan ' || g, (${endIso}::timestamptz at time zone 'Asia/Makassar')::date - floor(random() * 730)::int, 5 + floor(random() * 55)::int, floor(random() * 5)::int
    from generate_series(1, ${KIM_ACTIVITIES}) g`.execute(db)
}

// ---------------------------------------------------------------------------------------------

interface Measured {
  database: string
  views: number
  loadSeconds: number
  rebuildSeconds: number
  rows: { name: string; days: number; p50: number; p95: number; rawP50?: number; rawP95?: number; same?: boolean }[]
  export?: { heapLimitMb: number | null; rows: number; seconds: number; rowsPerSecond: number; rssGrowthMb: number }[]
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
  const bulk = database ? new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) }) }) : undefined
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
        (select count(*) from rollup_views where grain = 'day') as days, (select count(*) from rollup_views where grain = 'month') as months`.execute(db)
    console.log(`  page_views ${Number(counts.rows[0]!.views).toLocaleString('en')}, rollup_views day rows ${Number(counts.rows[0]!.days).toLocaleString('en')}, month rows ${Number(counts.rows[0]!.months).toLocaleString('en')}`)

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
      const raw = row.rawP50 === undefined ? '' : `   raw GROUP BY p50 ${round(row.rawP50)} ms (×${Math.round(row.rawP50 / row.p50)})${row.same ? '' : '  ANSWERS DIFFER'}`
      console.log(`  ${c.days ? `${c.days} d`.padStart(5) : '  now'}  ${c.name.padEnd(38)} p50 ${String(round(row.p50)).padStart(5)} ms  p95 ${String(round(row.p95)).padStart(5)} ms${raw}`)
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

/**
 * The raw export of the last days holding EXPORT_ROWS views, over HTTP, from the real app in its own
 * process (bench/serve.ts), so that its memory is the server's alone: once with Node's default heap
 * limit and once with `--max-old-space-size=256`, a container-sized limit. The client (counting lines)
 * is a third process. RSS is read from /proc every 20 ms.
 */
export async function measureExport(app: FastifyInstance, databaseUrl: string, headers: Record<string, string>, today: string): Promise<NonNullable<Measured['export']>> {
  // Views per day from the rollups (a full count of page_views would itself take seconds).
  const perDay = await sql<{ day: string; n: string }>`
    select to_char(period, 'YYYY-MM-DD') as day, sum(views) as n from rollup_segment_views
    where grain = 'day' group by 1 order by 1 desc`.execute(app.db)
  let from = today
  let expected = 0
  for (const r of perDay.rows) {
    if (expected >= EXPORT_ROWS) break
    from = r.day
    expected += Number(r.n)
  }
  const results: NonNullable<Measured['export']> = []
  for (const heap of [null, 256]) {
    const server = fork(join(import.meta.dirname, 'serve.ts'), ['app'], {
      cwd: join(import.meta.dirname, '..'),
      execArgv: ['--import', 'tsx', ...(heap ? [`--max-old-space-size=${heap}`] : [])],
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    try {
      const port = await new Promise<number>((resolve, reject) => {
        server.on('message', (m: { type: string; port?: number }) => m.type === 'listening' && resolve(m.port!))
        server.once('exit', (code) => reject(new Error(`server exited (${code})`)))
      })
      await new Promise((r) => setTimeout(r, 1000))
      const baseline = rssOf(server.pid!)
      let peak = baseline
      const sampler = setInterval(() => (peak = Math.max(peak, rssOf(server.pid!))), 20)
      const started = performance.now()
      const lines = await countLinesInChild(`http://127.0.0.1:${port}/api/export/page-views.csv?from=${from}&to=${today}`, headers)
      const seconds = (performance.now() - started) / 1000
      clearInterval(sampler)
      const rows = lines - 2 // the sep=; line and the header
      const result = { heapLimitMb: heap, rows, seconds, rowsPerSecond: rows / seconds, rssGrowthMb: (peak - baseline) / 1024 / 1024 }
      if (rows !== expected) console.log(`  export: expected ${expected} rows, got ${rows}`)
      console.log(
        `  export ${rows.toLocaleString('en')} rows (${from} … ${today}), ${heap ? `--max-old-space-size=${heap}` : 'default heap'}: ` +
          `${seconds.toFixed(1)} s, ${Math.round(result.rowsPerSecond).toLocaleString('en')} rows/s, peak RSS growth ${result.rssGrowthMb.toFixed(0)} MB`,
      )
      results.push(result)
    } finally {
      server.kill('SIGTERM')
      await new Promise((r) => server.once('exit', r))
    }
  }
  return results
}

/** Resident set size of a process in bytes (Linux /proc). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024
}

/** GETs `url` from a child Node process that counts the lines of the answer and prints the count. */
function countLinesInChild(url: string, headers: Record<string, string>): Promise<number> {
  const script = `
    const [url, headers] = [process.argv[1], JSON.parse(process.argv[2])]
    require('node:http').get(url, { headers }, (res) => {
      let n = 0
      res.on('data', (c) => { for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) n++ })
      res.on('end', () => console.log(res.statusCode === 200 ? n : -res.statusCode))
    })`
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script, url, JSON.stringify(headers)], { maxBuffer: 1024 * 1024 }, (error, stdout) => {
      if (error) reject(error)
      else resolve(Number(stdout.trim()))
    })
  })
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
    console.log(`  ${r.database} ${r.views.toLocaleString('en')} views: worst p95 ${round(worst.p95)} ms (${worst.name}, ${worst.days} d); ${over.length ? `${over.length} case(s) over ${goal} ms` : `all ≤ ${goal} ms`}`)
    if (r.rows.some((row) => row.same === false)) {
      console.log(`  ${r.database}: the raw GROUP BY answered differently`)
      process.exitCode = 1
    }
    for (const e of r.export ?? []) {
      const ok = e.rowsPerSecond >= GOALS.exportRowsPerSecond && e.rssGrowthMb <= GOALS.exportRssMb
      console.log(
        `  export (${e.heapLimitMb ? `heap ${e.heapLimitMb} MB` : 'default heap'}): ${Math.round(e.rowsPerSecond).toLocaleString('en')} rows/s, ${e.rssGrowthMb.toFixed(0)} MB ` +
          `(goal ≥ ${GOALS.exportRowsPerSecond.toLocaleString('en')} rows/s, ≤ ${GOALS.exportRssMb} MB): ${ok ? 'ok' : 'MISSED'}`,
      )
    }
  }
  console.log(`  total ${((performance.now() - started) / 60000).toFixed(1)} min`)
}
