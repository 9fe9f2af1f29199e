import type { Db } from '../plugins/db.ts'

/** Active admins other than `exceptId`: an admin must not remove the last one (nobody could manage users). */
export async function countActiveAdmins(db: Db, exceptId?: number): Promise<number> {
  let query = db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('role', '=', 'admin')
    .where('active', '=', true)
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId)
  const row = await query.executeTakeFirstOrThrow()
  return Number(row.n)
}
