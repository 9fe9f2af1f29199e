import type { Db } from '../plugins/db.ts'

/** Deletes a category; true when one was deleted. Throws 23503 while articles refer to it. */
export async function deleteCategory(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('categories').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}
