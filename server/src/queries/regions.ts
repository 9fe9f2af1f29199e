import type { Db } from '../db/kysely.ts'

// The Kemendagri regions tree (province, regencies and cities, districts, villages): read only; a
// migration loads it.

/** The regions among `codes` that exist, with their level (to check e.g. that a code is a regency). */
export async function getRegions(db: Db, codes: string[]): Promise<{ code: string; level: string }[]> {
  if (codes.length === 0) return []
  return db.selectFrom('regions').select(['code', 'level']).where('code', 'in', codes).execute()
}

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
  const row = await selectVillages(db).where('v.code', '=', code).executeTakeFirst()
  return row && toVillage(row)
}

/** Every desa and kelurahan by code (about a thousand rows): the CSV import checks rows against it. */
export async function listVillages(db: Db): Promise<Map<string, Village>> {
  const villages = new Map<string, Village>()
  for (const row of await selectVillages(db).execute()) {
    const village = toVillage(row)
    if (village) villages.set(village.code, village)
  }
  return villages
}

/** Desa and kelurahan with their district and regency, from the regions tree. */
function selectVillages(db: Db) {
  return db
    .selectFrom('regions as v')
    .innerJoin('regions as d', 'd.code', 'v.parent_code')
    .select(['v.code', 'v.name', 'd.code as district_code', 'd.parent_code as region_code'])
    .where('v.level', '=', 'desa')
}

/** A row of selectVillages as a Village; undefined when its district has no regency (a broken tree). */
function toVillage(row: { code: string; name: string; district_code: string; region_code: string | null }): Village | undefined {
  if (!row.region_code) return undefined
  return { code: row.code, name: row.name, districtCode: row.district_code, regionCode: row.region_code }
}

/** The codes of every regency and city (kabupaten/kota) in the regions table, sorted ("64.01" … "64.74"). */
export async function listRegencyCodes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('regions').select('code').where('level', 'in', ['kabupaten', 'kota']).orderBy('code').execute()
  return rows.map((r) => r.code)
}
