import type { KimBudget, KimOfficers, KimStatus } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'

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
