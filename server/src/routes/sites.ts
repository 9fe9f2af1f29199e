import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CreateSiteBody, ErrorBody, IdParams, ListQuery, Site, SiteList, UpdateSiteBody } from '@jangkau/shared'
import { Type } from 'typebox'
import { syncSiteFeed } from '../catalog/feed-sync.ts'
import { isOnSiteHost } from '../catalog/portal-feed.ts'
import { AppError, badRequest } from '../errors.ts'
import { t } from '../i18n.ts'
import { insertAuditEntry } from '../queries/audit.ts'
import { getRegions } from '../queries/regions.ts'
import { deleteSite, getSite, insertSite, listSites, updateSite } from '../queries/sites.ts'
import { auditedWrite, created, deleted, updated, type Conflicts } from './audited-write.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody }

const hostnameTaken: Conflicts = {
  unique: { code: 'hostname_taken', message: t('Hostname sudah terdaftar.', 'The hostname is already registered.') },
}
/** A feed only on the site's own host (or a subdomain): the server fetches it, so it must not point elsewhere. */
function checkFeedUrl(feedUrl: string | null | undefined, hostname: string): void {
  if (feedUrl === null || feedUrl === undefined) return
  if (!isOnSiteHost(feedUrl, hostname)) {
    throw badRequest(
      'invalid_feed_url',
      t(
        `Alamat feed harus http(s) pada host situs (${hostname}) atau subdomainnya.`,
        `The feed address must be http(s) on the site's host (${hostname}) or a subdomain of it.`,
      ),
    )
  }
}

const siteNotFound = (id: number) => new AppError(404, 'not_found', t(`Situs ${id} tidak ditemukan.`, `Site ${id} not found.`))

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
      throw badRequest('invalid_region', t(`Bukan kode provinsi atau kabupaten/kota: ${code}.`, `Not a province or regency code: ${code}.`))
    }
  }

  app.get(
    '/api/sites',
    { config: { access: 'read' }, schema: { tags: ['catalogue'], querystring: ListQuery, response: { 200: SiteList, ...errors } } },
    async (request) => listSites(app.db, { limit: request.query.limit ?? 50, offset: request.query.offset ?? 0 }),
  )

  app.post(
    '/api/sites',
    {
      config: { access: 'admin', conflicts: hostnameTaken },
      schema: { tags: ['catalogue'], body: CreateSiteBody, response: { 201: Site, ...errors } },
    },
    async (request, reply) => {
      const { hostname, name, regionCode = null, feedUrl = null } = request.body
      await checkRegion(regionCode)
      checkFeedUrl(feedUrl, hostname)
      const site = await auditedWrite(app.db, request.actor, 'site', async (trx) =>
        created(await insertSite(trx, { hostname, name, regionCode, feedUrl })),
      )
      app.ingest.catalog.invalidate()
      return reply.code(201).send(site)
    },
  )

  app.patch(
    '/api/sites/:id',
    {
      config: { access: 'admin', conflicts: hostnameTaken },
      schema: { tags: ['catalogue'], params: IdParams, body: UpdateSiteBody, response: { 200: Site, ...errors } },
    },
    async (request) => {
      const { id } = request.params
      await checkRegion(request.body.regionCode)
      const site = await auditedWrite(app.db, request.actor, 'site', async (trx) => {
        const before = await getSite(trx, id)
        if (!before) throw siteNotFound(id)
        // The feed must stay on the site's host, whichever of the two changes.
        checkFeedUrl(request.body.feedUrl === undefined ? before.feedUrl : request.body.feedUrl, request.body.hostname ?? before.hostname)
        const after = await updateSite(trx, id, request.body)
        if (!after) throw siteNotFound(id)
        return updated(id, before, after)
      })
      app.ingest.catalog.invalidate()
      return site
    },
  )

  // "Sinkronkan sekarang": reads the site's feed at once. The outcome (also a failed one) is recorded
  // on the site and answered with it; the articles it confirmed are in the audit log.
  app.post(
    '/api/sites/:id/sync',
    { config: { access: 'admin' }, schema: { tags: ['catalogue'], params: IdParams, response: { 200: Site, ...errors } } },
    async (request) => {
      const site = await getSite(app.db, request.params.id)
      if (!site) throw siteNotFound(request.params.id)
      if (!site.feedUrl) throw badRequest('no_feed_url', t('Situs ini belum memiliki alamat feed.', 'The site has no feed address.'))
      const outcome = await syncSiteFeed(app, site)
      await insertAuditEntry(app.db, {
        actor: request.actor,
        action: 'import',
        entity: 'site_feed',
        entityId: String(site.id),
        before: null,
        after: {
          feedUrl: site.feedUrl,
          error: outcome.site.feedSync.error,
          items: outcome.site.feedSync.items,
          created: outcome.created,
          updated: outcome.updated,
        },
      })
      return outcome.site
    },
  )

  app.delete(
    '/api/sites/:id',
    {
      config: {
        access: 'admin',
        conflicts: {
          foreignKey: {
            code: 'site_in_use',
            message: t('Situs ini sudah memiliki artikel dan tidak dapat dihapus.', 'The site has articles and cannot be deleted.'),
          },
        },
      },
      schema: { tags: ['catalogue'], params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      const { id } = request.params
      await auditedWrite(app.db, request.actor, 'site', async (trx) => {
        const before = await getSite(trx, id)
        if (!before) throw siteNotFound(id)
        await deleteSite(trx, id)
        return deleted(id, before)
      })
      app.ingest.catalog.invalidate()
      return reply.code(204).send(null)
    },
  )
}

export default siteRoutes
