import { sql } from 'kysely'
import type { KimStatus } from '@jangkau/shared'
import type { Db } from '../db/kysely.ts'

/**
 * Appends many entries to the groups' status histories with one statement (days "YYYY-MM-DD").
 * The group's current status and status_since are not changed: the caller keeps them consistent.
 */
export async function importKimStatusChanges(db: Db, changes: { groupId: number; status: KimStatus; changedOn: string }[]): Promise<void> {
  if (changes.length === 0) return
  await sql`
    insert into kim_status_changes (group_id, status, changed_on)
    select * from unnest(
      ${changes.map((c) => c.groupId)}::int[],
      ${changes.map((c) => c.status)}::text[],
      ${changes.map((c) => c.changedOn)}::date[]
    )
  `.execute(db)
}
