import type { Db } from '../plugins/db.ts'

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
