import type { KimStatus } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'

/** Appends a status to a group's history: the group became `status` on `changedOn` ("YYYY-MM-DD"). */
export async function insertKimStatusChange(db: Db, groupId: number, status: KimStatus, changedOn: string): Promise<void> {
  await db.insertInto('kim_status_changes').values({ group_id: groupId, status, changed_on: changedOn }).execute()
}
