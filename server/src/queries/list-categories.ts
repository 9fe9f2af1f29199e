import type { CategoryList } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toCategory } from './map-rows.ts'

/**
 * One page of categories in name order, with the total count: the mapped ones and those waiting for
 * an admin (`mapped` false), not those mapped onto another category.
 */
export async function listCategories(db: Db, page: { limit: number; offset: number }): Promise<CategoryList> {
  const listed = db.selectFrom('categories').where('merged_into', 'is', null)
  const [rows, count] = await Promise.all([
    listed.selectAll().orderBy('name').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    listed.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(toCategory), total: Number(count.n) }
}
