import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CounterAnswer, CounterQuery, ErrorBody, normaliseArticleUrl } from '@jangkau/shared'
import { badRequest } from '../errors.ts'
import { getArticleViews } from '../queries/get-article-views.ts'
import { allowPreflight, CROSS_ORIGIN } from '../plugins/security-headers.ts'

/** GET /api/counter?url=… → {"url", "views"}: the public "N kali dilihat" number, CORS-enabled. */
const counterRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/counter',
    // Shed with 503 when overloaded (plugins/overload.ts): the counter is decoration, page views come first.
    {
      config: { access: 'public', ...CROSS_ORIGIN, shedUnderPressure: true },
      schema: { tags: ['ingest'], querystring: CounterQuery, response: { 200: CounterAnswer, 400: ErrorBody, 503: ErrorBody } },
    },
    async (request, reply) => {
      const url = normaliseArticleUrl(request.query.url, app.config.urlKeepParams)
      if (!url) throw badRequest('invalid_url', 'url harus alamat http(s) lengkap. / url must be an absolute http(s) URL.')
      // Read from the maintained count, updated in the same transaction as the views: right after a 202.
      reply.header('cache-control', 'no-cache')
      return { url, views: await getArticleViews(app.db, url) }
    },
  )
  allowPreflight(app, '/api/counter')
}

export default counterRoutes
