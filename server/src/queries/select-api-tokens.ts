import type { InferResult } from 'kysely'
import type { Token } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'

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
      : { id: r.creator_id, name: r.creator_name!, email: r.creator_email!, role: r.creator_role!, regions: r.creator_regions!, active: r.creator_active! },
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
})
