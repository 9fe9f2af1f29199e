import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CollectEvent, ErrorBody, PlausibleEvent } from '@jangkau/shared'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { AppError, badRequest } from '../errors.ts'
import { t } from '../i18n.ts'
import { allowPreflight, CROSS_ORIGIN } from '../plugins/security-headers.ts'

const Accepted = Type.Object({ status: Type.Literal('accepted') })
const responses = { 202: Accepted, 400: ErrorBody, 413: ErrorBody, 429: ErrorBody, 503: ErrorBody }

/** Plausible's flags (`h`): 1, "1" or true. */
const isOn = (flag: unknown) => flag === 1 || flag === '1' || flag === true

/** 127.0.0.0/8 and ::1, also IPv4-mapped (::ffff:127.0.0.1). */
const isLoopback = (ip: string | undefined) => ip === '::1' || /^(::ffff:)?127\./.test(ip ?? '')

/**
 * A request from this host itself: the socket's peer is loopback and no address was taken from
 * X-Forwarded-For (request.ips, set with TRUST_PROXY, lists the peer and the forwarded addresses
 * believed). "X-Forwarded-For: 127.0.0.1" through a trusted proxy is a reader like any other.
 */
const isLocalPeer = (request: FastifyRequest) => isLoopback(request.socket.remoteAddress) && (request.ips?.length ?? 1) === 1

/**
 * Public ingest. POST /api/collect takes the tracker's body (JSON, also as text/plain from
 * sendBeacon); POST /api/event takes Plausible's body. Both answer 202 only after the view is
 * committed, and also for a dropped bot (so bots learn nothing).
 */
const collectRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // navigator.sendBeacon sends JSON as text/plain; parse it like application/json, in this plugin's
  // scope only. Elsewhere text/plain gets 415: a cross-site HTML form can post text/plain (no CORS
  // preflight), and a login parsed from it replaced a signed-in victim's session with the attacker's.
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string))
    } catch {
      done(new AppError(400, 'invalid_json', t('Isi permintaan bukan JSON yang sah.', 'The body is not valid JSON.')), undefined)
    }
  })

  // COLLECT_RATE_LIMIT views per minute per client IP (429 `rate_limited` with Retry-After beyond),
  // and 503 at once when the server is overloaded (plugins/overload.ts). A loopback peer that
  // forwards no reader's address is not limited: a local reverse proxy without TRUST_PROXY (all
  // readers would share its address), tests and benchmarks. The exemption is the socket's, never an
  // address of X-Forwarded-For. A beacon reads no X-RateLimit-* headers, so the 202s carry none.
  const limit = app.config.collectRateLimit
  const rateLimit = {
    max: limit,
    timeWindow: 60_000,
    allowList: (request: FastifyRequest) => isLocalPeer(request),
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

  // Plausible-compatible, for its official scripts (short names n, u, d, r, p, h) and its Events API
  // (long names). "pageview" is recorded like /api/collect: props category, region, author and
  // published fill the article, and one that cannot be used is left out and counted, never costing the
  // view. "engagement" and custom events (any other name) are counted by kind and answered 202; they
  // are not stored yet.
  app.post(
    '/api/event',
    { config: guard, schema: { tags: ['ingest'], body: PlausibleEvent, response: responses }, bodyLimit: 16 * 1024 },
    async (request, reply) => {
      const body = request.body
      const name = body.n ?? body.name
      const url = body.u || body.url
      if (!name) throw badRequest('missing_name', t('n (name) wajib diisi, mis. "pageview".', 'n (name) is required, e.g. "pageview".'))
      if (!url) throw badRequest('missing_url', t('u (url) wajib diisi: alamat halaman.', 'u (url) is required: the page address.'))
      const hit = {
        event: { url, referrer: (body.r ?? body.referrer) || undefined },
        // "a.go.id,b.go.id": a script may report to several sites at once.
        domains: (body.d ?? body.domain ?? '')
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean),
        props: body.p ?? body.props,
        hashRouting: isOn(body.h ?? body.hashMode),
        ...hitOf(request),
      }
      if (name === 'pageview') await app.ingest.ingest(hit)
      else await app.ingest.count(name === 'engagement' ? 'engagement' : 'custom', hit)
      return reply.code(202).send({ status: 'accepted' })
    },
  )
  allowPreflight(app, '/api/collect')
  allowPreflight(app, '/api/event')
}

export default collectRoutes
