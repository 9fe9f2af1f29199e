import cors, { type FastifyCorsOptions } from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import helmet from 'helmet'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** @fastify/cors options of this route, over the global ones (none: no CORS). */
    cors?: FastifyCorsOptions | false
    /**
     * Read by portal pages on other sites (beacons, counter, /t.js): the security headers for such
     * answers, CORP `cross-origin` among them, instead of the dashboard's. CORS is `cors`'s business.
     */
    crossOrigin?: boolean
  }
}

/**
 * Route config of the public endpoints that portal pages on other sites call: the tracker's beacons
 * (/api/collect, /api/event) and counter reads (/api/counter). They get CORS for every origin,
 * Cross-Origin-Resource-Policy `cross-origin` (a beacon is a no-cors request, which `same-site`
 * would block on a regency's portal), and only the security headers that matter for a JSON answer.
 */
export const CROSS_ORIGIN = {
  crossOrigin: true,
  // t.js reads Retry-After of a 503 to send a shed view again; other sites' scripts see it only if exposed.
  cors: { origin: '*', methods: ['GET', 'POST'], maxAge: 86400, exposedHeaders: 'retry-after' },
} as const satisfies { crossOrigin: true; cors: FastifyCorsOptions }

/**
 * Security headers and CORS on every answer, each middleware built once at start.
 *
 *   - The dashboard, its API and everything else: helmet's full set with a strict CSP, no framing,
 *     resources same-site, and no CORS at all.
 *   - Routes with CROSS_ORIGIN: nosniff, HSTS and CORP `cross-origin`, and CORS for any origin. The
 *     page-only headers (CSP, frame options, COOP, …) say nothing about a 202 to a beacon; they cost
 *     ~20 µs of CPU and ~600 bytes on every page view (`pnpm bench ingest`).
 *
 * Per-request work stays constant: a CORS delegator re-normalised its options on every request, and
 * @fastify/helmet re-built helmet (parsing the CSP) on every request; each was ~10 % of the ingest
 * path's CPU.
 */
export default fp(
  async (app: FastifyInstance) => {
    const dashboardHeaders = helmet({
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
      strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
    })
    const crossOriginHeaders = helmet({
      contentSecurityPolicy: false,
      crossOriginOpenerPolicy: false,
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      originAgentCluster: false,
      referrerPolicy: false,
      strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
      xContentTypeOptions: true,
      xDnsPrefetchControl: false,
      xDownloadOptions: false,
      xFrameOptions: false,
      xPermittedCrossDomainPolicies: false,
      xXssProtection: false,
    })
    app.addHook('onRequest', (request, reply, done) => {
      const headers = request.routeOptions.config.crossOrigin ? crossOriginHeaders : dashboardHeaders
      headers(request.raw, reply.raw, (err) => done(err as Error | undefined))
    })

    // No CORS unless the route's config.cors says so. Preflights of other paths reach the plugin's
    // catch-all OPTIONS route, which has these options: refused (404).
    await app.register(cors, { origin: false })
  },
  { name: 'security-headers' },
)

/**
 * The CORS preflight (OPTIONS) of a CROSS_ORIGIN path, answered by @fastify/cors's onRequest hook
 * (204 with the allowed methods and headers); the handler is never reached.
 */
export function allowPreflight(app: FastifyInstance, url: string): void {
  app.options(url, { config: { access: 'public', ...CROSS_ORIGIN }, schema: { hide: true } }, (_request, reply) => reply.callNotFound())
}
