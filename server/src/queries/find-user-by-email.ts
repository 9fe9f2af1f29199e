import type { User } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toUser, USER_COLUMNS } from './map-rows.ts'

/**
 * The user with this email (any case), with the password hash for login to check, or undefined.
 * Inactive users are returned too: callers decide (login refuses them).
 */
export async function findUserByEmail(db: Db, email: string): Promise<{ user: User; passwordHash: string } | undefined> {
  const row = await db
    .selectFrom('users')
    .select([...USER_COLUMNS, 'password_hash'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst()
  return row && { user: toUser(row), passwordHash: row.password_hash }
}
