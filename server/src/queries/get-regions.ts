import type { Db } from '../plugins/db.ts'

/** The regions among `codes` that exist, with their level (to check e.g. that a code is a regency). */
export async function getRegions(db: Db, codes: string[]): Promise<{ code: string; level: string }[]> {
  if (codes.length === 0) return []
  return db.selectFrom('regions').select(['code', 'level']).where('code', 'in', codes).execute()
}
