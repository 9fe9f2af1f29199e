import type { Category } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toCategory } from './map-rows.ts'

/** Creates a category. Throws 23505 when the slug exists. */
export async function insertCategory(db: Db, category: { slug: string; name: string }): Promise<Category> {
  const row = await db.insertInto('categories').values(category).returningAll().executeTakeFirstOrThrow()
  return toCategory(row)
}
