import type { Token } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { selectApiTokens, toToken } from './select-api-tokens.ts'

/**
 * The live (not revoked) token whose secret hashes to `tokenHash`, with its creator, or undefined.
 * Whether the creator still covers it is the caller's to check (auth/policy.ts tokenRefusal).
 */
export async function findApiToken(db: Db, tokenHash: string): Promise<Token | undefined> {
  const row = await selectApiTokens(db).where('t.token_hash', '=', tokenHash).where('t.revoked_at', 'is', null).executeTakeFirst()
  return row && toToken(row)
}
