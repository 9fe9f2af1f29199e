import type { Token } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { getApiToken } from './get-api-token.ts'

/**
 * Stores a new API token by the sha256 of its secret (the secret itself is never stored), acting for
 * the user `createdBy` (null: the token works for nobody, see auth/policy.ts tokenRefusal).
 */
export async function insertApiToken(
  db: Db,
  token: { name: string; role: Token['role']; regions: string[]; tokenHash: string; createdBy: number | null },
): Promise<Token> {
  const { id } = await db
    .insertInto('api_tokens')
    .values({ name: token.name, role: token.role, regions: token.regions, token_hash: token.tokenHash, created_by: token.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow()
  return (await getApiToken(db, id))!
}
