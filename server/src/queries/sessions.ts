import type { User } from '@jangkau/shared'
import type { Db } from '../db/kysely.ts'
import { toUser } from './users.ts'

// Sign-in sessions and their end (logout, expiry, an account change).

/** Stores a new session: only the sha256 of its id, never the id itself. */
export async function insertSession(
  db: Db,
  session: { idHash: string; userId: number; csrfToken: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute()
}

export interface FoundSession {
  idHash: string
  csrfToken: string
  expiresAt: Date
  user: User
}

/**
 * The session with this id hash and its user, or undefined when there is none or the user is
 * inactive. Expiry is the caller's to check (it knows the app's clock).
 */
export async function findSession(db: Db, idHash: string): Promise<FoundSession | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id_hash', 's.csrf_token', 's.expires_at', 'u.id', 'u.email', 'u.name', 'u.role', 'u.regions', 'u.active', 'u.created_at'])
    .where('s.id_hash', '=', idHash)
    .where('u.active', '=', true)
    .executeTakeFirst()
  return row && { idHash: row.id_hash, csrfToken: row.csrf_token, expiresAt: row.expires_at, user: toUser(row) }
}

/** Ends one session (logout, or found expired). */
export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute()
}

/**
 * Ends every session of a user (deactivated, new password, role changed), except `keepIdHash` (the
 * admin's own current session when they change their own account). Returns how many ended.
 */
export async function deleteUserSessions(db: Db, userId: number, keepIdHash?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId)
  if (keepIdHash) query = query.where('id_hash', '<>', keepIdHash)
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Removes sessions that expired before `now` (housekeeping, run at each login). */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute()
}
