import { sql, type RawBuilder } from 'kysely'
import type { TestApp } from './test-app.ts'

// What the demo tests share (demo-data.test.ts, demo-first-start.test.ts).

// The demo's "now": 10:00 WITA on 27 November 2026. The same now always gives the same data.
export const NOW = new Date('2026-11-27T02:00:00Z')
export const WITA = 'Asia/Makassar'

/** Rows of every table of the schema, by table name. */
export async function countEveryTable(t: TestApp): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name
  `.execute(t.app.db)
  const counts: Record<string, number> = {}
  for (const { name } of tables.rows) {
    const r = await sql<{ n: string }>`select count(*) as n from ${sql.table(name)}`.execute(t.app.db)
    counts[name] = Number(r.rows[0]!.n)
  }
  return counts
}

/** Rows that only one of the two queries returns (with their multiplicity): 0 when both give the same rows. */
export async function symmetricDifference(t: TestApp, expected: RawBuilder<unknown>, actual: RawBuilder<unknown>): Promise<number> {
  const result = await sql<{ n: string }>`
    select count(*) as n from (((${expected}) except all (${actual})) union all ((${actual}) except all (${expected}))) as differing
  `.execute(t.app.db)
  return Number(result.rows[0]!.n)
}

/** Every rollup table, sorted, as text (for comparing two states exactly). */
export async function rollupTables(t: TestApp): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {}
  for (const table of ROLLUP_TABLES) {
    const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(table)} as t order by 1`.execute(t.app.db)
    tables[table] = rows.map((r) => r.row)
  }
  return tables
}

export const ROLLUP_TABLES = [
  'rollup_views',
  'rollup_referrers',
  'rollup_devices',
  'rollup_segment_views',
  'rollup_segment_referrers',
  'rollup_segment_devices',
  'rollup_hours',
  'rollup_minutes',
  'rollup_visitors_seen',
]
