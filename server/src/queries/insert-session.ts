import type { Db } from '../plugins/db.ts'

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
