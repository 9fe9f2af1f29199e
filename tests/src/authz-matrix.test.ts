import { canAccess } from '@jangkau/server/auth/policy.ts'
import { newCsrfToken, newSessionId, sha256Hex } from '@jangkau/server/auth/secrets.ts'
import { SESSION_COOKIE } from '@jangkau/server/auth/sessions.ts'
import type { Actor, Role } from '@jangkau/server/db/actor.ts'
import type { RouteAccess } from '@jangkau/server/plugins/auth.ts'
import { revokeApiToken } from '@jangkau/server/queries/api-tokens.ts'
import { insertSession } from '@jangkau/server/queries/sessions.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiToken, signIn } from './helpers/auth.ts'
import { createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

/**
 * Every registered route × every kind of caller: the auth gate must answer 401/403 exactly where
 * policy.ts says so, and let everything else through to the handler. Routes come from the auth
 * plugin's own list (app.routeAccess), so routes added later by anyone are covered automatically.
 */

type Caller =
  | { kind: 'session'; role: Role }
  | { kind: 'token'; role: Role }
  | { kind: 'none' }
  | { kind: 'expired session' }
  | { kind: 'revoked token' }
  | { kind: 'token of a deactivated creator' }
  | { kind: 'token of a deleted creator' }
  | { kind: 'admin token of a viewer' }
  | { kind: 'admin session from another site' }

const ROLES: Role[] = ['admin', 'viewer', 'operator']
const CALLERS: Caller[] = [
  ...ROLES.map((role): Caller => ({ kind: 'session', role })),
  ...ROLES.map((role): Caller => ({ kind: 'token', role })),
  { kind: 'none' },
  { kind: 'expired session' },
  { kind: 'revoked token' },
  { kind: 'token of a deactivated creator' },
  { kind: 'token of a deleted creator' },
  { kind: 'admin token of a viewer' },
  { kind: 'admin session from another site' },
]
const nameOf = (c: Caller) => ('role' in c ? `${c.role} ${c.kind}` : c.kind)

/** The only writes other sites' pages may send: the beacons portals post page views to. */
const CROSS_SITE_WRITES = ['POST /api/collect', 'POST /api/event']

/** The codes only the auth gate answers; a handler's own 403 (e.g. forbidden_region) is not the gate. */
const GATE_CODES = [
  'unauthenticated',
  'session_expired',
  'forbidden',
  'csrf',
  'cross_site',
  'token_orphaned',
  'token_owner_inactive',
  'token_owner_role',
]

/**
 * Routes that declare 'public' to the auth plugin but check a credential of their own, with the
 * gate answer they must give each caller. Keep this list short: every entry is authorisation
 * outside the one place, and should say why it cannot live in the plugin.
 */
const SELF_AUTHENTICATED: Record<string, (caller: Caller) => { status: number; code: string } | undefined> = {
  // Prometheus scrapes with METRICS_TOKEN (not an API token); an admin API token works too.
  'GET /metrics': (caller) => (caller.kind === 'token' && caller.role === 'admin' ? undefined : { status: 401, code: 'unauthenticated' }),
}

/** A concrete URL for a route pattern: parameters get an id that exists nowhere, wildcards a dummy. */
const urlOf = (pattern: string) =>
  `/${pattern
    .replace(/:(\w+)(\([^)]*\))?/g, '999999')
    .replace(/\*/g, 'x')
    .replace(/^\//, '')}`

describe(`authorisation matrix on ${testDatabase}`, () => {
  let t: TestApp
  let routes: RouteAccess[]
  const userIds = new Map<Role, number>()
  const bearer = new Map<Role, string>()
  let revokedBearer = ''
  const ownerless = new Map<string, string>()

  beforeAll(async () => {
    t = await createTestApp()
    routes = t.app.routeAccess.filter((r) => r.method !== 'HEAD')
    for (const role of ROLES) {
      const regions = role === 'operator' ? ['64.08'] : []
      userIds.set(role, (await signIn(t.app, { role, regions })).user.id)
      bearer.set(role, (await createApiToken(t.app, { role, regions })).headers.authorization)
    }
    const revoked = await createApiToken(t.app, { role: 'admin' })
    await revokeApiToken(t.app.db, revoked.id, new Date())
    revokedBearer = revoked.headers.authorization
    // Tokens whose creator no longer covers them (auth/policy.ts tokenRefusal).
    const inactive = await signIn(t.app, { role: 'admin' })
    await t.app.db.updateTable('users').set({ active: false }).where('id', '=', inactive.user.id).execute()
    ownerless.set(
      'token of a deactivated creator',
      (await createApiToken(t.app, { role: 'viewer', createdBy: inactive.user.id })).headers.authorization,
    )
    ownerless.set('token of a deleted creator', (await createApiToken(t.app, { role: 'admin', createdBy: null })).headers.authorization)
    ownerless.set(
      'admin token of a viewer',
      (await createApiToken(t.app, { role: 'admin', createdBy: userIds.get('viewer')! })).headers.authorization,
    )
  })
  afterAll(async () => t?.close())

  /**
   * A fresh session for each request (created like login does), so that a route which ends its
   * session (logout) or a session found expired (deleted on sight) cannot affect the next request.
   */
  async function sessionHeaders(userId: number, expiresAt: Date): Promise<Record<string, string>> {
    const id = newSessionId()
    const csrfToken = newCsrfToken()
    await insertSession(t.app.db, {
      idHash: sha256Hex(id),
      userId,
      csrfToken,
      createdAt: new Date(expiresAt.getTime() - 12 * 3600_000),
      expiresAt,
    })
    return { cookie: `${SESSION_COOKIE}=${id}`, 'x-csrf-token': csrfToken }
  }

  async function headersOf(caller: Caller): Promise<Record<string, string>> {
    const later = new Date(Date.now() + 3600_000)
    switch (caller.kind) {
      case 'session':
        return sessionHeaders(userIds.get(caller.role)!, later)
      case 'token':
        return { authorization: bearer.get(caller.role)! }
      case 'expired session':
        return sessionHeaders(userIds.get('admin')!, new Date(Date.now() - 1000))
      case 'revoked token':
        return { authorization: revokedBearer }
      case 'token of a deactivated creator':
      case 'token of a deleted creator':
      case 'admin token of a viewer':
        return { authorization: ownerless.get(caller.kind)! }
      case 'admin session from another site':
        return { ...(await sessionHeaders(userIds.get('admin')!, later)), origin: 'https://penyerang.example' }
      case 'none':
        return {}
    }
  }

  /** What the gate must answer, from policy.ts: undefined when the request must reach the handler. */
  function expectedGate(caller: Caller, route: RouteAccess): { status: number; code: string } | undefined {
    const { access } = route
    if (caller.kind === 'admin session from another site') {
      const isWrite = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method)
      return isWrite && !route.crossSiteWrites
        ? { status: 403, code: 'cross_site' }
        : expectedGate({ kind: 'session', role: 'admin' }, route)
    }
    if (access === 'public') return undefined
    if (caller.kind === 'token of a deactivated creator') return { status: 401, code: 'token_owner_inactive' }
    if (caller.kind === 'token of a deleted creator') return { status: 401, code: 'token_orphaned' }
    if (caller.kind === 'admin token of a viewer') return { status: 403, code: 'token_owner_role' }
    if (caller.kind === 'none' || caller.kind === 'revoked token') return { status: 401, code: 'unauthenticated' }
    if (caller.kind === 'expired session') return { status: 401, code: 'session_expired' }
    const actor: Actor = { kind: caller.kind === 'session' ? 'user' : 'token', id: 1, name: 'x', role: caller.role, regions: [] }
    return canAccess(actor, access) ? undefined : { status: 403, code: 'forbidden' }
  }

  it('finds the routes of this task among the registered ones', () => {
    const keys = routes.map((r) => `${r.method} ${r.url} ${r.access}`)
    expect(keys).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login public',
        'POST /api/auth/logout read',
        'GET /api/auth/me read',
        'GET /api/users admin',
        'PATCH /api/users/:id admin',
        'POST /api/tokens admin',
        'POST /api/users/:id/unlock admin',
        'GET /api/audit admin',
        'GET /api/sites read',
        'DELETE /api/sites/:id admin',
        'POST /api/sites/:id/sync admin',
        'PATCH /api/articles/:id admin',
        'GET /api/categories read',
        'GET /api/categories/unmapped admin',
        'POST /api/categories/:id/adopt admin',
        'POST /api/categories/:id/map admin',
        'POST /api/collect public',
        'POST /api/event public',
        'GET /api/counter public',
        'GET /healthz public',
        'GET /api/report-schedules admin',
        'POST /api/report-schedules admin',
        'PATCH /api/report-schedules/:id admin',
        'DELETE /api/report-schedules/:id admin',
        'POST /api/report-schedules/:id/send admin',
        'GET /api/report-deliveries admin',
      ]),
    )
  })

  it('accepts writes from other sites on the beacon routes only', () => {
    expect(routes.filter((r) => r.crossSiteWrites).map((r) => `${r.method} ${r.url}`)).toEqual(CROSS_SITE_WRITES)
  })

  it('has an access declared on every /api route (a missing one would mean admin-only)', () => {
    expect(routes.filter((r) => r.url.startsWith('/api/') && r.declared === undefined).map((r) => `${r.method} ${r.url}`)).toEqual([])
  })

  it('answers 401/403 exactly as policy.ts says, for every route and caller', async () => {
    const mismatches: string[] = []
    let checked = 0
    for (const route of routes) {
      for (const caller of CALLERS) {
        const r = await t.app.inject({ method: route.method as 'GET', url: urlOf(route.url), headers: await headersOf(caller) })
        const code = r.headers['content-type']?.toString().includes('json')
          ? (r.json() as { error?: { code?: string } }).error?.code
          : undefined
        const expected = (SELF_AUTHENTICATED[`${route.method} ${route.url}`] ?? ((c: Caller) => expectedGate(c, route)))(caller)
        const passedGate = r.statusCode !== 401 && !(r.statusCode === 403 && GATE_CODES.includes(code ?? ''))
        const ok = expected ? r.statusCode === expected.status && code === expected.code : passedGate
        if (!ok) {
          mismatches.push(
            `${route.method} ${route.url} as ${nameOf(caller)}: got ${r.statusCode} ${code}, ` +
              `want ${expected ? `${expected.status} ${expected.code}` : 'past the gate'}`,
          )
        }
        checked++
      }
    }
    expect(mismatches).toEqual([])
    expect(checked).toBe(routes.length * CALLERS.length)
  })
})
