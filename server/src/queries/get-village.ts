import type { Db } from '../plugins/db.ts'

export interface Village {
  code: string
  name: string
  districtCode: string
  /** Regency code ("64.08"). */
  regionCode: string
}

/**
 * A desa or kelurahan by its Kemendagri code ("64.08.12.2004"), with its district and regency from the
 * regions tree. Undefined for unknown codes and for codes of a district, regency or province.
 */
export async function getVillage(db: Db, code: string): Promise<Village | undefined> {
  const row = await db
    .selectFrom('regions as v')
    .innerJoin('regions as d', 'd.code', 'v.parent_code')
    .select(['v.code', 'v.name', 'd.code as district_code', 'd.parent_code as region_code'])
    .where('v.code', '=', code)
    .where('v.level', '=', 'desa')
    .executeTakeFirst()
  if (!row || !row.region_code) return undefined
  return { code: row.code, name: row.name, districtCode: row.district_code, regionCode: row.region_code }
}
