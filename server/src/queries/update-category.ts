import type { Category } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toCategory } from './map-rows.ts'

/** Renames a category; undefined when there is none. Throws 23505 for a taken slug. */
export async function updateCategory(db: Db, id: number, changes: { slug?: string; name?: string }): Promise<Category | undefined> {
  const row = await db
    .updateTable('categories')
    .set({
      ...(changes.slug !== undefined ? { slug: changes.slug } : {}),
      ...(changes.name !== undefined ? { name: changes.name } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
  return row && toCategory(row)
}
