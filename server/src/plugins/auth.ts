import cookie from '@fastify/cookie'
import type { User } from '@jangkau/shared'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { bootstrapAdmin } from '../auth/bootstrap-admin.ts'
import { canAccess, tokenRefusal, type Access } from '../auth/policy.ts'
import { safeEqual, sha256Hex } from '../auth/secrets.ts'
import { clearSessionCookie, SESSION_COOKIE } from '../auth/sessions.ts'
import { AppError } from '../errors.ts'
import { t } from '../i18n.ts'
import { findApiToken, touchApiToken } from '../queries/api-tokens.ts'
import { deleteSession, findSession } from '../queries/sessions.ts'

/** One registered route and the access the auth hook enforces for it (collected as routes are added). */
export interface RouteAccess {
  method: string
  url: string
  /** What the route declared in `config.access`, or undefined. */
  declared: Access | undefined
  /** What is enforced: the declaration, else admin under /api/ and public elsewhere. */
  access: Access
  /** Writes accepted from other sites' pages (config.crossOrigin: the beacon routes); else 403 `cross_site`. */
  crossSiteWrites: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access, for the authorisation matrix test and for review. */
    routeAccess: RouteAccess[]
  }
  interface FastifyRequest {
    /** The dashboard session behind a cookie-authenticated request (null for tokens and public routes). */
    authSession: { idHash: string; csrfToken: string; user: User } | null
  }
}

/** Methods that change something: with a session cookie they must carry X-CSRF-Token. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** last_used_at of a token is written at most once a minute, not on every request. */
const TOKEN_TOUCH_MS = 60_000

const unauthenticated = (message: string) => new AppError(401, 'unauthenticated', message)

/**
 * Whether a request was sent by another site's page: `Sec-Fetch-Site: cross-site`, or an `Origin`
 * that is neither this server as the browser addressed it (the Host header; its scheme is not
 * compared, since behind a TLS proxy without TRUST_PROXY the server sees http) nor PUBLIC_URL. No
 * Origin (curl, scripts, API clients) is not cross-site; "null" (sandboxed frames, file:) is.
 */
export function isCrossSite(
  headers: { origin?: string | undefined; 'sec-fetch-site'?: string | undefined },
  host: string,
  publicUrl: string | undefined,
): boolean {
  if (headers['sec-fetch-site'] === 'cross-site') return true
  const { origin } = headers
  if (origin === undefined) return false
  if (!URL.canParse(origin)) return true
  const from = new URL(origin)
  // The Host header read with the Origin's scheme, so that a default port (":80", ":443") compares equal.
  const own = URL.canParse(`${from.protocol}//${host}`) ? new URL(`${from.protocol}//${host}`).host : undefined
  if (from.host === own) return false
  return publicUrl === undefined || from.origin !== new URL(publicUrl).origin
}

/**
 * The access a route requires. A route under /api/ that declares none is treated as admin-only, so
 * a forgotten declaration fails closed; outside /api/ (t.js, the dashboard's files, /docs, /healthz)
 * routes are public unless they declare otherwise.
 */
export function requiredAccess(route: { url?: string; config?: { access?: Access } }): Access {
  if (route.config?.access) return route.config.access
  return route.url?.startsWith('/api/') ? 'admin' : 'public'
}

/**
 * Who is calling: an `Authorization: Bearer jk_…` API token, else the session cookie. Sets
 * request.actor (and request.authSession for a session) or throws 401.
 */
async function authenticate(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const authorization = request.headers.authorization
  if (authorization !== undefined) {
    const secret = /^Bearer +(\S+)$/i.exec(authorization)?.[1]
    const token = secret ? await findApiToken(app.db, sha256Hex(secret)) : undefined
    if (!token) throw unauthenticated(t('Token API tidak sah atau sudah dicabut.', 'The API token is invalid or revoked.'))
    const refusal = tokenRefusal(token)
    if (refusal) throw refusal
    const now = app.clock()
    if (!token.lastUsedAt || now.getTime() - Date.parse(token.lastUsedAt) >= TOKEN_TOUCH_MS) await touchApiToken(app.db, token.id, now)
    request.actor = { kind: 'token', id: token.id, name: token.name, role: token.role, regions: token.regions }
    return
  }

  const sessionId = request.cookies[SESSION_COOKIE]
  if (!sessionId) throw unauthenticated(t('Silakan masuk terlebih dahulu.', 'Please sign in.'))
  const session = await findSession(app.db, sha256Hex(sessionId))
  if (!session) {
    // Logged out, revoked, or the user was deactivated or deleted.
    clearSessionCookie(request, reply)
    throw unauthenticated(t('Sesi tidak berlaku lagi; silakan masuk kembali.', 'The session is no longer valid; please sign in again.'))
  }
  if (session.expiresAt.getTime() <= app.clock().getTime()) {
    await deleteSession(app.db, session.idHash)
    clearSessionCookie(request, reply)
    throw new AppError(
      401,
      'session_expired',
      t('Sesi Anda telah berakhir; silakan masuk kembali.', 'Your session has expired; please sign in again.'),
    )
  }
  const { user } = session
  request.actor = { kind: 'user', id: user.id, name: user.name, role: user.role, regions: user.regions }
  request.authSession = { idHash: session.idHash, csrfToken: session.csrfToken, user }
}

/**
 * Authentication and authorisation in one hook for every route: 403 `cross_site` for a write sent by
 * another site's page (login and public routes included; only the beacon routes, which portals call
 * cross-origin, are exempt), 401 without a valid actor, 403 `forbidden` for a role the route's access
 * does not grant (policy.ts), 403 `csrf` for a cookie-authenticated write without the session's
 * X-CSRF-Token. Public routes skip the rest (no database lookup on the ingest path). Also makes sure
 * the ADMIN_EMAIL admin exists.
 */
export default fp(
  async (app) => {
    await app.register(cookie)
    app.decorateRequest('actor', null)
    app.decorateRequest('authSession', null)
    app.decorate('routeAccess', [] as RouteAccess[])
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        const crossSiteWrites = WRITE_METHODS.has(method) && route.config?.crossOrigin === true
        app.routeAccess.push({ method, url: route.url, declared: route.config?.access, access: requiredAccess(route), crossSiteWrites })
      }
    })

    app.addHook('onRequest', async (request, reply) => {
      if (request.is404) return
      // A cross-site form or fetch must not sign anyone in or out, nor change anything: the session
      // cookie is SameSite=Lax, but login needs no cookie (login CSRF swapped a victim's session).
      if (
        WRITE_METHODS.has(request.method) &&
        !request.routeOptions.config.crossOrigin &&
        isCrossSite(request.headers, request.host, app.config.publicUrl)
      ) {
        throw new AppError(403, 'cross_site', t('Permintaan dari situs lain ditolak.', 'Requests from another site are refused.'))
      }
      const access = requiredAccess(request.routeOptions)
      if (access === 'public') return
      await authenticate(app, request, reply)
      if (!canAccess(request.actor, access)) {
        throw new AppError(403, 'forbidden', t('Anda tidak berwenang melakukan ini.', 'You are not allowed to do this.'))
      }
      // A bearer token cannot be attached by another site's page, so only cookie sessions need this.
      if (request.authSession && WRITE_METHODS.has(request.method)) {
        const sent = request.headers['x-csrf-token']
        if (typeof sent !== 'string' || !safeEqual(sent, request.authSession.csrfToken)) {
          throw new AppError(
            403,
            'csrf',
            t('Token CSRF tidak ada atau salah; muat ulang halaman.', 'The CSRF token is missing or wrong; reload the page.'),
          )
        }
      }
    })

    const { adminEmail, adminPassword } = app.config
    if (adminEmail && adminPassword) {
      const outcome = await bootstrapAdmin(app.db, adminEmail, adminPassword)
      if (outcome !== 'unchanged') app.log.info({ email: adminEmail }, `ADMIN_EMAIL admin ${outcome}`)
    } else if (adminEmail || adminPassword) {
      app.log.warn('Set both ADMIN_EMAIL and ADMIN_PASSWORD to create the first admin; one alone is ignored.')
    }
  },
  { name: 'auth', dependencies: ['db'] },
)
