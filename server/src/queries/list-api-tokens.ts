import type { TokenList } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { selectApiTokens, toToken } from './select-api-tokens.ts'

/** One page of API tokens (revoked ones too, marked by revokedAt) with their creators, in id order; never the secrets. */
export async function listApiTokens(db: Db, page: { limit: number; offset: number }): Promise<TokenList> {
  const [rows, count] = await Promise.all([
    selectApiTokens(db).orderBy('t.id').limit(page.limit).offset(page.offset).execute(),
    db.selectFrom('api_tokens').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(toToken), total: Number(count.n) }
}
