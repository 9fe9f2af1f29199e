import type { InferResult } from 'kysely'
import type { Token, TokenList } from '@jangkau/shared'
import type { Db } from '../db/kysely.ts'
import { paged } from './paging.ts'

// API tokens: stored by the sha256 of their secret, read with the user who created them.

/**
 * The one SELECT every API token read starts from (find by hash, get, list): the token without its
 * hash, and the user who created it (null when that user was deleted: created_by is set null). Callers
 * add WHERE, ORDER BY and LIMIT, and map rows with toToken.
 */
export function selectApiTokens(db: Db) {
  return db
    .selectFrom('api_tokens as t')
    .leftJoin('users as u', 'u.id', 't.created_by')
    .select([
      't.id',
      't.name',
      't.role',
      't.regions',
      't.created_at',
      't.last_used_at',
      't.revoked_at',
      'u.id as creator_id',
      'u.name as creator_name',
      'u.email as creator_email',
      'u.role as creator_role',
      'u.regions as creator_regions',
      'u.active as creator_active',
    ])
}

type TokenRow = InferResult<ReturnType<typeof selectApiTokens>>[number]

export const toToken = (r: TokenRow): Token => ({
  id: r.id,
  name: r.name,
  role: r.role,
  regions: r.regions,
  createdBy:
    r.creator_id === null
      ? null
      : {
          id: r.creator_id,
          name: r.creator_name!,
          email: r.creator_email!,
          role: r.creator_role!,
          regions: r.creator_regions!,
          active: r.creator_active!,
        },
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
})

/** The token with this id (revoked or not) and its creator, without its hash, or undefined. */
export async function getApiToken(db: Db, id: number): Promise<Token | undefined> {
  const row = await selectApiTokens(db).where('t.id', '=', id).executeTakeFirst()
  return row && toToken(row)
}

/**
 * The live (not revoked) token whose secret hashes to `tokenHash`, with its creator, or undefined.
 * Whether the creator still covers it is the caller's to check (auth/policy.ts tokenRefusal).
 */
export async function findApiToken(db: Db, tokenHash: string): Promise<Token | undefined> {
  const row = await selectApiTokens(db).where('t.token_hash', '=', tokenHash).where('t.revoked_at', 'is', null).executeTakeFirst()
  return row && toToken(row)
}

/** One page of API tokens (revoked ones too, marked by revokedAt) with their creators, in id order; never the secrets. */
export async function listApiTokens(db: Db, page: { limit: number; offset: number }): Promise<TokenList> {
  return paged(db, selectApiTokens(db), (q) => q.orderBy('t.id'), page, toToken)
}

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

/** Marks the token revoked at `at` (kept for the list and the audit trail); undefined if no such live token. */
export async function revokeApiToken(db: Db, id: number, at: Date): Promise<Token | undefined> {
  const row = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
  return row && getApiToken(db, row.id)
}

/** Records that the token was used at `at`. */
export async function touchApiToken(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute()
}
