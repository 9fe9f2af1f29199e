import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HealthAnswer } from '@jangkau/shared'
import { databaseIsUp } from '../db/kysely.ts'

/** GET /healthz: 200 when the database answers, 503 (at once) when it does not. */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    { config: { access: 'public' }, schema: { tags: ['ops'], response: { 200: HealthAnswer, 503: HealthAnswer } } },
    async (_request, reply) => {
      const up = await databaseIsUp(app.db)
      return reply.code(up ? 200 : 503).send({ status: up ? 'ok' : 'error', database: app.databaseKind })
    },
  )
}

export default healthRoutes
