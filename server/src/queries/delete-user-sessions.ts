import type { Db } from '../plugins/db.ts'

/**
 * Ends every session of a user (deactivated, new password, role changed), except `keepIdHash` (the
 * admin's own current session when they change their own account). Returns how many ended.
 */
export async function deleteUserSessions(db: Db, userId: number, keepIdHash?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId)
  if (keepIdHash) query = query.where('id_hash', '<>', keepIdHash)
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}
