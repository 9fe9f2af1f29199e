import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody, LoginBody, LogoutAnswer, MeAnswer } from '@jangkau/shared'
import { loginAddressOf } from '../auth/login-address.ts'
import { DUMMY_HASH_PROMISE, verifyPassword } from '../auth/password.ts'
import { endSession, startSession } from '../auth/sessions.ts'
import { AppError } from '../errors.ts'
import { t } from '../i18n.ts'
import { deleteLoginFailures, getLoginFailures, insertLoginFailure } from '../queries/login-failures.ts'
import { findUserByEmail } from '../queries/users.ts'

/**
 * Sign in and out of the dashboard. Login is throttled twice: per IP by @fastify/rate-limit (all
 * attempts, any account) and per account AND address by the failures stored in login_failures. The
 * lockout holds for the address the failures came from only, so a stranger's wrong passwords never
 * lock the owner (or an admin) out; a success from an address forgets that address's failures, and
 * an admin can forget them all (POST /api/users/:id/unlock). Both answer 429 with Retry-After.
 */
const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { maxPerIp, maxFailuresPerAccount, windowMinutes } = app.config.login
  const windowMs = windowMinutes * 60_000

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: { max: maxPerIp, timeWindow: windowMs } },
      schema: {
        tags: ['auth'],
        body: LoginBody,
        response: { 200: MeAnswer, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 415: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      const now = app.clock()
      const email = request.body.email.trim().toLowerCase()
      const windowStart = new Date(now.getTime() - windowMs)
      const address = loginAddressOf(request.ip)

      const failures = await getLoginFailures(app.db, email, address, windowStart)
      if (failures.count >= maxFailuresPerAccount && failures.oldest) {
        // Open again when the oldest counted failure leaves the window.
        const retryAfter = Math.max(1, Math.ceil((failures.oldest.getTime() + windowMs - now.getTime()) / 1000))
        reply.header('retry-after', String(retryAfter))
        throw new AppError(
          429,
          'rate_limited',
          t(
            `Terlalu banyak percobaan masuk; coba lagi dalam ${Math.ceil(retryAfter / 60)} menit.`,
            `Too many sign-in attempts; try again in ${Math.ceil(retryAfter / 60)} minutes.`,
          ),
        )
      }

      const found = await findUserByEmail(app.db, email)
      // An unknown email is checked against a dummy hash: same answer, about the same time.
      const passwordOk = await verifyPassword(request.body.password, found?.passwordHash ?? (await DUMMY_HASH_PROMISE))
      if (!found || !passwordOk || !found.user.active) {
        await insertLoginFailure(app.db, email, address, now)
        await deleteLoginFailures(app.db, { before: windowStart })
        throw new AppError(401, 'invalid_credentials', t('Email atau kata sandi salah.', 'Wrong email or password.'))
      }
      await deleteLoginFailures(app.db, { email, address })
      // Failures that no longer count go at every login, so a stranger's address is not kept long.
      await deleteLoginFailures(app.db, { before: windowStart })
      const csrfToken = await startSession(app, request, reply, found.user.id)
      return { user: found.user, csrfToken }
    },
  )

  app.post(
    '/api/auth/logout',
    { config: { access: 'read' }, schema: { tags: ['auth'], response: { 200: LogoutAnswer, 401: ErrorBody, 403: ErrorBody } } },
    async (request, reply) => {
      await endSession(app, request, reply)
      return { status: 'signed_out' as const }
    },
  )

  app.get(
    '/api/auth/me',
    { config: { access: 'read' }, schema: { tags: ['auth'], response: { 200: MeAnswer, 401: ErrorBody, 403: ErrorBody } } },
    async (request) => {
      if (!request.authSession) {
        throw new AppError(
          403,
          'session_required',
          t('Hanya untuk sesi dasbor, bukan token API.', 'For dashboard sessions only, not API tokens.'),
        )
      }
      return { user: request.authSession.user, csrfToken: request.authSession.csrfToken }
    },
  )
}

export default authRoutes
