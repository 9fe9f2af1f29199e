import type { AuditAction } from '@jangkau/shared'
import type { Actor } from '../db/actor.ts'
import type { Db } from '../db/kysely.ts'
import { isForeignKeyViolation, isUniqueViolation } from '../db/pg-errors.ts'
import { AppError } from '../errors.ts'
import { insertAuditEntry } from '../queries/audit.ts'

/** The 409 a route answers for a refused write: a stable code and a bilingual message (i18n.ts). */
export interface Conflict {
  code: string
  message: string
}

/**
 * What a route answers when the database refuses its write: `unique` for a unique violation (23505,
 * e.g. a taken hostname), `foreignKey` for a foreign-key violation (23503, e.g. deleting a site that
 * articles use). Declared in the route's `config.conflicts`; app.ts's error handler applies it.
 */
export interface Conflicts {
  unique?: Conflict
  foreignKey?: Conflict
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The 409 answers for the database's refusals of this route's writes (routes/audited-write.ts). */
    conflicts?: Conflicts
  }
}

/** The declared 409 for a unique or foreign-key violation; undefined for any other error or an undeclared one. */
export function conflictError(error: unknown, conflicts: Conflicts | undefined): AppError | undefined {
  const conflict = isUniqueViolation(error) ? conflicts?.unique : isForeignKeyViolation(error) ? conflicts?.foreignKey : undefined
  return conflict && new AppError(409, conflict.code, conflict.message)
}

/** The audit entry of a write: the entity is given to auditedWrite, the actor and time are added there. */
export interface AuditedChange {
  action: AuditAction
  entityId: number | string | null
  /** The resource before and after the write (null for a create / a delete), as JSON-able values. */
  before: unknown
  after: unknown
}

/** What a write returns: the route's answer and its audit entry (null when nothing changed, e.g. an idempotent replay). */
export interface Audited<T> {
  answer: T
  entry: AuditedChange | null
}

/** A created row: answered as it is, audited with no before. */
export const created = <T extends { id: number }>(row: T): Audited<T> => ({
  answer: row,
  entry: { action: 'create', entityId: row.id, before: null, after: row },
})

/** An updated row: answered as it is after the write. */
export const updated = <T>(id: number, before: unknown, after: T): Audited<T> => ({
  answer: after,
  entry: { action: 'update', entityId: id, before, after },
})

/** A deleted row; `after` for what stays behind (a revoked token), else null. Answered with nothing. */
export const deleted = (id: number, before: unknown, after: unknown = null): Audited<null> => ({
  answer: null,
  entry: { action: 'delete', entityId: id, before, after },
})

/**
 * Runs a write of `entity` ("site", "user", …) and appends its audit entry in one transaction, so that
 * both commit or neither does; answers what the write returned. Pass the transaction (`trx`) to every
 * query inside (PGlite has one connection, which the transaction holds). A unique or foreign-key
 * violation propagates: the route's `config.conflicts` turns it into a 409.
 */
export function auditedWrite<T>(db: Db, actor: Actor | null, entity: string, write: (trx: Db) => Promise<Audited<T>>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const { answer, entry } = await write(trx)
    if (entry) {
      const entityId = entry.entityId === null ? null : String(entry.entityId)
      await insertAuditEntry(trx, { actor, action: entry.action, entity, entityId, before: entry.before, after: entry.after })
    }
    return answer
  })
}
