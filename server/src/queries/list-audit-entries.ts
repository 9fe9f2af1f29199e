import type { AuditList } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toAuditEntry } from './map-rows.ts'

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
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(toAuditEntry), total: Number(count.n) }
}
