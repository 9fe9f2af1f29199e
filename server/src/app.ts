import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify'
import feedSyncPlugin from './catalog/feed-sync.ts'
import type { Config } from './config.ts'
import { AppError, RetryLaterError } from './errors.ts'
import { t } from './i18n.ts'
import { IngestPipeline } from './ingest/pipeline.ts'
import authPlugin from './plugins/auth.ts'
import dbPlugin from './plugins/db.ts'
import metricsPlugin from './plugins/metrics.ts'
import overloadPlugin from './plugins/overload.ts'
import reportSchedulerPlugin from './plugins/report-scheduler.ts'
import rollupsPlugin from './plugins/rollups.ts'
import securityHeadersPlugin from './plugins/security-headers.ts'
import { upsertConfiguredSites } from './queries/sites.ts'
import articleRoutes from './routes/articles.ts'
import auditRoutes from './routes/audit.ts'
import { conflictError } from './routes/audited-write.ts'
import authRoutes from './routes/auth.ts'
import categoryRoutes from './routes/categories.ts'
import collectRoutes from './routes/collect.ts'
import counterRoutes from './routes/counter.ts'
import exportRoutes from './routes/export.ts'
import healthRoutes from './routes/health.ts'
import metricsRoutes from './routes/metrics.ts'
import reportRoutes from './routes/reports.ts'
import reportScheduleRoutes from './routes/report-schedules.ts'
import { RenderQueue } from './reports/render-queue.ts'
import kimRoutes from './routes/kim/index.ts'
import siteRoutes from './routes/sites.ts'
import statsRoutes from './routes/stats.ts'
import tokenRoutes from './routes/tokens.ts'
import trackerRoutes from './routes/tracker.ts'
import userRoutes from './routes/users.ts'
import webRoutes from './routes/web.ts'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    /** The current time; tests replace it to cross WITA midnight. */
    clock: () => Date
    ingest: IngestPipeline
    /** The report PDF renders of this process: bounded, emails first (reports/render-queue.ts). */
    pdfRenders: RenderQueue
  }
}

export interface AppOptions {
  config: Config
  clock?: () => Date
  logger?: FastifyServerOptions['logger']
}

/**
 * The whole application as one Fastify instance: plugins, then routes, then error handling.
 * server.ts only listens; tests build this and call app.inject().
 */
export async function buildApp({ config, clock = () => new Date(), logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // A client must send its whole request within a minute: slow-loris connections are cut.
    requestTimeout: 60_000,
    // What the router refuses before any route or hook runs (a malformed %-escape, a path segment over
    // 100 characters) gets the same coded error body as everything else, not Fastify's own.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      void reply.code(tooLong ? 414 : 400).send({
        error: tooLong
          ? { code: 'uri_too_long', message: t('Alamat terlalu panjang.', 'The URL is too long.') }
          : { code: 'bad_url', message: t('Alamat tidak sah.', 'The URL is malformed.') },
      })
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('config', config)
  app.decorate('clock', clock)
  app.decorate('pdfRenders', new RenderQueue(config.reportPdf))

  // text/plain is parsed as JSON on the beacon routes only (routes/collect.ts): anywhere else it is
  // refused with 415 (Fastify's own text/plain parser removed), since a cross-site HTML form can send
  // text/plain but never application/json.
  app.removeContentTypeParser('text/plain')

  await app.register(securityHeadersPlugin)
  await app.register(swagger, {
    openapi: { info: { title: 'Jangkau API', version: '0.1.0', description: 'Page views and KIM activity for Diskominfo Kaltim.' } },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  await app.register(dbPlugin, {
    databaseUrl: config.databaseUrl,
    databaseReplicaUrl: config.databaseReplicaUrl,
    pgliteDir: config.pgliteDir,
  })
  await app.register(rollupsPlugin)
  await upsertConfiguredSites(app.db, config.sites)
  // One batch at a time unless INGEST_CONCURRENCY says otherwise: with several writers a batch can
  // still fail under contention (seen as 503s in the 200-concurrent-requests test on Postgres).
  const maxConcurrent = config.ingest.maxConcurrent || 1
  app.decorate(
    'ingest',
    new IngestPipeline(app.db, { ...config.ingest, maxConcurrent, timeZone: config.timeZone, urlKeepParams: config.urlKeepParams }),
  )
  // SIGTERM: app.close() first stops taking requests, then this writes and answers what is queued,
  // then counts it into the rollups (else the next start does).
  app.addHook('preClose', async () => {
    await app.ingest.batcher.drain()
    await app.rollups
      .catchUp()
      .catch((err: unknown) => app.log.error({ err }, 'counting queued page views into the rollups failed at shutdown'))
  })
  // Request counts and ingest figures for GET /metrics; then 503 for the public endpoints when overloaded.
  await app.register(metricsPlugin)
  await app.register(overloadPlugin)
  // Per-route limits only (login declares its own); answers 429 with Retry-After in our error shape.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        context.statusCode,
        'rate_limited',
        t(`Terlalu banyak permintaan; coba lagi dalam ${context.after}.`, `Too many requests; retry in ${context.after}.`),
      ),
  })
  // Sessions, API tokens, CSRF and every route's `config.access`: before any route is registered.
  await app.register(authPlugin)
  app.addHook('onReady', async () => {
    if (await app.ingest.catalog.openMode()) {
      app.log.warn('No site is configured: page views from any host are accepted. Set SITES or add sites in Admin.')
    }
  })
  // Scheduled report emails (off with REPORT_SCHEDULER=0 or without SMTP_URL); starts once the server listens.
  await app.register(reportSchedulerPlugin)

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof RetryLaterError) {
      reply.header('retry-after', String(error.retryAfterSeconds))
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message } })
    }
    // A unique or foreign-key violation becomes the 409 its route declared in `config.conflicts` (routes/audited-write.ts).
    const known = error instanceof AppError ? error : conflictError(error, request.routeOptions.config.conflicts)
    if (known) {
      return reply.code(known.statusCode).send({ error: { code: known.code, message: known.message, details: known.details } })
    }
    const e = error as { validation?: unknown; statusCode?: number; code?: string; message: string }
    if (e.validation) {
      return reply.code(400).send({ error: { code: 'invalid_request', message: e.message } })
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      const code =
        e.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'body_too_large'
          : e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'unsupported_media_type'
            : 'bad_request'
      return reply.code(e.statusCode).send({ error: { code, message: e.message } })
    }
    // The database refused a value as data (SQLSTATE class 22: a date like 2026-15-96, a number out of
    // range, a NUL character in text): input no schema caught. The client's fault, so a 400 without
    // details; logged so that the schema can be tightened.
    if (isDataException(error)) {
      request.log.warn({ err: error }, 'the database refused a value of the request')
      return reply.code(400).send({
        error: {
          code: 'invalid_value',
          message: t('Ada nilai yang tidak sah dalam permintaan.', 'A value in the request is not valid.'),
        },
      })
    }
    // A database that cannot be reached is a 503 the client may retry, not a bug.
    if (isConnectionError(error)) {
      request.log.warn({ err: error }, 'database unavailable')
      reply.header('retry-after', '2')
      return reply.code(503).send({
        error: { code: 'database_unavailable', message: t('Basis data tidak dapat dihubungi.', 'The database cannot be reached.') },
      })
    }
    request.log.error({ err: error }, 'unhandled error')
    return reply.code(500).send({ error: { code: 'internal', message: t('Terjadi kesalahan di server.', 'Internal server error.') } })
  })
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `Tidak ditemukan: ${request.method} ${request.url.split('?')[0]}` } }),
  )

  await app.register(healthRoutes)
  await app.register(metricsRoutes)
  await app.register(collectRoutes)
  await app.register(counterRoutes)
  await app.register(authRoutes)
  await app.register(userRoutes)
  await app.register(tokenRoutes)
  await app.register(auditRoutes)
  await app.register(siteRoutes)
  await app.register(categoryRoutes)
  await app.register(articleRoutes)
  await app.register(kimRoutes)
  await app.register(statsRoutes)
  await app.register(exportRoutes)
  await app.register(reportRoutes)
  await app.register(reportScheduleRoutes)
  // The portals' own feeds, read every hour (FEED_SYNC_MINUTES) once the server listens.
  await app.register(feedSyncPlugin)
  await app.register(trackerRoutes)
  await app.register(webRoutes)
  return app
}

function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? ''
  const message = (error as { message?: string }).message ?? ''
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '08003'].includes(code) ||
    /Connection terminated|timeout exceeded when trying to connect|Query read timeout/i.test(message)
  )
}
