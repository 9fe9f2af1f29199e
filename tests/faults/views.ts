import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database } from '@jangkau/server/db/tables.ts'
import { rebuildRollups } from '@jangkau/server/queries/rebuild-rollups.ts'
import { readerUa } from '../src/helpers/test-app.ts'

/**
 * Page views whose referrer host is a unique marker ("<marker>.ref.test"), so that a test can tell
 * exactly which acknowledged views were stored, and how often.
 */
export const MARKER_DOMAIN = 'ref.test'

export type Answer = { kind: 'acknowledged' | 'refused'; status: number; ms: number } | { kind: 'unanswered'; ms: number }

/** POST /api/collect for one marked view; never throws. 'refused' is any answer but 202. */
export async function sendView(baseUrl: string, marker: string, reader: number, timeoutMs = 10_000): Promise<Answer> {
  const started = performance.now()
  try {
    const response = await fetch(`${baseUrl}/api/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': readerUa(reader) },
      body: JSON.stringify({ url: `https://portal.test/berita/${reader % 50}`, referrer: `https://${marker}.${MARKER_DOMAIN}/` }),
      signal: AbortSignal.timeout(timeoutMs),
    })
    await response.arrayBuffer()
    const ms = performance.now() - started
    return { kind: response.status === 202 ? 'acknowledged' : 'refused', status: response.status, ms }
  } catch {
    return { kind: 'unanswered', ms: performance.now() - started }
  }
}

/** A Kysely on `url` for checks; destroy it when done. */
export function openDb(url: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  // The tests crash this database: an idle connection that dies with it is not an error of the test.
  pool.on('error', () => undefined)
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

/** How many times each marker is stored in page_views. */
export async function storedMarkers(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('page_views')
    .select(['referrer_host', (eb) => eb.fn.countAll<string>().as('n')])
    .where('referrer_host', 'like', `%.${MARKER_DOMAIN}`)
    .groupBy('referrer_host')
    .execute()
  return new Map(rows.map((r) => [r.referrer_host!.slice(0, -MARKER_DOMAIN.length - 1), Number(r.n)]))
}

/** Articles whose maintained `views` differs from a count of their page_views (should be none). */
export async function articleCountMismatches(db: Kysely<Database>): Promise<{ url: string; views: number; counted: number }[]> {
  const { rows } = await sql<{ url: string; views: string; counted: string }>`
    select a.url, a.views, coalesce(c.n, 0) as counted
    from articles a left join (select article_id, count(*) as n from page_views group by article_id) c on c.article_id = a.id
    where a.views <> coalesce(c.n, 0)
  `.execute(db)
  return rows.map((r) => ({ url: r.url, views: Number(r.views), counted: Number(r.counted) }))
}

const ROLLUP_TABLES = ['rollup_views', 'rollup_referrers', 'rollup_devices', 'rollup_hours', 'rollup_minutes'] as const

/**
 * Every rollup table as maintained by ingest, then the same after rebuildRollups recounted it from
 * raw page_views: the two must be equal row for row. Returns the tables that differ.
 */
export async function rollupsDifferingFromRecount(
  db: Kysely<Database>,
): Promise<{ table: string; maintained: number; recounted: number }[]> {
  const snapshot = async () => {
    const tables: Record<string, string[]> = {}
    for (const table of ROLLUP_TABLES) {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)
      tables[table] = rows.map((r) => JSON.stringify(r)).sort()
    }
    return tables
  }
  const maintained = await snapshot()
  await rebuildRollups(db, { now: new Date() })
  const recounted = await snapshot()
  return ROLLUP_TABLES.filter((t) => JSON.stringify(maintained[t]) !== JSON.stringify(recounted[t])).map((table) => ({
    table,
    maintained: maintained[table]!.length,
    recounted: recounted[table]!.length,
  }))
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The value at quantile q (0..1) of `values` (sorted here), or NaN when empty. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}
