import type { Db } from '../plugins/db.ts'

/** Id, village and name of the groups in these villages, newest first: to find the ids of groups just imported. */
export async function listKimGroupKeys(db: Db, villageCodes: string[]): Promise<{ id: number; villageCode: string; name: string }[]> {
  if (villageCodes.length === 0) return []
  const rows = await db
    .selectFrom('kim_groups')
    .select(['id', 'village_code', 'name'])
    .where('village_code', 'in', villageCodes)
    .orderBy('id', 'desc')
    .execute()
  return rows.map((r) => ({ id: r.id, villageCode: r.village_code, name: r.name }))
}
