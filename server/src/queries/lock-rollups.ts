import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'

/** An arbitrary constant naming the lock ("roll" in ASCII); migration 07's trigger takes it too. */
const ROLLUPS_LOCK_KEY = 0x726f6c6c

/**
 * Holds the transaction-scoped advisory lock of the rollup writers: the drains of rollup_queue, a
 * rebuild, the pruning, and (through the trigger articles_lock_rollups) a change of an article's
 * segment. They run one at a time, so a drain never misses rows another drain has taken but not yet
 * committed, and a segment move sees every count. Released at commit or rollback.
 */
export async function lockRollups(trx: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ROLLUPS_LOCK_KEY})`.execute(trx)
}
