import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  ARTICLE_UPSERT_COLUMNS,
  Article,
  ArticleList,
  ArticleQuery,
  ArticleTextBody,
  ArticleUpsertAnswer,
  ArticleUpsertBody,
  ErrorBody,
  IdParams,
  ARTICLE_UPSERT_MAX_BYTES,
  ARTICLE_UPSERT_MAX_ROWS,
  DAILY_VIEWS_COLUMNS,
  DAILY_VIEWS_MAX_BYTES,
  DAILY_VIEWS_MAX_ROWS,
  DailyViewsImportAnswer,
  categoryKey,
} from '@jangkau/shared'
import { Type } from 'typebox'
import { Compile } from 'typebox/compile'
import { dailyViewsFromCsv } from '../catalog/daily-view-rows.ts'
import { articleRowsFromCsv, articleRowsFromJson, type ArticleLookups } from '../catalog/article-rows.ts'
import { acceptCsvBodies, isCsvRequest, validateWithoutCoercion } from '../csv/csv-body.ts'
import { invalidRows, readCsv } from '../csv/read-csv.ts'
import { AppError, badRequest } from '../errors.ts'
import { t } from '../i18n.ts'
import { categoryKeyMap, siteHost } from '../ingest/catalog-cache.ts'
import { ensureUnmappedCategory } from '../queries/ensure-unmapped-category.ts'
import { today } from '../kim/today.ts'
import { getArticle, listArticles, updateArticleText } from '../queries/articles.ts'
import { importDailyViews } from '../queries/import-daily-views.ts'
import { listCatalogKeys } from '../queries/catalog-keys.ts'
import { upsertArticles } from '../queries/upsert-articles.ts'
import { auditedWrite } from './audited-write.ts'

const strictTextBody = Compile(ArticleTextBody)

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 413: ErrorBody, 415: ErrorBody }

/**
 * The article catalogue: a searchable, paged list for everyone signed in, and a bulk upsert by URL
 * (JSON array or CSV) for admins, all rows or none. Ingest creates articles as views arrive; the
 * upsert fills in and corrects what the portal's pages do not say, and carries the portal's own count
 * from before Jangkau (`baseViews`). `views` is never written here. The portal's historic daily counts
 * come in through POST /api/import/daily-views.
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
    {
      config: { access: 'read' },
      schema: { tags: ['catalogue'], params: IdParams, response: { 200: Article, ...errors, 404: ErrorBody } },
    },
    async (request) => {
      const article = await getArticle(app.db, request.params.id)
      if (!article)
        throw new AppError(404, 'not_found', t(`Artikel ${request.params.id} tidak ditemukan.`, `Article ${request.params.id} not found.`))
      return article
    },
  )

  // Admin → Artikel: confirm or correct the title (and author) a page view brought. Audited with both versions.
  app.patch(
    '/api/articles/:id',
    {
      config: { access: 'admin' },
      // The body as sent, before Fastify's coercion would read "" as null (which clears the title).
      preValidation: async (request) => {
        if (!strictTextBody.Check(request.body)) {
          throw badRequest(
            'invalid_request',
            t('Judul dan penulis: teks 1–500 / 1–200 karakter, atau null.', 'Title and author: text of 1–500 / 1–200 characters, or null.'),
          )
        }
      },
      schema: { tags: ['catalogue'], params: IdParams, body: ArticleTextBody, response: { 200: Article, ...errors, 404: ErrorBody } },
    },
    async (request) => {
      const { id } = request.params
      const title = request.body.title === undefined ? undefined : request.body.title?.trim() || null
      const author = request.body.author === undefined ? undefined : request.body.author?.trim() || null
      return auditedWrite(app.db, request.actor, 'article', async (trx) => {
        const before = await getArticle(trx, id)
        if (!before || !(await updateArticleText(trx, id, { title, author }))) {
          throw new AppError(404, 'not_found', t(`Artikel ${id} tidak ditemukan.`, `Article ${id} not found.`))
        }
        const after = (await getArticle(trx, id))!
        const text = (a: typeof before) => ({ title: a.title, titleSource: a.titleSource, author: a.author, authorSource: a.authorSource })
        return { answer: after, entry: { action: 'update', entityId: id, before: text(before), after: text(after) } }
      })
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
      const lookups: ArticleLookups = {
        siteByHost: new Map(keys.sites.map((s) => [siteHost(s.hostname), s.id])),
        categoryByKey: categoryKeyMap(keys),
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
          refused: {
            views: {
              id: 'views hanya dihitung dari kunjungan, tidak dapat diubah',
              en: 'views are counted from page views and cannot be changed',
            },
          },
        })
        if (csv.rows.length > ARTICLE_UPSERT_MAX_ROWS) {
          throw badRequest(
            'too_many_rows',
            t(`Paling banyak ${ARTICLE_UPSERT_MAX_ROWS} baris.`, `At most ${ARTICLE_UPSERT_MAX_ROWS} rows.`),
          )
        }
        result = articleRowsFromCsv(csv.rows, lookups)
        result.errors.unshift(...csv.errors)
      } else if (Array.isArray(body)) {
        result = articleRowsFromJson(body, lookups)
      } else {
        throw badRequest('invalid_request', t('Kirim larik JSON atau CSV (text/csv).', 'Send a JSON array or CSV (text/csv).'))
      }
      if (result.errors.length > 0) throw invalidRows(result.errors.sort((a, b) => a.line - b.line))

      const answer = await auditedWrite(app.db, request.actor, 'article', async (trx) => {
        // A category text no category has yet becomes an unmapped category, as from a page view
        // (admins' uploads are not bounded like anonymous views).
        const created = new Map<string, Promise<number | null>>()
        for (const row of result.rows) {
          if (!row.categoryText || row.categoryId !== undefined) continue
          const key = categoryKey(row.categoryText)
          if (!created.has(key)) created.set(key, ensureUnmappedCategory(trx, row.categoryText, 2_147_483_647))
          row.categoryId = await created.get(key)!
        }
        const counts = await upsertArticles(trx, result.rows)
        return { answer: counts, entry: { action: 'import', entityId: null, before: null, after: counts } }
      })
      app.ingest.catalog.invalidate()
      return answer
    },
  )

  // The portal's historic daily counts, as CSV url;date;views: every row is checked, then all are
  // stored in one transaction, or none. A re-import replaces the days it names (never adds to them).
  app.post(
    '/api/import/daily-views',
    {
      config: { access: 'admin' },
      bodyLimit: DAILY_VIEWS_MAX_BYTES,
      schema: {
        tags: ['catalogue'],
        description: 'CSV with the columns url;date;views (date YYYY-MM-DD in WITA). All rows or none; row errors as in the KIM import.',
        body: Type.String(),
        response: { 200: DailyViewsImportAnswer, ...errors },
      },
      // Before the body schema: JSON is not a wrong CSV but the wrong kind of body.
      preValidation: async (request) => {
        if (!isCsvRequest(request.headers['content-type'])) {
          throw new AppError(415, 'unsupported_media_type', t('Kirim berkas CSV (text/csv).', 'Send a CSV file (text/csv).'))
        }
      },
    },
    async (request) => {
      const csv = readCsv(request.body, { columns: DAILY_VIEWS_COLUMNS, required: DAILY_VIEWS_COLUMNS })
      if (csv.rows.length > DAILY_VIEWS_MAX_ROWS) {
        throw badRequest(
          'too_many_rows',
          t(
            `Paling banyak ${DAILY_VIEWS_MAX_ROWS} baris; bagi berkas per tahun.`,
            `At most ${DAILY_VIEWS_MAX_ROWS} rows; split the file by year.`,
          ),
        )
      }
      const keys = await listCatalogKeys(app.db)
      const result = dailyViewsFromCsv(csv.rows, {
        siteByHost: new Map(keys.sites.map((s) => [siteHost(s.hostname), s.id])),
        urlKeepParams: app.config.urlKeepParams,
        today: today(app),
      })
      const problems = [...csv.errors, ...result.errors]
      if (problems.length > 0) throw invalidRows(problems.sort((a, b) => a.line - b.line))

      return auditedWrite(app.db, request.actor, 'daily_views', async (trx) => {
        const counts = await importDailyViews(trx, result.rows)
        const answer = { rows: result.rows.length, ...counts, daysUnchanged: result.rows.length - counts.daysAdded - counts.daysChanged }
        return { answer, entry: { action: 'import', entityId: null, before: null, after: answer } }
      })
    },
  )
}

export default articleRoutes
