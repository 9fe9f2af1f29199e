import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CounterAnswer, CounterQuery, ErrorBody, normaliseArticleUrl, withFragment } from '@jangkau/shared'
import { badRequest } from '../errors.ts'
import { t } from '../i18n.ts'
import { allowPreflight, CROSS_ORIGIN } from '../plugins/security-headers.ts'
import { getArticleViews } from '../queries/articles.ts'

/** GET /api/counter?url=…[&hash=1] → {"url", "views"}: the public "N kali dilihat" number, CORS-enabled. */
const counterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/counter',
    // Shed with 503 when overloaded (plugins/overload.ts): the counter is decoration, page views come first.
    {
      config: { access: 'public', ...CROSS_ORIGIN, shedUnderPressure: true },
      schema: { tags: ['ingest'], querystring: CounterQuery, response: { 200: CounterAnswer, 400: ErrorBody, 503: ErrorBody } },
    },
    async (request, reply) => {
      const normalised = normaliseArticleUrl(request.query.url, app.config.urlKeepParams)
      if (!normalised) throw badRequest('invalid_url', t('url harus alamat http(s) lengkap.', 'url must be an absolute http(s) URL.'))
      // hash=1: a hash-routed page, counted with its fragment (Plausible's h=1).
      const url = request.query.hash === 1 ? withFragment(normalised, request.query.url) : normalised
      // Read from the maintained count, updated in the same transaction as the views: right after a 202.
      reply.header('cache-control', 'no-cache')
      return { url, views: await getArticleViews(app.db, url) }
    },
  )
  allowPreflight(app, '/api/counter')
}

export default counterRoutes
