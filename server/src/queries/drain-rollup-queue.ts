import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'
import { addViewsToRollups } from './add-views-to-rollups.ts'
import { lockRollups } from './lock-rollups.ts'

/**
 * Views per statement: big batches make the rollup upserts cheap per view (a day's row of a busy
 * article is updated once per batch, not once per view), and keep each transaction well under a
 * second on Postgres.
 */
const BATCH = 5000

/**
 * Counts the page views waiting in rollup_queue into the rollups: every view whose id was queued
 * (committed) when the call began, and possibly later ones. Returns how many ids it took.
 *
 * Cheap when the queue is empty (one index lookup, no transaction). Otherwise batch after batch, each
 * in its own transaction under lockRollups: a drain that runs meanwhile (another request, another
 * process) is waited for, so that what it took is committed, and counted, when this one returns.
 * Inside a transaction (a rebuild) it works in that transaction and keeps the lock until its end.
 */
export async function drainRollupQueue(db: Db, options: { batch?: number } = {}): Promise<number> {
  const batch = options.batch ?? BATCH
  const inTransaction = db.isTransaction
  if (inTransaction) await lockRollups(db)
  // The newest id queued now bounds the work: views acknowledged later are the next call's, so that a
  // stats read under heavy ingest does not chase the queue forever.
  const upTo = await lastQueued(db)
  if (upTo === null) return 0
  // In the caller's transaction, its JIT setting is put back afterwards.
  const jit = inTransaction ? (await sql<{ jit: string }>`select current_setting('jit') as jit`.execute(db)).rows[0]!.jit : undefined
  if (inTransaction) await withoutJit(db)
  let total = 0
  let taken: number
  do {
    taken = inTransaction
      ? await addViewsToRollups(db, batch, upTo)
      : await db.transaction().execute(async (trx) => {
          await lockRollups(trx)
          await withoutJit(trx)
          return addViewsToRollups(trx, batch, upTo)
        })
    total += taken
  } while (taken === batch)
  if (jit !== undefined) await sql`select set_config('jit', ${jit}, true)`.execute(db)
  return total
}

/**
 * The planner cannot tell how few rows the drain statement's CTEs hold and estimates millions: enough
 * for Postgres to JIT-compile it, which took 1.4 s for a handful of views.
 */
async function withoutJit(trx: Db): Promise<void> {
  await sql`set local jit = off`.execute(trx)
}

/** The newest id in the queue, or null when it is empty. */
async function lastQueued(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('rollup_queue')
    .select((eb) => eb.fn.max('page_view_id').as('last'))
    .executeTakeFirst()
  return row?.last == null ? null : String(row.last)
}
