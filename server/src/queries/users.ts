import type { User, UserList } from '@jangkau/shared'
import type { Selectable, Updateable } from 'kysely'
import type { Db } from '../db/kysely.ts'
import type { UsersTable } from '../db/tables.ts'
import { paged } from './paging.ts'

// Accounts (the users table). The password hash leaves this file only for login's check (findUserByEmail).

/** The columns of `users` that may leave the database: everything but password_hash. */
export const USER_COLUMNS = ['id', 'email', 'name', 'role', 'regions', 'active', 'created_at'] as const

export const toUser = (r: Omit<Selectable<UsersTable>, 'password_hash'>): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  regions: r.regions,
  active: r.active,
  createdAt: r.created_at.toISOString(),
})

/** The user with this id (active or not), or undefined. */
export async function getUser(db: Db, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst()
  return row && toUser(row)
}

/** One page of users in id order, with the total count. */
export async function listUsers(db: Db, page: { limit: number; offset: number }): Promise<UserList> {
  return paged(db, db.selectFrom('users').select(USER_COLUMNS), (q) => q.orderBy('id'), page, toUser)
}

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
  if (Object.keys(set).length === 0) return getUser(db, id)
  const row = await db.updateTable('users').set(set).where('id', '=', id).returning(USER_COLUMNS).executeTakeFirst()
  return row && toUser(row)
}

/** Deletes the user (their sessions go with it, by cascade). True when a row was deleted. */
export async function deleteUser(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}
