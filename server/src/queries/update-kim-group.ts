import type { Updateable } from 'kysely'
import type { KimGroupsTable } from '../db/tables.ts'
import type { Db } from '../plugins/db.ts'
import type { KimGroupValues } from './insert-kim-group.ts'

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
