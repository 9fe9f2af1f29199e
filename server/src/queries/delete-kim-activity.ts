import type { Db } from '../plugins/db.ts'

/** Deletes one activity (its idempotency key goes with it: a later retry would create it anew). */
export async function deleteKimActivity(db: Db, id: number): Promise<void> {
  await db.deleteFrom('kim_activities').where('id', '=', id).execute()
}
