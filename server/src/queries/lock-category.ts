import type { Category } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toCategory } from './map-rows.ts'

/**
 * A category, locked `for update` until the caller's transaction ends (see mapCategory), with the
 * category it was mapped onto (mergedInto, null if none); undefined when there is none.
 */
export async function lockCategory(trx: Db, id: number): Promise<(Category & { mergedInto: number | null }) | undefined> {
  const row = await trx.selectFrom('categories').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  return row && { ...toCategory(row), mergedInto: row.merged_into }
}
