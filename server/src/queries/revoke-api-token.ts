import type { Token } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { getApiToken } from './get-api-token.ts'

/** Marks the token revoked at `at` (kept for the list and the audit trail); undefined if no such live token. */
export async function revokeApiToken(db: Db, id: number, at: Date): Promise<Token | undefined> {
  const row = await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).returning('id').executeTakeFirst()
  return row && getApiToken(db, row.id)
}
