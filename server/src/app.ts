import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import type { Config } from './config.ts'
import { AppError, UnavailableError } from './errors.ts'
import { IngestPipeline } from './ingest/pipeline.ts'
import dbPlugin from './plugins/db.ts'
import { upsertConfiguredSites } from './queries/list-catalog-keys.ts'
import collectRoutes from './routes/collect.ts'
import counterRoutes from './routes/counter.ts'
import healthRoutes from './routes/health.ts'
import trackerRoutes from './routes/tracker.ts'
import webRoutes from './routes/web.ts'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    /** The current time; tests replace it to cross WITA midnight. */
    clock: () => Date
    ingest: IngestPipeline
  }
}

export interface AppOptions {
  config: Config
  clock?: () => Date
  logger?: FastifyServerOptions['logger']
}

/** Routes any web page may call (the tracker on a portal): CORS for every origin. */
const PUBLIC_PATHS = ['/api/collect', '/api/event', '/api/counter']

/**
 * The whole application as one Fastify instance: plugins, then routes, then error handling.
 * server.ts only listens; tests build this and call app.inject().
 */
export async function buildApp({ config, clock = () => new Date(), logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('config', config)
  app.decorate('clock', clock)

  // navigator.sendBeacon sends JSON as text/plain; parse it like application/json.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string))
    } catch {
      done(new AppError(400, 'invalid_json', 'Isi permintaan bukan JSON yang sah. / The body is not valid JSON.'), undefined)
    }
  })

  await app.register(cors, {
    delegator: (request, callback) => {
      const path = (request.url ?? '').split('?')[0] ?? ''
      callback(null, PUBLIC_PATHS.includes(path) ? { origin: '*', methods: ['GET', 'POST'], maxAge: 86400 } : { origin: false })
    },
  })
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
    hsts: { maxAge: 31536000, includeSubDomains: true },
  })
  await app.register(swagger, {
    openapi: { info: { title: 'Jangkau API', version: '0.1.0', description: 'Page views and KIM activity for Diskominfo Kaltim.' } },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  await app.register(dbPlugin, { databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir })
  await upsertConfiguredSites(app.db, config.sites)
  app.decorate('ingest', new IngestPipeline(app.db, { ...config.ingest, timeZone: config.timeZone, urlKeepParams: config.urlKeepParams }))
  // SIGTERM: app.close() first stops taking requests, then this writes and answers what is queued.
  app.addHook('preClose', async () => app.ingest.batcher.drain())
  app.addHook('onReady', async () => {
    if (await app.ingest.catalog.openMode()) {
      app.log.warn('No site is configured: page views from any host are accepted. Set SITES or add sites in Admin.')
    }
  })

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof UnavailableError) {
      reply.header('retry-after', String(error.retryAfterSeconds))
      return reply.code(503).send({ error: { code: error.code, message: error.message } })
    }
    if (error instanceof AppError) {
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message, details: error.details } })
    }
    const e = error as { validation?: unknown; statusCode?: number; code?: string; message: string }
    if (e.validation) {
      return reply.code(400).send({ error: { code: 'invalid_request', message: e.message } })
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      const code = e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'body_too_large' : e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'bad_request'
      return reply.code(e.statusCode).send({ error: { code, message: e.message } })
    }
    // A database that cannot be reached is a 503 the client may retry, not a bug.
    if (isConnectionError(error)) {
      request.log.warn({ err: error }, 'database unavailable')
      reply.header('retry-after', '2')
      return reply.code(503).send({ error: { code: 'database_unavailable', message: 'Basis data tidak dapat dihubungi. / The database cannot be reached.' } })
    }
    request.log.error({ err: error }, 'unhandled error')
    return reply.code(500).send({ error: { code: 'internal', message: 'Terjadi kesalahan di server. / Internal server error.' } })
  })
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `Tidak ditemukan: ${request.method} ${request.url.split('?')[0]}` } }),
  )

  await app.register(healthRoutes)
  await app.register(collectRoutes)
  await app.register(counterRoutes)
  await app.register(trackerRoutes)
  await app.register(webRoutes)
  return app
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? ''
  const message = (error as { message?: string }).message ?? ''
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '08003'].includes(code) ||
    /Connection terminated|timeout exceeded when trying to connect|Query read timeout/i.test(message)
  )
}
