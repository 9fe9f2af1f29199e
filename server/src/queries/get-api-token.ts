import type { Token } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { selectApiTokens, toToken } from './select-api-tokens.ts'

/** The token with this id (revoked or not) and its creator, without its hash, or undefined. */
export async function getApiToken(db: Db, id: number): Promise<Token | undefined> {
  const row = await selectApiTokens(db).where('t.id', '=', id).executeTakeFirst()
  return row && toToken(row)
}
