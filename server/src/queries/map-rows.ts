import type { AuditEntry, Category, Site, User } from '@jangkau/shared'
import type { Selectable } from 'kysely'
import type { AuditLogTable, CategoriesTable, SitesTable, UsersTable } from '../db/tables.ts'

// Row (snake_case, Date) → JSON (camelCase, ISO string) for the account and catalogue tables: the
// one place where the conversion is written, shared by the query functions of this folder.

/** The columns of `users` that may leave the database: everything but password_hash. */
export const USER_COLUMNS = ['id', 'email', 'name', 'role', 'regions', 'active', 'created_at'] as const

export const toUser = (r: Omit<Selectable<UsersTable>, 'password_hash'>): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  regions: r.regions,
  active: r.active,
  createdAt: r.created_at.toISOString(),
})

export const toSite = (r: Selectable<SitesTable>): Site => ({
  id: r.id,
  hostname: r.hostname,
  name: r.name,
  regionCode: r.region_code,
  autoCreated: r.auto_created,
  createdAt: r.created_at.toISOString(),
  feedUrl: r.feed_url,
  feedSync: { at: r.feed_synced_at?.toISOString() ?? null, error: r.feed_error, items: r.feed_items },
})

export const toCategory = (r: Selectable<CategoriesTable>): Category => ({ id: r.id, slug: r.slug, name: r.name, mapped: r.mapped })

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
