import type { TokenList } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { TOKEN_COLUMNS, toToken } from './map-rows.ts'

/** One page of API tokens (revoked ones too, marked by revokedAt) in id order; never the secrets. */
export async function listApiTokens(db: Db, page: { limit: number; offset: number }): Promise<TokenList> {
  const [rows, count] = await Promise.all([
    db.selectFrom('api_tokens').select(TOKEN_COLUMNS).orderBy('id').limit(page.limit).offset(page.offset).execute(),
    db.selectFrom('api_tokens').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(toToken), total: Number(count.n) }
}
