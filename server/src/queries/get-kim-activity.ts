import type { KimActivity } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { selectKimActivities, toKimActivity } from './select-kim-activities.ts'

/** One activity, or undefined. `lock: true` holds its row until the transaction ends. */
export async function getKimActivity(db: Db, id: number, options: { lock?: boolean } = {}): Promise<KimActivity | undefined> {
  let query = selectKimActivities(db).where('a.id', '=', id)
  if (options.lock) query = query.forUpdate('a')
  const row = await query.executeTakeFirst()
  return row ? toKimActivity(row) : undefined
}
