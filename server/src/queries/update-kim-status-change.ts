import type { Db } from '../plugins/db.ts'

/** Corrects the day of one status-history entry (a status entered with the wrong date). */
export async function updateKimStatusChange(db: Db, id: number, changedOn: string): Promise<void> {
  await db.updateTable('kim_status_changes').set({ changed_on: changedOn }).where('id', '=', id).execute()
}
