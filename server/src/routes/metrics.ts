import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBody } from '@jangkau/shared'
import { Type } from 'typebox'
import { tokenRefusal } from '../auth/policy.ts'
import { safeEqual, sha256Hex } from '../auth/secrets.ts'
import { AppError } from '../errors.ts'
import { t } from '../i18n.ts'
import { findApiToken } from '../queries/api-tokens.ts'

/**
 * GET /metrics: Prometheus text format (plugins/metrics.ts says what is in it). Access: the bearer
 * METRICS_TOKEN (a secret that can read metrics and nothing else, for the Prometheus server), or an
 * admin's API token. Not public, even on localhost: behind a reverse proxy every request comes from
 * localhost, and the figures tell an outsider how busy and how healthy the server is.
 */
const metricsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/metrics',
    // 'public' for the auth plugin, which knows sessions and API tokens only; checked below.
    { config: { access: 'public' }, schema: { tags: ['ops'], response: { 200: Type.String(), 401: ErrorBody } } },
    async (request, reply) => {
      const secret = /^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
      if (!secret || !(await allowed(secret))) {
        reply.header('www-authenticate', 'Bearer realm="jangkau-metrics"')
        throw new AppError(
          401,
          'unauthenticated',
          t('Perlu METRICS_TOKEN atau token API admin.', 'METRICS_TOKEN or an admin API token is required.'),
        )
      }
      reply.type(app.metrics.contentType)
      return app.metrics.render()
    },
  )

  async function allowed(secret: string): Promise<boolean> {
    const { metricsToken } = app.config
    // Hashes of equal length compared in constant time: the token's length leaks nothing either.
    if (metricsToken && safeEqual(sha256Hex(secret), sha256Hex(metricsToken))) return true
    const token = await findApiToken(app.db, sha256Hex(secret))
    // The same rule as everywhere else: the token's creator must still be an active admin.
    return token?.role === 'admin' && tokenRefusal(token) === null
  }
}

export default metricsRoutes
