import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { deleteExpiredSessions, deleteSession, insertSession } from '../queries/sessions.ts'
import { newCsrfToken, newSessionId, sha256Hex } from './secrets.ts'

/** The cookie that carries the session id (the database keeps only its sha256). */
export const SESSION_COOKIE = 'jangkau_session'

/** httpOnly (no script reads it), SameSite=Lax (no cross-site POST carries it), Secure over HTTPS. */
function cookieOptions(request: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https' }
}

/**
 * Signs `userId` in: a brand-new session id every time (an id planted before login is never
 * adopted), the old session of this browser ended, the cookie set. Returns the CSRF token.
 */
export async function startSession(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, userId: number): Promise<string> {
  const now = app.clock()
  const previous = request.cookies[SESSION_COOKIE]
  if (previous) await deleteSession(app.db, sha256Hex(previous))
  await deleteExpiredSessions(app.db, now)

  const id = newSessionId()
  const csrfToken = newCsrfToken()
  const ttlMs = app.config.sessionTtlHours * 3600_000
  await insertSession(app.db, {
    idHash: sha256Hex(id),
    userId,
    csrfToken,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttlMs),
  })
  reply.setCookie(SESSION_COOKIE, id, { ...cookieOptions(request), maxAge: ttlMs / 1000 })
  return csrfToken
}

/** Ends the request's authenticated session (set by the auth plugin) and clears the cookie. */
export async function endSession(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.authSession) await deleteSession(app.db, request.authSession.idHash)
  clearSessionCookie(request, reply)
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request))
}
