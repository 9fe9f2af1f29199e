import type { Token } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { TOKEN_COLUMNS, toToken } from './map-rows.ts'

/** Stores a new API token by the sha256 of its secret (the secret itself is never stored). */
export async function insertApiToken(
  db: Db,
  token: { name: string; role: Token['role']; regions: string[]; tokenHash: string; createdBy: number | null },
): Promise<Token> {
  const row = await db
    .insertInto('api_tokens')
    .values({ name: token.name, role: token.role, regions: token.regions, token_hash: token.tokenHash, created_by: token.createdBy })
    .returning(TOKEN_COLUMNS)
    .executeTakeFirstOrThrow()
  return toToken(row)
}
