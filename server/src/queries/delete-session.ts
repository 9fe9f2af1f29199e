import type { Db } from '../plugins/db.ts'

/** Ends one session (logout, or found expired). */
export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute()
}
