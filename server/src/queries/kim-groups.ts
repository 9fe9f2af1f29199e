import { sql, type InferResult, type Updateable } from 'kysely'
import type { KimBudget, KimGroup, KimGroupList, KimGroupQuery, KimOfficers, KimStatus } from '@jangkau/shared'
import type { Db } from '../db/kysely.ts'
import type { KimGroupsTable } from '../db/tables.ts'
import { containsPattern } from './contains-pattern.ts'
import { paged } from './paging.ts'

// The KIM registry's groups (kim_groups) one at a time; their status history is in
// kim-status-changes.ts, the CSV import's bulk insert in import-kim-groups.ts.

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

/**
 * One KIM group with its place names, or undefined. `lock: true` (inside a transaction) holds the
 * group's row until commit, so that two concurrent PATCHes of one group apply one after the other.
 */
export async function getKimGroup(db: Db, id: number, options: { lock?: boolean } = {}): Promise<KimGroup | undefined> {
  let query = selectKimGroups(db).where('g.id', '=', id)
  if (options.lock) query = query.forUpdate('g')
  const row = await query.executeTakeFirst()
  return row ? toKimGroup(row) : undefined
}

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
  return paged(db, filtered, (rows) => rows.orderBy('g.region_code').orderBy('g.name').orderBy('g.id'), query, toKimGroup)
}

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

/** The regency of each existing group among `ids` (missing ids are absent from the map). */
export async function getKimGroupRegions(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('kim_groups').select(['id', 'region_code']).where(sql<boolean>`id = any(${ids}::int[])`).execute()
  return new Map(rows.map((r) => [r.id, r.region_code]))
}

/** A group as it is stored: validated, trimmed, defaults applied, district and regency derived. */
export interface KimGroupValues {
  name: string
  villageCode: string
  districtCode: string
  regionCode: string
  decreeNumber: string | null
  /** Calendar days "YYYY-MM-DD". */
  decreeDate: string | null
  formedOn: string | null
  status: KimStatus
  statusSince: string
  budget: KimBudget
  members: number
  officers: KimOfficers
  channels: string[]
  registrationNumber: string | null
}

/**
 * Stores a new group and the first entry of its status history; returns its id. `at` (the app's
 * clock) stamps created_at and updated_at. Run in a transaction.
 */
export async function insertKimGroup(db: Db, group: KimGroupValues, at: Date): Promise<number> {
  const { id } = await db
    .insertInto('kim_groups')
    .values({
      name: group.name,
      village_code: group.villageCode,
      district_code: group.districtCode,
      region_code: group.regionCode,
      decree_number: group.decreeNumber,
      decree_date: group.decreeDate,
      formed_on: group.formedOn,
      status: group.status,
      status_since: group.statusSince,
      budget: group.budget,
      members: group.members,
      officers: JSON.stringify(group.officers),
      channels: JSON.stringify(group.channels),
      registration_number: group.registrationNumber,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.insertInto('kim_status_changes').values({ group_id: id, status: group.status, changed_on: group.statusSince }).execute()
  return id
}

/**
 * Writes the given fields of a group (absent ones stay) and stamps updated_at. The status history is
 * the caller's business (insertKimStatusChange), in the same transaction.
 */
export async function updateKimGroup(db: Db, id: number, changes: Partial<KimGroupValues>, at: Date): Promise<void> {
  const set: Updateable<KimGroupsTable> = { updated_at: at }
  if (changes.name !== undefined) set.name = changes.name
  if (changes.villageCode !== undefined) set.village_code = changes.villageCode
  if (changes.districtCode !== undefined) set.district_code = changes.districtCode
  if (changes.regionCode !== undefined) set.region_code = changes.regionCode
  if (changes.decreeNumber !== undefined) set.decree_number = changes.decreeNumber
  if (changes.decreeDate !== undefined) set.decree_date = changes.decreeDate
  if (changes.formedOn !== undefined) set.formed_on = changes.formedOn
  if (changes.status !== undefined) set.status = changes.status
  if (changes.statusSince !== undefined) set.status_since = changes.statusSince
  if (changes.budget !== undefined) set.budget = changes.budget
  if (changes.members !== undefined) set.members = changes.members
  if (changes.officers !== undefined) set.officers = JSON.stringify(changes.officers)
  if (changes.channels !== undefined) set.channels = JSON.stringify(changes.channels)
  if (changes.registrationNumber !== undefined) set.registration_number = changes.registrationNumber
  await db.updateTable('kim_groups').set(set).where('id', '=', id).execute()
}

/**
 * Deletes a group; its status history and activities go with it (on delete cascade). Returns how
 * many activities were deleted, for the audit entry.
 */
export async function deleteKimGroup(db: Db, id: number): Promise<{ activitiesDeleted: number }> {
  const { n } = await db
    .selectFrom('kim_activities')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('group_id', '=', id)
    .executeTakeFirstOrThrow()
  await db.deleteFrom('kim_groups').where('id', '=', id).execute()
  return { activitiesDeleted: Number(n) }
}
