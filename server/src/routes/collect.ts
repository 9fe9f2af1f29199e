import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CollectEvent, ErrorBody, PlausibleEvent } from '@jangkau/shared'
import { Type } from 'typebox'
import { allowPreflight, CROSS_ORIGIN } from '../plugins/security-headers.ts'

const Accepted = Type.Object({ status: Type.Literal('accepted') })
const responses = { 202: Accepted, 400: ErrorBody, 413: ErrorBody, 429: ErrorBody, 503: ErrorBody }

/** 127.0.0.0/8 and ::1, also IPv4-mapped (::ffff:127.0.0.1). */
const isLoopback = (ip: string) => ip === '::1' || /^(::ffff:)?127\./.test(ip)

/**
 * Public ingest. POST /api/collect takes the tracker's body (JSON, also as text/plain from
 * sendBeacon); POST /api/event takes Plausible's body. Both answer 202 only after the view is
 * committed, and also for a dropped bot (so bots learn nothing).
 */
const collectRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // COLLECT_RATE_LIMIT views per minute per client IP (429 `rate_limited` with Retry-After beyond),
  // and 503 at once when the server is overloaded (plugins/overload.ts). Loopback peers are not
  // limited: a direct reader never is one, while a local reverse proxy without TRUST_PROXY (all readers
  // would share its address), tests and benchmarks are. A beacon reads no X-RateLimit-* headers, so
  // the 202s carry none.
  const limit = app.config.collectRateLimit
  const rateLimit = {
    max: limit,
    timeWindow: 60_000,
    allowList: (_request: unknown, ip: string) => isLoopback(ip),
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': true },
  }
  const guard = { access: 'public', ...CROSS_ORIGIN, shedUnderPressure: true, rateLimit: limit > 0 ? rateLimit : false } as const

  const hitOf = (request: { ip: string; headers: Record<string, unknown> }) => ({
    ip: request.ip,
    userAgent: String(request.headers['user-agent'] ?? ''),
    receivedAt: app.clock(),
  })

  app.post(
    '/api/collect',
    { config: guard, schema: { tags: ['ingest'], body: CollectEvent, response: responses }, bodyLimit: 16 * 1024 },
    async (request, reply) => {
      await app.ingest.ingest({ event: request.body, ...hitOf(request) })
      return reply.code(202).send({ status: 'accepted' })
    },
  )

  // Plausible-compatible: "pageview" is recorded like /api/collect (props category, region, author
  // and published fill the article's metadata); every other event name is accepted and dropped
  // with the reason "unsupported_event", since Jangkau counts page views only.
  app.post(
    '/api/event',
    { config: guard, schema: { tags: ['ingest'], body: PlausibleEvent, response: responses }, bodyLimit: 16 * 1024 },
    async (request, reply) => {
      const { name, url, referrer, props = {} } = request.body
      if (name !== 'pageview') {
        app.ingest.drop('unsupported_event')
        return reply.code(202).send({ status: 'accepted' })
      }
      // Props are free-form in Plausible; the pipeline checks region and date like /api/collect does.
      const prop = (key: string, max: number) => (typeof props[key] === 'string' ? (props[key] as string).slice(0, max) : undefined)
      const meta = { category: prop('category', 100), region: prop('region', 20), author: prop('author', 200), published: prop('published', 40) }
      const event: CollectEvent = { url, referrer: referrer ?? undefined, meta }
      await app.ingest.ingest({ event, ...hitOf(request) })
      return reply.code(202).send({ status: 'accepted' })
    },
  )
  allowPreflight(app, '/api/collect')
  allowPreflight(app, '/api/event')
}

export default collectRoutes
