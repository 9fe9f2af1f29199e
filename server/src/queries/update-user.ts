import type { User } from '@jangkau/shared'
import type { Updateable } from 'kysely'
import type { UsersTable } from '../db/tables.ts'
import type { Db } from '../plugins/db.ts'
import { toUser, USER_COLUMNS } from './map-rows.ts'

export interface UserChanges {
  email?: string
  name?: string
  passwordHash?: string
  role?: User['role']
  regions?: string[]
  active?: boolean
}

/** Applies the given changes; undefined when no user has this id. Throws 23505 for a taken email. */
export async function updateUser(db: Db, id: number, changes: UserChanges): Promise<User | undefined> {
  const set: Updateable<UsersTable> = {}
  if (changes.email !== undefined) set.email = changes.email.trim().toLowerCase()
  if (changes.name !== undefined) set.name = changes.name
  if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash
  if (changes.role !== undefined) set.role = changes.role
  if (changes.regions !== undefined) set.regions = changes.regions
  if (changes.active !== undefined) set.active = changes.active
  if (Object.keys(set).length === 0) {
    const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst()
    return row && toUser(row)
  }
  const row = await db.updateTable('users').set(set).where('id', '=', id).returning(USER_COLUMNS).executeTakeFirst()
  return row && toUser(row)
}
