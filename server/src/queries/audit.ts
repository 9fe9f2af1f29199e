import type { AuditAction, AuditEntry, AuditList } from '@jangkau/shared'
import type { Selectable } from 'kysely'
import type { Actor } from '../db/actor.ts'
import type { Db } from '../db/kysely.ts'
import type { AuditLogTable } from '../db/tables.ts'
import { paged } from './paging.ts'

// The audit log: who changed what, before and after, without secrets.

export const toAuditEntry = (r: Selectable<AuditLogTable>): AuditEntry => ({
  id: Number(r.id),
  at: r.at.toISOString(),
  actorKind: r.actor_kind,
  actorId: r.actor_id,
  actorName: r.actor_name,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: r.before ?? null,
  after: r.after ?? null,
})

export interface NewAuditEntry {
  /** Who wrote; null for the system itself (e.g. the ADMIN_EMAIL bootstrap at start). */
  actor: Actor | null
  action: AuditAction
  /** What kind of thing: "user", "token", "site", "category", "kim_group", … */
  entity: string
  entityId: string | null
  /** The resource before and after the write (null for a create / a delete), as JSON-able values. */
  before: unknown
  after: unknown
  /** When; defaults to the database's now(). */
  at?: Date
}

/** Keys whose values never enter the audit log, however deep they are nested. */
const SECRET_KEY = /^(password|password_?hash|token|token_?hash|secret|csrf_?token|session_?id|id_?hash)$/i

/** A copy of `value` without secret keys (password hashes, token secrets, …). */
function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets)
  if (value instanceof Date) return value.toISOString()
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => !SECRET_KEY.test(key))
        .map(([key, v]) => [key, withoutSecrets(v)]),
    )
  }
  return value
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(withoutSecrets(value)))

/**
 * Appends one entry to the audit log. Call it with the same executor (transaction) as the write it
 * records, so that both commit or neither does. Secrets are stripped here, whatever the caller passes.
 */
export async function insertAuditEntry(db: Db, entry: NewAuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      ...(entry.at ? { at: entry.at } : {}),
      actor_kind: entry.actor?.kind ?? null,
      actor_id: entry.actor?.id ?? null,
      actor_name: entry.actor?.name ?? null,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before: json(entry.before),
      after: json(entry.after),
    })
    .execute()
}

export interface AuditFilter {
  limit: number
  offset: number
  entity?: string
  actor?: { kind: 'user' | 'token'; id: number }
}

/** One page of the audit log, newest first, optionally for one entity kind and/or one actor. */
export async function listAuditEntries(db: Db, filter: AuditFilter): Promise<AuditList> {
  let base = db.selectFrom('audit_log')
  if (filter.entity !== undefined) base = base.where('entity', '=', filter.entity)
  if (filter.actor !== undefined) base = base.where('actor_kind', '=', filter.actor.kind).where('actor_id', '=', filter.actor.id)
  return paged(db, base.selectAll(), (q) => q.orderBy('id', 'desc'), filter, toAuditEntry)
}
