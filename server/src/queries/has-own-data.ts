import { sql } from 'kysely'
import type { Db } from '../plugins/db.ts'

/**
 * True when the database holds any article or KIM group: then it is not "empty" and demo data
 * must not be mixed in. Two index-sized existence checks, cheap on any size of database.
 */
export async function hasOwnData(db: Db): Promise<boolean> {
  const result = await sql<{ found: boolean }>`
    select exists (select 1 from articles) or exists (select 1 from kim_groups) as found
  `.execute(db)
  return result.rows[0]?.found === true
}
