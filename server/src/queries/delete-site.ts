import type { Db } from '../plugins/db.ts'

/** Deletes a site; true when one was deleted. Throws 23503 while articles (or other rows) refer to it. */
export async function deleteSite(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('sites').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}
