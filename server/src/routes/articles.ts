import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ARTICLE_UPSERT_COLUMNS,
  Article,
  ArticleList,
  ArticleQuery,
  ArticleUpsertAnswer,
  ArticleUpsertBody,
  ErrorBody,
  IdParams,
  ARTICLE_UPSERT_MAX_BYTES,
  ARTICLE_UPSERT_MAX_ROWS,
} from '@jangkau/shared'
import { articleRowsFromCsv, articleRowsFromJson, type ArticleLookups } from '../catalog/article-rows.ts'
import { acceptCsvBodies, isCsvRequest, validateWithoutCoercion } from '../csv/csv-body.ts'
import { invalidRows, readCsv } from '../csv/read-csv.ts'
import { AppError, badRequest } from '../errors.ts'
import { siteHost } from '../ingest/catalog-cache.ts'
import { getArticle } from '../queries/get-article.ts'
import { insertAuditEntry } from '../queries/insert-audit-entry.ts'
import { listArticles } from '../queries/list-articles.ts'
import { listCatalogKeys } from '../queries/list-catalog-keys.ts'
import { upsertArticles } from '../queries/upsert-articles.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 413: ErrorBody, 415: ErrorBody }

/**
 * The article catalogue: a searchable, paged list for everyone signed in, and a bulk upsert by URL
 * (JSON array or CSV) for admins, all rows or none. Ingest creates articles as views arrive; the
 * upsert fills in and corrects what the portal's pages do not say. `views` is never written here.
 */
const articleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptCsvBodies(app)

  app.get(
    '/api/articles',
    { config: { access: 'read' }, schema: { tags: ['catalogue'], querystring: ArticleQuery, response: { 200: ArticleList, ...errors } } },
    async (request) => listArticles(app.db, request.query),
  )

  // One article, for the dashboard's article page opened from a link or a bookmark.
  app.get(
    '/api/articles/:id',
    { config: { access: 'read' }, schema: { tags: ['catalogue'], params: IdParams, response: { 200: Article, ...errors, 404: ErrorBody } } },
    async (request) => {
      const article = await getArticle(app.db, request.params.id)
      if (!article) throw new AppError(404, 'not_found', `Artikel ${request.params.id} tidak ditemukan. / Article ${request.params.id} not found.`)
      return article
    },
  )

  app.put(
    '/api/articles',
    {
      config: { access: 'admin' },
      bodyLimit: ARTICLE_UPSERT_MAX_BYTES,
      validatorCompiler: validateWithoutCoercion,
      schema: { tags: ['catalogue'], body: ArticleUpsertBody, response: { 200: ArticleUpsertAnswer, ...errors } },
    },
    async (request) => {
      const keys = await listCatalogKeys(app.db)
      const categoryByKey = new Map<string, number>()
      for (const c of keys.categories) {
        categoryByKey.set(c.slug.toLowerCase(), c.id)
        categoryByKey.set(c.name.toLowerCase(), c.id)
      }
      const lookups: ArticleLookups = {
        siteByHost: new Map(keys.sites.map((s) => [siteHost(s.hostname), s.id])),
        categoryByKey,
        regionCodes: new Set(keys.regionCodes),
        urlKeepParams: app.config.urlKeepParams,
        timeZone: app.config.timeZone,
        now: app.clock(),
      }

      const body = request.body
      let result: ReturnType<typeof articleRowsFromJson>
      if (isCsvRequest(request.headers['content-type'])) {
        const csv = readCsv(body as string, {
          columns: ARTICLE_UPSERT_COLUMNS,
          required: ['url'],
          refused: { views: ['views hanya dihitung dari kunjungan, tidak dapat diubah', 'views are counted from page views and cannot be changed'] },
        })
        if (csv.rows.length > ARTICLE_UPSERT_MAX_ROWS) {
          throw badRequest('too_many_rows', `Paling banyak ${ARTICLE_UPSERT_MAX_ROWS} baris. / At most ${ARTICLE_UPSERT_MAX_ROWS} rows.`)
        }
        result = articleRowsFromCsv(csv.rows, lookups)
        result.errors.unshift(...csv.errors)
      } else if (Array.isArray(body)) {
        result = articleRowsFromJson(body, lookups)
      } else {
        throw badRequest('invalid_request', 'Kirim larik JSON atau CSV (text/csv). / Send a JSON array or CSV (text/csv).')
      }
      if (result.errors.length > 0) throw invalidRows(result.errors.sort((a, b) => a.line - b.line))

      return app.db.transaction().execute(async (trx) => {
        const counts = await upsertArticles(trx, result.rows)
        await insertAuditEntry(trx, { actor: request.actor, action: 'import', entity: 'article', entityId: null, before: null, after: counts })
        return counts
      })
    },
  )
}

export default articleRoutes
