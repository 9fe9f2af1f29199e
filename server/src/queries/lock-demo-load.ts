import { sql } from 'kysely'
import type { Db } from '../plugins/db.ts'

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
