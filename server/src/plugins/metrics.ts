import fp from 'fastify-plugin'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

/**
 * Prometheus metrics, served at GET /metrics (routes/metrics.ts). prom-client rather than hand-written
 * text: it gets the exposition format, label escaping and histogram buckets right, and its default
 * collectors give process CPU, memory, event-loop lag, GC and open handles for free.
 */
export interface Metrics {
  /** What /metrics serves: this app's metrics plus the process's. */
  render: () => Promise<string>
  contentType: string
  /** Ingest requests refused before the pipeline, by reason (the batcher counts a full queue itself). */
  shed: Counter<'reason'>
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
  }
}

/**
 * Process metrics are per process, not per app: collected once into their own registry (tests build
 * many apps in one process, and every collectDefaultMetrics call would add observers).
 */
let processRegistry: Registry | undefined
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry()
    collectDefaultMetrics({ register: processRegistry, prefix: 'jangkau_' })
  }
  return processRegistry
}

/**
 * Must be registered after `app.ingest` exists and before the routes (its onResponse hook counts
 * every request). Values owned elsewhere (batcher totals, drops, the pool) are read at scrape time.
 */
export default fp(
  async (app) => {
    const registry = new Registry()
    const metric = { registers: [registry] }

    const requests = new Counter({
      ...metric,
      name: 'jangkau_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'] as const,
    })
    const duration = new Histogram({
      ...metric,
      name: 'jangkau_http_request_duration_seconds',
      help: 'Time from request received to response sent, by method and route pattern.',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    })
    app.addHook('onResponse', async (request, reply) => {
      // The route pattern (/api/users/:id), never the raw URL: labels must stay few.
      const route = request.routeOptions.url ?? 'unmatched'
      requests.inc({ method: request.method, route, status: String(reply.statusCode) })
      duration.observe({ method: request.method, route }, reply.elapsedTime / 1000)
    })

    const { batcher, drops, events } = app.ingest
    // Totals kept by the batcher and the pipeline are copied in at scrape time (reset + inc keeps the
    // metric a counter, so Prometheus' rate() works on it).
    new Counter({
      ...metric,
      name: 'jangkau_ingest_views_stored_total',
      help: 'Page views committed to the database (each was answered 202 after its commit).',
      collect() {
        this.reset()
        this.inc(batcher.stats.items)
      },
    })
    new Counter({
      ...metric,
      name: 'jangkau_ingest_batches_total',
      help: 'Group-commit transactions, by outcome.',
      labelNames: ['outcome'] as const,
      collect() {
        this.reset()
        this.inc({ outcome: 'committed' }, batcher.stats.batches)
        this.inc({ outcome: 'failed' }, batcher.stats.failedBatches)
      },
    })
    new Counter({
      ...metric,
      name: 'jangkau_ingest_dropped_total',
      help:
        'Page views answered 202 but not stored (bot, unknown_site) or refused as invalid (400); ' +
        'prop_* and props_unreadable: props of a stored Plausible view left out.',
      labelNames: ['reason'] as const,
      collect() {
        this.reset()
        for (const [reason, count] of Object.entries(drops)) this.inc({ reason }, count)
      },
    })
    new Counter({
      ...metric,
      name: 'jangkau_ingest_category_dropped_total',
      help:
        'Stored page views whose category text was not kept as a category: no Latin letter or digit (category_unreadable), ' +
        'or too many unmapped categories already (category_limit).',
      labelNames: ['reason'] as const,
      collect() {
        this.reset()
        for (const [reason, count] of Object.entries(app.ingest.catalog.categoryDrops)) this.inc({ reason }, count)
      },
    })
    new Counter({
      ...metric,
      name: 'jangkau_ingest_events_total',
      help: 'Plausible events other than page views answered 202 and counted (not stored yet), by kind: engagement or custom.',
      labelNames: ['kind'] as const,
      collect() {
        this.reset()
        for (const [kind, count] of Object.entries(events)) this.inc({ kind }, count)
      },
    })
    const shed = new Counter({
      ...metric,
      name: 'jangkau_ingest_shed_total',
      help: 'Ingest requests answered 503 because the server was overloaded, by reason.',
      labelNames: ['reason'] as const,
      collect() {
        // The batcher's own count of a full queue; the others are counted as they happen.
        this.remove({ reason: 'queue_full' })
        this.inc({ reason: 'queue_full' }, batcher.stats.rejected)
      },
    })
    new Gauge({
      ...metric,
      name: 'jangkau_ingest_queue_depth',
      help: 'Page views waiting for their batch to be written.',
      collect() {
        this.set(batcher.waiting)
      },
    })
    const batchSize = new Histogram({
      ...metric,
      name: 'jangkau_ingest_batch_size',
      help: 'Page views per group-commit transaction.',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
    })
    const batchDuration = new Histogram({
      ...metric,
      name: 'jangkau_ingest_batch_duration_seconds',
      help: 'Time to write and commit one batch.',
      labelNames: ['outcome'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    })
    batcher.onBatch = (size, milliseconds, ok) => {
      batchSize.observe(size)
      batchDuration.observe({ outcome: ok ? 'committed' : 'failed' }, milliseconds / 1000)
    }

    new Gauge({
      ...metric,
      name: 'jangkau_overload_event_loop_delay_seconds',
      help: 'Mean event-loop delay of the last sample, as load shedding compares it with OVERLOAD_MAX_EVENT_LOOP_DELAY_MS.',
      collect() {
        // Decorated by @fastify/under-pressure (plugins/overload.ts), registered after this plugin.
        if (app.hasDecorator('memoryUsage')) this.set(app.memoryUsage().eventLoopDelay / 1000)
      },
    })

    if (app.databaseKind === 'postgres') {
      const pool = app.pg.pool
      new Gauge({
        ...metric,
        name: 'jangkau_db_pool_connections',
        help: 'Postgres pool: open connections (total), idle ones, and requests waiting for one.',
        labelNames: ['state'] as const,
        collect() {
          this.set({ state: 'total' }, pool.totalCount)
          this.set({ state: 'idle' }, pool.idleCount)
          this.set({ state: 'waiting' }, pool.waitingCount)
        },
      })
    }

    app.decorate('metrics', {
      shed,
      contentType: registry.contentType,
      render: () => Registry.merge([processMetrics(), registry]).metrics(),
    } satisfies Metrics)
  },
  { name: 'metrics', dependencies: ['db'] },
)
