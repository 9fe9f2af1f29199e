import type { Actor, Role } from '../db/actor.ts'
import { AppError } from '../errors.ts'
import { t } from '../i18n.ts'

// Who may do what: the one place that says it. Routes declare the access they need in their
// config (`{ config: { access: 'read' } }`); the auth plugin enforces it for every route before the
// handler runs. Region scope (operators write only for their regencies) depends on the data, so the
// handler calls `assertRegionWritable` with the regency it is about to change. Role and Actor, the
// words it speaks, are in db/actor.ts: the audit log stores the actor too.

/**
 * - public: anyone (ingest, counter, health, login)
 * - read: any signed-in person or token (dashboards, stats, exports, lists)
 * - kim:write: write KIM groups and activities (admins anywhere, operators in their regencies)
 * - admin: users, tokens, sites, categories, audit log, article catalogue writes
 */
export type Access = 'public' | 'read' | 'kim:write' | 'admin'

const GRANTS: Record<Role, readonly Access[]> = {
  admin: ['public', 'read', 'kim:write', 'admin'],
  viewer: ['public', 'read'],
  operator: ['public', 'read', 'kim:write'],
}

export function canAccess(actor: Actor | null, access: Access): boolean {
  if (access === 'public') return true
  return actor !== null && GRANTS[actor.role].includes(access)
}

/**
 * Whether a person with `owner`'s role and regions may hold a token with `token`'s: every access the
 * token's role grants is granted to the owner too, and an operator token's regencies are among the
 * owner's (an admin owner covers everything).
 */
export function roleCovers(owner: { role: Role; regions: string[] }, token: { role: Role; regions: string[] }): boolean {
  if (!GRANTS[token.role].every((access) => GRANTS[owner.role].includes(access))) return false
  return owner.role === 'admin' || token.role !== 'operator' || token.regions.every((code) => owner.regions.includes(code))
}

/**
 * Why an API token does not work (null: it does). A token acts for the user who created it (a token
 * made by another token acts for that token's creator), and only while that user is active and their
 * role covers the token's: deactivating, deleting or demoting them stops it at once. A token without
 * a creator (deleted; on delete set null) works for nobody: Jangkau makes no system tokens.
 */
export function tokenRefusal(token: {
  role: Role
  regions: string[]
  createdBy: { role: Role; regions: string[]; active: boolean } | null
}): AppError | null {
  const owner = token.createdBy
  if (!owner) {
    return new AppError(
      401,
      'token_orphaned',
      t('Token API tidak berlaku lagi: pembuatnya sudah dihapus.', 'The API token no longer works: its creator was deleted.'),
    )
  }
  if (!owner.active) {
    return new AppError(
      401,
      'token_owner_inactive',
      t('Token API tidak berlaku selama pembuatnya nonaktif.', 'The API token does not work while its creator is deactivated.'),
    )
  }
  if (!roleCovers(owner, token)) {
    return new AppError(
      403,
      'token_owner_role',
      t('Peran pembuat token tidak lagi mencakup token ini.', "The role of the token's creator no longer covers this token."),
    )
  }
  return null
}

/** Throws 403 unless the actor may change KIM data of `regencyCode` ("64.08"). */
export function assertRegionWritable(actor: Actor | null, regencyCode: string): void {
  if (actor?.role === 'admin') return
  if (actor?.role === 'operator' && actor.regions.includes(regencyCode)) return
  throw new AppError(
    403,
    'forbidden_region',
    t(`Anda tidak berwenang mengubah data wilayah ${regencyCode}.`, `You may not change data of region ${regencyCode}.`),
  )
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth plugin: the signed-in user or API token, or null. */
    actor: Actor | null
  }
  interface FastifyContextConfig {
    /** Required access; the auth plugin refuses the request (401/403) before the handler runs. */
    access?: Access
  }
}
