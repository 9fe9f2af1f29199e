import { Type, type Static } from 'typebox'
import { REGENCY_CODE_PATTERN, REGION_CODE_PATTERN } from '../region-code.ts'

// Accounts, sessions, API tokens, the audit log, and the sites and categories admins manage.
// Dates are ISO 8601 strings (UTC); ids are integers.

export const Role = Type.Union([Type.Literal('admin'), Type.Literal('viewer'), Type.Literal('operator')])
export type Role = Static<typeof Role>

/** Regencies an operator may write KIM data for ("64.08"); must be empty for admins and viewers. */
export const RegencyList = Type.Array(Type.String({ pattern: REGENCY_CODE_PATTERN }), { maxItems: 20, uniqueItems: true })

/** Passwords: at least 10 characters and not the account's email (checked by the server). */
export const PASSWORD_MIN_LENGTH = 10
export const UserPassword = Type.String({ minLength: 1, maxLength: 256 })

export const UserEmail = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' })

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

/** limit/offset of every list; lists answer `{"items": [...], "total": N}`. */
export const ListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
)
export type ListQuery = Static<typeof ListQuery>

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) })
export type IdParams = Static<typeof IdParams>

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

export const HOSTNAME_PATTERN = '^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$'

export const Site = Type.Object({
  id: Type.Integer(),
  hostname: Type.String(),
  name: Type.String(),
  regionCode: Type.Union([Type.String(), Type.Null()]),
  /** Created by ingest while no site was configured; false once an admin created or edited it. */
  autoCreated: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  /** The portal's own RSS 2.0, Atom or sitemap, read every hour to confirm article titles; null = none. */
  feedUrl: Type.Union([Type.String(), Type.Null()]),
  /** The last feed sync: when it ran (null = never), its error (null = it worked), articles read. */
  feedSync: Type.Object({
    at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
    items: Type.Union([Type.Integer(), Type.Null()]),
  }),
})
export type Site = Static<typeof Site>

export const SiteList = Type.Object({ items: Type.Array(Site), total: Type.Integer() })
export type SiteList = Static<typeof SiteList>

const SiteFields = {
  /** Lower-case host name without scheme or port ("diskominfo.kaltimprov.go.id"). */
  hostname: Type.String({ pattern: HOSTNAME_PATTERN, maxLength: 253 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  /** Province or regency the portal belongs to ("64", "64.08"), or null. */
  regionCode: Type.Union([Type.String({ pattern: REGION_CODE_PATTERN }), Type.Null()]),
  /** http(s) address of the portal's feed; only on the site's host or a subdomain of it (else 400 `invalid_feed_url`). */
  feedUrl: Type.Union([Type.String({ minLength: 1, maxLength: 2048 }), Type.Null()]),
}
export const CreateSiteBody = Type.Object(
  { hostname: SiteFields.hostname, name: SiteFields.name, regionCode: Type.Optional(SiteFields.regionCode), feedUrl: Type.Optional(SiteFields.feedUrl) },
  { additionalProperties: false },
)
export type CreateSiteBody = Static<typeof CreateSiteBody>
export const UpdateSiteBody = Type.Object(
  {
    hostname: Type.Optional(SiteFields.hostname),
    name: Type.Optional(SiteFields.name),
    regionCode: Type.Optional(SiteFields.regionCode),
    feedUrl: Type.Optional(SiteFields.feedUrl),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateSiteBody = Static<typeof UpdateSiteBody>

/**
 * `mapped` false: created by ingest from a category text a portal sent that no category had yet;
 * counted and shown under its own name, marked "belum dipetakan", until an admin adopts it or maps
 * it onto a category.
 */
export const Category = Type.Object({ id: Type.Integer(), slug: Type.String(), name: Type.String(), mapped: Type.Boolean() })
export type Category = Static<typeof Category>

export const CategoryList = Type.Object({ items: Type.Array(Category), total: Type.Integer() })
export type CategoryList = Static<typeof CategoryList>

export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$'
export const CreateCategoryBody = Type.Object(
  { slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }), name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
)
export type CreateCategoryBody = Static<typeof CreateCategoryBody>
export const UpdateCategoryBody = Type.Object(
  {
    slug: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 100 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateCategoryBody = Static<typeof UpdateCategoryBody>

/** An unmapped category for Admin → Kategori, with what it holds (views: the articles' counted views). */
export const UnmappedCategory = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  name: Type.String(),
  /** The texts its articles arrived with ("Pemerintahan", "pemerintahan"), at most 10. */
  variants: Type.Array(Type.String()),
  articles: Type.Integer(),
  views: Type.Integer(),
})
export type UnmappedCategory = Static<typeof UnmappedCategory>
export const UnmappedCategoryList = Type.Object({ items: Type.Array(UnmappedCategory), total: Type.Integer() })
export type UnmappedCategoryList = Static<typeof UnmappedCategoryList>

/** POST /api/categories/:id/adopt: keeps the unmapped category as a category, optionally renamed. */
export const AdoptCategoryBody = Type.Object(
  {
    slug: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 100 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
)
export type AdoptCategoryBody = Static<typeof AdoptCategoryBody>

/** POST /api/categories/:id/map: moves the unmapped category's articles and texts onto `targetId`. */
export const MapCategoryBody = Type.Object({ targetId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }, { additionalProperties: false })
export type MapCategoryBody = Static<typeof MapCategoryBody>
export const MapCategoryAnswer = Type.Object({ target: Category, articles: Type.Integer(), views: Type.Integer() })
export type MapCategoryAnswer = Static<typeof MapCategoryAnswer>

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
