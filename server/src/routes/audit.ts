import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AuditList, AuditQuery, ErrorBody } from '@jangkau/shared'
import { listAuditEntries } from '../queries/audit.ts'

/** GET /api/audit: the audit log, newest first; `entity=user`, `actor=user:12` or `actor=token:3` filter it. */
const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/audit',
    {
      config: { access: 'admin' },
      schema: { tags: ['admin'], querystring: AuditQuery, response: { 200: AuditList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody } },
    },
    async (request) => {
      const { limit = 50, offset = 0, entity, actor } = request.query
      const [kind, id] = actor?.split(':') ?? []
      return listAuditEntries(app.db, {
        limit,
        offset,
        entity,
        actor: kind === 'user' || kind === 'token' ? { kind, id: Number(id) } : undefined,
      })
    },
  )
}

export default auditRoutes
