import type { Category } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toCategory } from './map-rows.ts'

/**
 * Makes an unmapped category a category of its own (mapped), optionally renamed; undefined when
 * there is no such unmapped category. Its alias stays, so its texts keep resolving to it under a new
 * slug too. Throws 23505 for a taken slug.
 */
export async function adoptCategory(db: Db, id: number, changes: { slug?: string; name?: string }): Promise<Category | undefined> {
  const row = await db
    .updateTable('categories')
    .set({
      mapped: true,
      ...(changes.slug !== undefined ? { slug: changes.slug } : {}),
      ...(changes.name !== undefined ? { name: changes.name } : {}),
    })
    .where('id', '=', id)
    .where('mapped', '=', false)
    .where('merged_into', 'is', null)
    .returningAll()
    .executeTakeFirst()
  return row && toCategory(row)
}
