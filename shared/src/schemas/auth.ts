import { Type, type Static } from 'typebox'
import { REGENCY_CODE_PATTERN, USER_EMAIL_PATTERN } from '../vocab/index.ts'

// Accounts, sessions and API tokens. The sites, categories and audit log admins manage are in
// sites.ts, categories.ts and audit.ts. Dates are ISO 8601 strings (UTC); ids are integers.

export const Role = Type.Union([Type.Literal('admin'), Type.Literal('viewer'), Type.Literal('operator')])
export type Role = Static<typeof Role>

/** Regencies an operator may write KIM data for ("64.08"); must be empty for admins and viewers. */
export const RegencyList = Type.Array(Type.String({ pattern: REGENCY_CODE_PATTERN }), { maxItems: 20, uniqueItems: true })

/** Passwords: at least PASSWORD_MIN_LENGTH characters and not the account's email (checked by the server). */
export const UserPassword = Type.String({ minLength: 1, maxLength: 256 })

export const UserEmail = Type.String({ minLength: 3, maxLength: 254, pattern: USER_EMAIL_PATTERN })

/** A person who signs in to the dashboard. Never carries the password hash. */
export const User = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: Role,
  regions: Type.Array(Type.String()),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
})
export type User = Static<typeof User>

export const LoginBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
)
export type LoginBody = Static<typeof LoginBody>

/** Answer of login and of GET /api/auth/me: send csrfToken as X-CSRF-Token on every write. */
export const MeAnswer = Type.Object({ user: User, csrfToken: Type.String() })
export type MeAnswer = Static<typeof MeAnswer>

export const LogoutAnswer = Type.Object({ status: Type.Literal('signed_out') })

export const UserList = Type.Object({ items: Type.Array(User), total: Type.Integer() })
export type UserList = Static<typeof UserList>

export const CreateUserBody = Type.Object(
  {
    email: UserEmail,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    password: UserPassword,
    role: Role,
    regions: Type.Optional(RegencyList),
  },
  { additionalProperties: false },
)
export type CreateUserBody = Static<typeof CreateUserBody>

/** Every field optional; a new password or `active: false` signs the user out everywhere. */
export const UpdateUserBody = Type.Object(
  {
    email: Type.Optional(UserEmail),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    password: Type.Optional(UserPassword),
    role: Type.Optional(Role),
    regions: Type.Optional(RegencyList),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateUserBody = Static<typeof UpdateUserBody>

/** The answer of POST /api/users/:id/unlock: how many failed logins (from any address) were forgotten. */
export const UnlockAnswer = Type.Object({ userId: Type.Integer(), cleared: Type.Integer() })
export type UnlockAnswer = Static<typeof UnlockAnswer>

/**
 * The person a token acts for: it works only while they are active and their role covers the
 * token's (server/src/auth/policy.ts). null: they were deleted, and the token no longer works.
 */
export const TokenCreator = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  role: Role,
  regions: Type.Array(Type.String()),
  active: Type.Boolean(),
})
export type TokenCreator = Static<typeof TokenCreator>

/** An API token as listed: never its secret. */
export const Token = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: Role,
  regions: Type.Array(Type.String()),
  createdBy: Type.Union([TokenCreator, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})
export type Token = Static<typeof Token>

export const TokenList = Type.Object({ items: Type.Array(Token), total: Type.Integer() })
export type TokenList = Static<typeof TokenList>

export const CreateTokenBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), role: Role, regions: Type.Optional(RegencyList) },
  { additionalProperties: false },
)
export type CreateTokenBody = Static<typeof CreateTokenBody>

/** The answer of POST /api/tokens: the only time the secret (`jk_…`) is shown. */
export const CreatedToken = Type.Object({ ...Token.properties, token: Type.String() })
export type CreatedToken = Static<typeof CreatedToken>
