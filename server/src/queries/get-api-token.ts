import type { Token } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { TOKEN_COLUMNS, toToken } from './map-rows.ts'

/** The token with this id (revoked or not), without its hash, or undefined. */
export async function getApiToken(db: Db, id: number): Promise<Token | undefined> {
  const row = await db.selectFrom('api_tokens').select(TOKEN_COLUMNS).where('id', '=', id).executeTakeFirst()
  return row && toToken(row)
}
