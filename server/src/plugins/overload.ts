import underPressure from '@fastify/under-pressure'
import fp from 'fastify-plugin'
import { UnavailableError } from '../errors.ts'
import { t } from '../i18n.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answer 503 + Retry-After at once when the process is overloaded (the public, high-volume routes). */
    shedUnderPressure?: boolean
  }
}

/**
 * Load shedding. Beyond capacity, page views would pile up in the event loop and every request would
 * slow down until memory runs out; instead the public endpoints that declare `shedUnderPressure`
 * answer 503 with Retry-After before any work is done: while more than OVERLOAD_MAX_IN_FLIGHT of
 * them are being answered (a process shares its CPU among all requests in flight, so their number
 * bounds everyone's latency), while the event loop lags more than OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
 * or while the heap holds more than OVERLOAD_MAX_HEAP_MB. The tracker
 * sends a shed view once more after Retry-After (t.ts), so a short overload delays views; a view shed
 * twice is lost on purpose: that is the price of keeping the accepted ones fast.
 * The dashboard, login and /healthz are not shed: they are few, and staff need them most
 * during an incident. A full ingest queue (INGEST_MAX_QUEUE, a slow database) is the batcher's own
 * 503. Measured in tests/faults/overload.test.ts.
 */
export default fp(
  async (app) => {
    const { maxEventLoopDelayMs, maxHeapMb, maxInFlight } = app.config.overload
    const overloaded = () => new UnavailableError('overloaded', t('Server sibuk; coba lagi sebentar.', 'Server busy; retry shortly.'), 1)
    // The first samples after start measure the start itself (migrations, compiling t.js), which
    // blocks the event loop for seconds but is not load: no shedding in the first second after ready.
    let readyAt = Number.POSITIVE_INFINITY
    app.addHook('onReady', async () => {
      readyAt = performance.now()
    })
    await app.register(underPressure, {
      maxEventLoopDelay: maxEventLoopDelayMs,
      maxHeapUsedBytes: maxHeapMb * 1024 * 1024,
      // Sampled four times a second, so shedding starts and stops within a quarter of a second.
      sampleInterval: 250,
      pressureHandler: (request, _reply, type) => {
        if (!request.routeOptions.config.shedUnderPressure) return undefined // go on as usual
        if (performance.now() - readyAt < 1000) return undefined
        app.metrics.shed.inc({ reason: type === 'eventLoopDelay' ? 'event_loop_delay' : type === 'heapUsedBytes' ? 'heap' : type })
        return Promise.reject(overloaded())
      },
    })

    if (maxInFlight > 0) {
      let inFlight = 0
      const finished = () => inFlight--
      // A callback hook, not an async one: it runs on every page view, and a promise per request showed.
      app.addHook('onRequest', (request, reply, done) => {
        if (!request.routeOptions.config.shedUnderPressure) return done()
        if (inFlight >= maxInFlight) {
          app.metrics.shed.inc({ reason: 'in_flight' })
          return done(overloaded())
        }
        inFlight++
        // 'close' comes once the answer is sent or the connection is gone, whichever happens.
        reply.raw.once('close', finished)
        done()
      })
    }
  },
  { name: 'overload', dependencies: ['metrics'] },
)
