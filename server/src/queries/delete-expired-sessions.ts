import type { Db } from '../plugins/db.ts'

/** Removes sessions that expired before `now` (housekeeping, run at each login). */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute()
}
