import { sql, type InferResult } from 'kysely'
import type { KimGroup } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'

/**
 * The one SELECT every KIM group read starts from (get one, list): the group with the names of its
 * village, district and regency and the day of its latest activity. Calendar days come out as
 * "YYYY-MM-DD" text (see DateColumn in db/tables.ts). Callers add WHERE, ORDER BY and LIMIT.
 */
export function selectKimGroups(db: Db) {
  return db
    .selectFrom('kim_groups as g')
    .innerJoin('regions as v', 'v.code', 'g.village_code')
    .innerJoin('regions as d', 'd.code', 'g.district_code')
    .innerJoin('regions as r', 'r.code', 'g.region_code')
    .select((eb) => [
      'g.id',
      'g.name',
      'g.village_code',
      'v.name as village_name',
      'g.district_code',
      'd.name as district_name',
      'g.region_code',
      'r.name as region_name',
      'g.decree_number',
      sql<string | null>`to_char(g.decree_date, 'YYYY-MM-DD')`.as('decree_date'),
      sql<string | null>`to_char(g.formed_on, 'YYYY-MM-DD')`.as('formed_on'),
      'g.status',
      sql<string>`to_char(g.status_since, 'YYYY-MM-DD')`.as('status_since'),
      'g.budget',
      'g.members',
      'g.officers',
      'g.channels',
      'g.registration_number',
      // max(date) over the (group_id, date) index: one index probe per group.
      eb
        .selectFrom('kim_activities as a')
        .whereRef('a.group_id', '=', 'g.id')
        .select(sql<string | null>`to_char(max(a.date), 'YYYY-MM-DD')`.as('d'))
        .as('last_activity_date'),
      'g.created_at',
      'g.updated_at',
    ])
}

export type KimGroupRow = InferResult<ReturnType<typeof selectKimGroups>>[number]

/** Database row (snake_case) → API shape (camelCase). */
export function toKimGroup(row: KimGroupRow): KimGroup {
  const officers = row.officers ?? {}
  return {
    id: row.id,
    name: row.name,
    villageCode: row.village_code,
    villageName: row.village_name,
    districtCode: row.district_code,
    districtName: row.district_name,
    regionCode: row.region_code,
    regionName: row.region_name,
    decreeNumber: row.decree_number,
    decreeDate: row.decree_date,
    formedOn: row.formed_on,
    status: row.status,
    statusSince: row.status_since,
    budget: row.budget,
    members: row.members,
    officers: { ketua: officers.ketua ?? null, sekretaris: officers.sekretaris ?? null, bendahara: officers.bendahara ?? null },
    channels: row.channels ?? [],
    registrationNumber: row.registration_number,
    lastActivityDate: row.last_activity_date ?? null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  }
}
