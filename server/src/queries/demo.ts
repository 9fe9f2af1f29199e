import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'

// What loading the demo data set (server/src/demo/) asks of the database: is it empty, was the demo
// loaded, and a lock so that two processes do not load it twice.

/** The audit entry that marks a database as holding the demo data set (see server/src/demo/load.ts). */
export const DEMO_AUDIT_ENTITY = 'demo_data'

/** When the demo data set was loaded into this database, or undefined if it never was. */
export async function findDemoLoad(db: Db): Promise<{ at: Date } | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select('at')
    .where('entity', '=', DEMO_AUDIT_ENTITY)
    .where('action', '=', 'import')
    .orderBy('id')
    .executeTakeFirst()
  return row && { at: new Date(row.at) }
}

/** An arbitrary constant naming the lock ("demo" in ASCII). */
const DEMO_LOCK_KEY = 0x64656d6f

/**
 * Holds a transaction-scoped advisory lock, so that two processes loading the demo at the same time
 * run one after the other and the second finds the first one's marker. Call it first in the
 * transaction; it is released at commit or rollback.
 */
export async function lockDemoLoad(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(${DEMO_LOCK_KEY})`.execute(trx)
}

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
