import { sql } from 'kysely'
import type { Db } from '../plugins/db.ts'

/** The regency of each existing group among `ids` (missing ids are absent from the map). */
export async function getKimGroupRegions(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('kim_groups').select(['id', 'region_code']).where(sql<boolean>`id = any(${ids}::int[])`).execute()
  return new Map(rows.map((r) => [r.id, r.region_code]))
}
