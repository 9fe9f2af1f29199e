import type { Token } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { TOKEN_COLUMNS, toToken } from './map-rows.ts'

/** The live (not revoked) token whose secret hashes to `tokenHash`, or undefined. */
export async function findApiToken(db: Db, tokenHash: string): Promise<Token | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(TOKEN_COLUMNS)
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return row && toToken(row)
}
