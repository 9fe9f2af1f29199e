import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CreatedToken, CreateTokenBody, ErrorBody, IdParams, ListQuery, TokenList } from '@jangkau/shared'
import { Type } from 'typebox'
import { checkRoleRegions } from '../auth/role-regions.ts'
import { newApiTokenSecret, sha256Hex } from '../auth/secrets.ts'
import { AppError } from '../errors.ts'
import { t } from '../i18n.ts'
import { getApiToken, insertApiToken, listApiTokens, revokeApiToken } from '../queries/api-tokens.ts'
import { auditedWrite, created, deleted } from './audited-write.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

/**
 * API tokens for machine clients (`Authorization: Bearer jk_…`), each with a role like a person,
 * acting for the person who created it (listed as createdBy): it works only while they are active and
 * their role covers it (auth/policy.ts tokenRefusal). The secret is answered once at creation; only
 * its sha256 is stored. Revoked tokens stay listed.
 */
const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/tokens',
    { config: { access: 'admin' }, schema: { tags: ['admin'], querystring: ListQuery, response: { 200: TokenList, ...errors } } },
    async (request) => listApiTokens(app.db, { limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  )

  app.post(
    '/api/tokens',
    { config: { access: 'admin' }, schema: { tags: ['admin'], body: CreateTokenBody, response: { 201: CreatedToken, ...errors } } },
    async (request, reply) => {
      const { name, role } = request.body
      const regions = await checkRoleRegions(app.db, role, request.body.regions ?? [])
      const secret = newApiTokenSecret()
      const token = await auditedWrite(app.db, request.actor, 'token', async (trx) => {
        // The token acts for a person: the admin signed in, or the creator of the admin token used.
        const actor = request.actor!
        const createdBy = actor.kind === 'user' ? actor.id : ((await getApiToken(trx, actor.id))?.createdBy?.id ?? null)
        return created(await insertApiToken(trx, { name, role, regions, tokenHash: sha256Hex(secret), createdBy }))
      })
      return reply.code(201).send({ ...token, token: secret })
    },
  )

  app.delete(
    '/api/tokens/:id',
    { config: { access: 'admin' }, schema: { tags: ['admin'], params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { id } = request.params
      // Revoked, not deleted: the audit entry keeps the token as it stays behind.
      await auditedWrite(app.db, request.actor, 'token', async (trx) => {
        const before = await getApiToken(trx, id)
        const after = before && (await revokeApiToken(trx, id, app.clock()))
        if (!before || !after)
          throw new AppError(
            404,
            'not_found',
            t(`Token ${id} tidak ada atau sudah dicabut.`, `Token ${id} does not exist or is already revoked.`),
          )
        return deleted(id, before, after)
      })
      return reply.code(204).send(null)
    },
  )
}

export default tokenRoutes
