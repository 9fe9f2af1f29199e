import type { Db } from '../plugins/db.ts'

/** Deletes the user (their sessions go with it, by cascade). True when a row was deleted. */
export async function deleteUser(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}
