import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CreateSiteBody, ErrorBody, IdParams, ListQuery, Site, SiteList, UpdateSiteBody } from '@jangkau/shared'
import { Type } from 'typebox'
import { isForeignKeyViolation, isUniqueViolation } from '../db/pg-errors.ts'
import { AppError, badRequest } from '../errors.ts'
import { deleteSite } from '../queries/delete-site.ts'
import { getRegions } from '../queries/get-regions.ts'
import { getSite } from '../queries/get-site.ts'
import { insertAuditEntry } from '../queries/insert-audit-entry.ts'
import { insertSite } from '../queries/insert-site.ts'
import { listSites } from '../queries/list-sites.ts'
import { updateSite } from '../queries/update-site.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody }

const hostnameTaken = () => new AppError(409, 'hostname_taken', 'Hostname sudah terdaftar. / The hostname is already registered.')
const siteNotFound = (id: number) => new AppError(404, 'not_found', `Situs ${id} tidak ditemukan. / Site ${id} not found.`)

/**
 * The portals whose page views are counted. Ingest keeps them in its catalogue cache, so every
 * change invalidates it. A site with articles cannot be deleted (409 `site_in_use`).
 */
const siteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** A site belongs to the province ("64") or one regency/city; anything else is refused. */
  async function checkRegion(code: string | null | undefined): Promise<void> {
    if (code === null || code === undefined) return
    const [region] = await getRegions(app.db, [code])
    if (!region || !['provinsi', 'kabupaten', 'kota'].includes(region.level)) {
      throw badRequest('invalid_region', `Bukan kode provinsi atau kabupaten/kota: ${code}. / Not a province or regency code: ${code}.`)
    }
  }

  app.get(
    '/api/sites',
    { config: { access: 'read' }, schema: { tags: ['catalogue'], querystring: ListQuery, response: { 200: SiteList, ...errors } } },
    async (request) => listSites(app.db, { limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  )

  app.post(
    '/api/sites',
    { config: { access: 'admin' }, schema: { tags: ['catalogue'], body: CreateSiteBody, response: { 201: Site, ...errors } } },
    async (request, reply) => {
      const { hostname, name, regionCode = null } = request.body
      await checkRegion(regionCode)
      try {
        const site = await app.db.transaction().execute(async (trx) => {
          const created = await insertSite(trx, { hostname, name, regionCode })
          await insertAuditEntry(trx, { actor: request.actor, action: 'create', entity: 'site', entityId: String(created.id), before: null, after: created })
          return created
        })
        app.ingest.catalog.invalidate()
        return reply.code(201).send(site)
      } catch (error) {
        throw isUniqueViolation(error) ? hostnameTaken() : error
      }
    },
  )

  app.patch(
    '/api/sites/:id',
    { config: { access: 'admin' }, schema: { tags: ['catalogue'], params: IdParams, body: UpdateSiteBody, response: { 200: Site, ...errors } } },
    async (request) => {
      const { id } = request.params
      await checkRegion(request.body.regionCode)
      try {
        const site = await app.db.transaction().execute(async (trx) => {
          const before = await getSite(trx, id)
          const after = before && (await updateSite(trx, id, request.body))
          if (!before || !after) throw siteNotFound(id)
          await insertAuditEntry(trx, { actor: request.actor, action: 'update', entity: 'site', entityId: String(id), before, after })
          return after
        })
        app.ingest.catalog.invalidate()
        return site
      } catch (error) {
        throw isUniqueViolation(error) ? hostnameTaken() : error
      }
    },
  )

  app.delete(
    '/api/sites/:id',
    { config: { access: 'admin' }, schema: { tags: ['catalogue'], params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const { id } = request.params
      try {
        await app.db.transaction().execute(async (trx) => {
          const before = await getSite(trx, id)
          if (!before) throw siteNotFound(id)
          await deleteSite(trx, id)
          await insertAuditEntry(trx, { actor: request.actor, action: 'delete', entity: 'site', entityId: String(id), before, after: null })
        })
      } catch (error) {
        if (isForeignKeyViolation(error)) {
          throw new AppError(409, 'site_in_use', 'Situs ini sudah memiliki artikel dan tidak dapat dihapus. / The site has articles and cannot be deleted.')
        }
        throw error
      }
      app.ingest.catalog.invalidate()
      return reply.code(204).send(null)
    },
  )
}

export default siteRoutes
