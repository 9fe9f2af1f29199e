import type { FastifyPluginAsync } from 'fastify'
import { buildTracker } from '../tracker/build-tracker.ts'

/** GET /t.js: the tracker script, compiled once at start, gzip when the browser takes it. */
const trackerRoutes: FastifyPluginAsync = async (app) => {
  const tracker = buildTracker(app.config.urlKeepParams)
  // Loaded by <script> tags on other sites' pages (no-cors): the cross-origin header set
  // (plugins/security-headers.ts), CORP `cross-origin` included. No CORS needed.
  app.get('/t.js', { config: { crossOrigin: true }, schema: { hide: true } }, async (request, reply) => {
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').header('vary', 'accept-encoding')
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      return reply.header('content-encoding', 'gzip').send(tracker.gzip)
    }
    return reply.send(tracker.js)
  })
}

export default trackerRoutes
