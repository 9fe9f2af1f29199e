import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { hashPassword } from '@jangkau/server/auth/password.ts'
import { newApiTokenSecret, sha256Hex } from '@jangkau/server/auth/secrets.ts'
import type { Role } from '@jangkau/server/db/actor.ts'
import { insertApiToken } from '@jangkau/server/queries/api-tokens.ts'
import { insertUser } from '@jangkau/server/queries/users.ts'
import type { User } from '@jangkau/shared'

export interface SignInOptions {
  role: Role
  /** Regency codes ("64.08") for an operator. */
  regions?: string[]
  /** Defaults to a fresh unique address, so every call is a new person. */
  email?: string
  name?: string
  password?: string
}

export interface SignedIn {
  /** Pass to app.inject: the session cookie and the CSRF token, so writes pass too. */
  headers: { cookie: string; 'x-csrf-token': string }
  user: User
  csrfToken: string
  password: string
}

/** The cookie "name=value" pair from a login answer's Set-Cookie (for app.inject's cookie header). */
export function sessionCookieOf(setCookie: string | string[] | undefined): string {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie
  if (!first) throw new Error('the answer set no cookie')
  return first.split(';')[0]!
}

/** The password of users signIn creates (unless given); hashed once per test file to save time. */
export const TEST_PASSWORD = 'Rahasia-uji-2026'
let testPasswordHash: Promise<string> | undefined
function testPasswordHashOnce(): Promise<string> {
  testPasswordHash ??= hashPassword(TEST_PASSWORD)
  return testPasswordHash
}

/** A random address in 10.0.0.0/8, so that sign-ins of a test file do not hit the per-IP login limit. */
export const randomIp = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0]! % 254)}`

/**
 * Creates a user straight in the database, then signs in through POST /api/auth/login, so the
 * session is a real one (cookie, CSRF token, expiry) exactly like the dashboard gets.
 */
export async function signIn(app: FastifyInstance, options: SignInOptions): Promise<SignedIn> {
  const email = options.email ?? `${options.role}-${randomBytes(5).toString('hex')}@test.kaltimprov.go.id`
  const password = options.password ?? TEST_PASSWORD
  const passwordHash = options.password ? hashPassword(options.password) : testPasswordHashOnce()
  await insertUser(app.db, {
    email,
    name: options.name ?? `Uji ${options.role}`,
    passwordHash: await passwordHash,
    role: options.role,
    regions: options.regions ?? [],
  })
  const answer = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: randomIp() })
  if (answer.statusCode !== 200) throw new Error(`login failed: ${answer.statusCode} ${answer.body}`)
  const body = answer.json() as { user: User; csrfToken: string }
  return {
    headers: { cookie: sessionCookieOf(answer.headers['set-cookie']), 'x-csrf-token': body.csrfToken },
    user: body.user,
    csrfToken: body.csrfToken,
    password,
  }
}

export interface CreatedApiToken {
  /** Pass to app.inject: `authorization: Bearer jk_…`. */
  headers: { authorization: string }
  id: number
  token: string
  /** The token's creator (users.id), or null. */
  createdBy: number | null
}

/**
 * Creates an API token straight in the database (no admin needed) and returns its Bearer header.
 * A token works only for an active creator whose role covers it, so unless `createdBy` is given
 * (a user id, or null for a token without creator) a new user of the token's role and regions is
 * made its creator.
 */
export async function createApiToken(
  app: FastifyInstance,
  options: { role: Role; regions?: string[]; name?: string; createdBy?: number | null },
): Promise<CreatedApiToken> {
  const token = newApiTokenSecret()
  const regions = options.regions ?? []
  const createdBy =
    options.createdBy !== undefined
      ? options.createdBy
      : (
          await insertUser(app.db, {
            email: `token-owner-${randomBytes(5).toString('hex')}@test.kaltimprov.go.id`,
            name: `Pemilik token ${options.role}`,
            passwordHash: await testPasswordHashOnce(),
            role: options.role,
            regions,
          })
        ).id
  const created = await insertApiToken(app.db, {
    name: options.name ?? `token ${options.role}`,
    role: options.role,
    regions,
    tokenHash: sha256Hex(token),
    createdBy,
  })
  return { headers: { authorization: `Bearer ${token}` }, id: created.id, token, createdBy }
}
