import type { User } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toUser, USER_COLUMNS } from './map-rows.ts'

export interface NewUser {
  email: string
  name: string
  passwordHash: string
  role: User['role']
  regions: string[]
}

/** Inserts a user (email stored lower-case). Throws a unique violation (23505) when the email exists. */
export async function insertUser(db: Db, user: NewUser): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({
      email: user.email.trim().toLowerCase(),
      name: user.name,
      password_hash: user.passwordHash,
      role: user.role,
      regions: user.regions,
    })
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow()
  return toUser(row)
}
