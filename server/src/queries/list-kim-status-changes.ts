import { sql } from 'kysely'
import type { KimStatusChange } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'

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
