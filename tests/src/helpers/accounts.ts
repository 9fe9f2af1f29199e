import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { randomIp } from './auth.ts'
import { createTestApp, type TestApp } from './test-app.ts'

// What the accounts tests share (auth-sessions, auth-tokens-users and auth-audit-sites.test.ts).

export const ADMIN_EMAIL = 'admin@diskominfo.kaltimprov.go.id'
export const ADMIN_PASSWORD = 'Kaltim-Berdaulat-2026'
export const START = new Date('2026-03-10T02:00:00Z')
export const HOUR = 3600_000

export const gate = (status: number, code: string) => ({ status, code })

/** The same token with its last character changed (a token ending in "A" must not stay right). */
export function wrongLastCharacter(token: string): string {
  return `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
}

/**
 * One app for an accounts test file, registered in the calling describe. ADMIN_EMAIL creates an
 * admin at start (what that left is `atStart`); before each test the clock is back at START (tests
 * move it with `t.now`) and accounts, audit log and catalogue are empty.
 */
export function accountsApp() {
  let t: TestApp
  let now = START
  /** What the ADMIN_EMAIL bootstrap left at start, before any test truncated the tables. */
  let atStart: { users: unknown[]; audit: unknown[] }

  beforeAll(async () => {
    t = await createTestApp({
      clock: () => now,
      // trustProxy: tests pick the client IP with X-Forwarded-For and HTTPS with X-Forwarded-Proto.
      config: { adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD, trustProxy: true },
    })
    atStart = {
      users: await t.app.db.selectFrom('users').select(['id', 'email', 'name', 'role', 'regions', 'active']).execute(),
      audit: await t.app.db.selectFrom('audit_log').select(['actor_kind', 'actor_id', 'action', 'entity', 'entity_id']).execute(),
    }
  })
  afterAll(async () => t?.close())
  beforeEach(async () => {
    now = START
    await sql`truncate users, sessions, api_tokens, login_failures, audit_log, page_views,
      articles, sites, categories restart identity cascade`.execute(t.app.db)
    t.app.ingest.catalog.invalidate()
  })

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object) =>
    t.app.inject({ method, url, headers: { 'x-forwarded-for': randomIp(), ...headers }, ...(payload ? { payload } : {}) })
  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    inject('POST', '/api/auth/login', headers, { email, password })
  const errorOf = (r: { statusCode: number; json: () => unknown }) => ({
    status: r.statusCode,
    code: (r.json() as { error?: { code: string } }).error?.code,
  })
  const auditRows = () =>
    t.app.db
      .selectFrom('audit_log')
      .select(['actor_kind', 'actor_id', 'actor_name', 'action', 'entity', 'entity_id', 'before', 'after'])
      .orderBy('id')
      .execute()

  return {
    get app() {
      return t.app
    },
    get now() {
      return now
    },
    set now(value: Date) {
      now = value
    },
    get atStart() {
      return atStart
    },
    inject,
    login,
    errorOf,
    auditRows,
  }
}
