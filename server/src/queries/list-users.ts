import type { UserList } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toUser, USER_COLUMNS } from './map-rows.ts'

/** One page of users in id order, with the total count. */
export async function listUsers(db: Db, page: { limit: number; offset: number }): Promise<UserList> {
  const [rows, count] = await Promise.all([
    db.selectFrom('users').select(USER_COLUMNS).orderBy('id').limit(page.limit).offset(page.offset).execute(),
    db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(toUser), total: Number(count.n) }
}
