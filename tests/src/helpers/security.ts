import { sql } from 'kysely'
import type { TestApp } from './test-app.ts'

/** The portal the security tests send page views from. */
export const PORTAL = 'https://diskominfo.kaltimprov.go.id'
/** A page view of an article of PORTAL, as the tracker sends it. */
export const view = (path: string) => ({ url: `${PORTAL}/berita/${path}`, referrer: 'https://www.google.com/' })

/** Every row of every table of the app's database, as text (one string per row). */
export async function everyRow(t: TestApp): Promise<string[]> {
  const { rows: tables } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
  `.execute(t.app.db)
  const rows: string[] = []
  for (const { table_name } of tables) {
    const { rows: dump } = await sql<{ row: string }>`select r::text as row from ${sql.table(table_name)} r`.execute(t.app.db)
    rows.push(...dump.map((d) => `${table_name}: ${d.row}`))
  }
  return rows
}
