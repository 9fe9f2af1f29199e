import type { User } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toUser } from './map-rows.ts'

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
