/** What a user or an API token may do (users.role, api_tokens.role); auth/policy.ts says what each grants. */
export type Role = 'admin' | 'viewer' | 'operator'

/** The person or machine client behind a request: who writes, as the audit log records it. */
export interface Actor {
  kind: 'user' | 'token'
  /** users.id or api_tokens.id */
  id: number
  name: string
  role: Role
  /** Regency codes ("64.08") an operator may write for; empty for admins and viewers. */
  regions: string[]
}
