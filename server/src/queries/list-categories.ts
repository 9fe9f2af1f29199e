import type { CategoryList } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toCategory } from './map-rows.ts'

/** One page of categories in name order, with the total count. */
export async function listCategories(db: Db, page: { limit: number; offset: number }): Promise<CategoryList> {
  const [rows, count] = await Promise.all([
    db.selectFrom('categories').selectAll().orderBy('name').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    db.selectFrom('categories').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(toCategory), total: Number(count.n) }
}
