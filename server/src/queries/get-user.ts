import type { User } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toUser, USER_COLUMNS } from './map-rows.ts'

/** The user with this id (active or not), or undefined. */
export async function getUser(db: Db, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst()
  return row && toUser(row)
}
