import { sql } from 'kysely'
import type { KimStatus, KimStatusChange } from '@jangkau/shared'
import type { Db } from '../db/kysely.ts'

// A KIM group's status history (kim_status_changes), one entry at a time; the CSV import appends
// many with import-kim-status-changes.ts.

/** Appends a status to a group's history: the group became `status` on `changedOn` ("YYYY-MM-DD"). */
export async function insertKimStatusChange(db: Db, groupId: number, status: KimStatus, changedOn: string): Promise<void> {
  await db.insertInto('kim_status_changes').values({ group_id: groupId, status, changed_on: changedOn }).execute()
}

export interface KimStatusChangeRow extends KimStatusChange {
  id: number
}

/** A group's status history, oldest first (same-day changes in the order they were recorded). */
export async function listKimStatusChanges(db: Db, groupId: number): Promise<KimStatusChangeRow[]> {
  const rows = await db
    .selectFrom('kim_status_changes')
    .select(['id', 'status', sql<string>`to_char(changed_on, 'YYYY-MM-DD')`.as('changed_on')])
    .where('group_id', '=', groupId)
    .orderBy('changed_on')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: r.id, status: r.status, changedOn: r.changed_on }))
}

/** Corrects the day of one status-history entry (a status entered with the wrong date). */
export async function updateKimStatusChange(db: Db, id: number, changedOn: string): Promise<void> {
  await db.updateTable('kim_status_changes').set({ changed_on: changedOn }).where('id', '=', id).execute()
}
