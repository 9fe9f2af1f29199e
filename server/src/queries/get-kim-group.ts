import type { KimGroup } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { selectKimGroups, toKimGroup } from './select-kim-groups.ts'

/**
 * One KIM group with its place names, or undefined. `lock: true` (inside a transaction) holds the
 * group's row until commit, so that two concurrent PATCHes of one group apply one after the other.
 */
export async function getKimGroup(db: Db, id: number, options: { lock?: boolean } = {}): Promise<KimGroup | undefined> {
  let query = selectKimGroups(db).where('g.id', '=', id)
  if (options.lock) query = query.forUpdate('g')
  const row = await query.executeTakeFirst()
  return row ? toKimGroup(row) : undefined
}
