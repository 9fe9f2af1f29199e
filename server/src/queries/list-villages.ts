import type { Db } from '../plugins/db.ts'
import type { Village } from './get-village.ts'

/** Every desa and kelurahan by code (about a thousand rows): the CSV import checks rows against it. */
export async function listVillages(db: Db): Promise<Map<string, Village>> {
  const rows = await db
    .selectFrom('regions as v')
    .innerJoin('regions as d', 'd.code', 'v.parent_code')
    .select(['v.code', 'v.name', 'd.code as district_code', 'd.parent_code as region_code'])
    .where('v.level', '=', 'desa')
    .execute()
  const villages = new Map<string, Village>()
  for (const r of rows) {
    if (r.region_code) villages.set(r.code, { code: r.code, name: r.name, districtCode: r.district_code, regionCode: r.region_code })
  }
  return villages
}
