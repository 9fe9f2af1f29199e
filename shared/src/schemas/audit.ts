import { Type, type Static } from 'typebox'
import { ListQuery } from './params.ts'

// The audit log: every write, who made it and what changed. Dates are ISO 8601 strings (UTC).

export const AuditAction = Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('delete'), Type.Literal('import')])
export type AuditAction = Static<typeof AuditAction>

/** One write: who (null actor = the system, e.g. the ADMIN_EMAIL bootstrap), what, when, before and after. */
export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorKind: Type.Union([Type.Literal('user'), Type.Literal('token'), Type.Null()]),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: AuditAction,
  entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
})
export type AuditEntry = Static<typeof AuditEntry>

export const AuditList = Type.Object({ items: Type.Array(AuditEntry), total: Type.Integer() })
export type AuditList = Static<typeof AuditList>

/** Newest first. `entity` ("user", "site", …); `actor` as "user:12" or "token:3". */
export const AuditQuery = Type.Object(
  {
    ...ListQuery.properties,
    entity: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    actor: Type.Optional(Type.String({ pattern: '^(user|token):\\d{1,9}$' })),
  },
  { additionalProperties: false },
)
export type AuditQuery = Static<typeof AuditQuery>
