import { sql } from 'kysely'
import type { Db } from '../db/kysely.ts'

/**
 * The salt of `day` (YYYY-MM-DD in the report zone). The first caller's `candidate` wins, so every
 * server process agrees. Salts older than yesterday are deleted on the way: they must not outlive a day.
 */
export async function getOrCreateSalt(db: Db, day: string, candidate: Uint8Array): Promise<Uint8Array> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('salts').where('day', '<', sql<string>`${day}::date - 1`).execute()
    await trx
      .insertInto('salts')
      .values({ day, salt: candidate })
      .onConflict((oc) => oc.column('day').doNothing())
      .execute()
    const row = await trx.selectFrom('salts').select('salt').where('day', '=', day).executeTakeFirstOrThrow()
    return new Uint8Array(row.salt)
  })
}
