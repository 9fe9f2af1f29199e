import type { KimGroupList, KimGroupQuery } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { containsPattern } from './contains-pattern.ts'
import { selectKimGroups, toKimGroup } from './select-kim-groups.ts'

/**
 * A page of KIM groups matching the filters (regency, district, status, text in the name, village,
 * SK number or registration number), ordered by regency, name and id, and how many match in all.
 */
export async function listKimGroups(db: Db, query: KimGroupQuery): Promise<KimGroupList> {
  let filtered = selectKimGroups(db)
  if (query.region) filtered = filtered.where('g.region_code', '=', query.region)
  if (query.district) filtered = filtered.where('g.district_code', '=', query.district)
  if (query.status) filtered = filtered.where('g.status', '=', query.status)
  const q = query.q?.trim()
  if (q) {
    const pattern = containsPattern(q)
    filtered = filtered.where((eb) =>
      eb.or([
        eb('g.name', 'ilike', pattern),
        eb('v.name', 'ilike', pattern),
        eb('g.decree_number', 'ilike', pattern),
        eb('g.registration_number', 'ilike', pattern),
      ]),
    )
  }
  const [rows, count] = await Promise.all([
    filtered
      .orderBy('g.region_code')
      .orderBy('g.name')
      .orderBy('g.id')
      .limit(query.limit ?? 50)
      .offset(query.offset ?? 0)
      .execute(),
    db
      .selectFrom(filtered.as('x'))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(toKimGroup), total: Number(count.n) }
}
