import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import postgres from '@fastify/postgres'
import fp from 'fastify-plugin'
import { Kysely, PostgresDialect, sql } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import pg from 'pg'
import { migrateToLatest } from '@jangkau/migrations'
import type { Database } from '../db/tables.ts'

export type Db = Kysely<Database>
export type DatabaseKind = 'pglite' | 'postgres'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    /**
     * Where stats and exports read: a Kysely on the read replica (DATABASE_REPLICA_URL) when one is
     * configured, else the same object as `db`. Never write through it.
     */
    readDb: Db
    databaseKind: DatabaseKind
  }
}

export interface DbOptions {
  databaseUrl: string | undefined
  databaseReplicaUrl?: string | undefined
  pgliteDir: string
}

/**
 * Pool settings for a Postgres that may go away (restart, failover, network). Tested in
 * tests/faults/outage.test.ts: with the server down every request answers 503 within a second or
 * two, and the pool reconnects by itself when it is back.
 */
const POOL_SETTINGS = {
  max: 10,
  // Bounds both a connect to an unreachable host and the wait for a free pooled connection.
  connectionTimeoutMillis: 2000,
  // A server that accepted the query but never answers (hung, network cut) must not hang a request.
  query_timeout: 30000,
  // TCP keep-alive finds connections whose peer vanished without a FIN.
  keepAlive: true,
  idleTimeoutMillis: 30000,
} as const

/**
 * When Postgres restarts, it ends the idle pooled connections and pg emits 'error' on the pool;
 * without a listener Node treats that as an uncaught error and the whole server exits. The pool
 * has already dropped the broken connection, so logging is all there is to do.
 */
function surviveIdleErrors(pool: pg.Pool, app: { log: { warn: (obj: object, msg: string) => void } }): void {
  pool.on('error', (error) => app.log.warn({ err: error }, 'an idle database connection failed; the pool replaces it'))
  // A connection in use (checked out, e.g. inside an ingest transaction) that the server ends emits
  // 'error' on its client, which pg-pool does not listen to while it is checked out: the query in
  // flight already fails with that error (the transaction rolls back), so this only keeps Node from
  // exiting on it. Seen in tests/src/stats.test.ts (a backend killed mid-transaction).
  pool.on('connect', (client) => {
    client.on('error', (error) => app.log.warn({ err: error }, 'a database connection in use failed'))
  })
}

/**
 * Kysely on a real Postgres (through @fastify/postgres's pool) when DATABASE_URL is set, else on the
 * embedded PGlite. Both get the same migrations at start and run the same queries.
 */
export default fp<DbOptions>(
  async (app, opts) => {
    if (opts.databaseUrl) {
      await app.register(postgres, { connectionString: opts.databaseUrl, ...POOL_SETTINGS })
      surviveIdleErrors(app.pg.pool, app)
      // Fastify ends the pool on close; Kysely must not (no db.destroy() here).
      app.decorate('db', new Kysely<Database>({ dialect: new PostgresDialect({ pool: app.pg.pool }) }))
      app.decorate('databaseKind', 'postgres' as DatabaseKind)
    } else {
      if (!opts.pgliteDir.startsWith('memory://')) mkdirSync(opts.pgliteDir, { recursive: true })
      const pglite = new PGlite(opts.pgliteDir)
      const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) })
      app.decorate('db', db)
      app.decorate('databaseKind', 'pglite' as DatabaseKind)
      app.addHook('onClose', async () => db.destroy())
    }
    await migrateToLatest(app.db)

    if (opts.databaseReplicaUrl && opts.databaseUrl) {
      // Its own pool: replica connections must not take slots of the primary's pool.
      const pool = new pg.Pool({ connectionString: opts.databaseReplicaUrl, ...POOL_SETTINGS })
      surviveIdleErrors(pool, app)
      const readDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
      app.decorate('readDb', readDb)
      app.addHook('onClose', async () => readDb.destroy())
    } else {
      if (opts.databaseReplicaUrl) app.log.warn('DATABASE_REPLICA_URL is ignored without DATABASE_URL')
      app.decorate('readDb', app.db)
    }
  },
  { name: 'db' },
)

/** True when the database answers a trivial query within `timeoutMs` (a hung server is down too). */
export async function databaseIsUp(db: Db, timeoutMs = 1500): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs)
  })
  const query = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  )
  try {
    return await Promise.race([query, timeout])
  } finally {
    clearTimeout(timer)
  }
}
