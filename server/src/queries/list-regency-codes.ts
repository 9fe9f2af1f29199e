import type { Db } from '../plugins/db.ts'

/** The codes of every regency and city (kabupaten/kota) in the regions table, sorted ("64.01" … "64.74"). */
export async function listRegencyCodes(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('regions').select('code').where('level', 'in', ['kabupaten', 'kota']).orderBy('code').execute()
  return rows.map((r) => r.code)
}
