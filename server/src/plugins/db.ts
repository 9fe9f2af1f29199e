import postgres from '@fastify/postgres'
import fp from 'fastify-plugin'
import pg from 'pg'
import { migrateToLatest } from '@jangkau/migrations'
import { dbOnPglite, dbOnPool, POOL_SETTINGS, surviveIdleErrors, type Db } from '../db/kysely.ts'

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
 * Kysely on a real Postgres (through @fastify/postgres's pool) when DATABASE_URL is set, else on the
 * embedded PGlite. Both get the same migrations at start and run the same queries. The database
 * itself (Db, the pools, the dialects) is server/src/db/kysely.ts; this only decorates the app.
 */
export default fp<DbOptions>(
  async (app, opts) => {
    if (opts.databaseUrl) {
      await app.register(postgres, { connectionString: opts.databaseUrl, ...POOL_SETTINGS })
      surviveIdleErrors(app.pg.pool, app)
      // Fastify ends the pool on close; Kysely must not (no db.destroy() here).
      app.decorate('db', dbOnPool(app.pg.pool))
      app.decorate('databaseKind', 'postgres' as DatabaseKind)
    } else {
      const db = dbOnPglite(opts.pgliteDir)
      app.decorate('db', db)
      app.decorate('databaseKind', 'pglite' as DatabaseKind)
      app.addHook('onClose', async () => db.destroy())
    }
    await migrateToLatest(app.db)

    if (opts.databaseReplicaUrl && opts.databaseUrl) {
      // Its own pool: replica connections must not take slots of the primary's pool.
      const pool = new pg.Pool({ connectionString: opts.databaseReplicaUrl, ...POOL_SETTINGS })
      surviveIdleErrors(pool, app)
      const readDb = dbOnPool(pool)
      app.decorate('readDb', readDb)
      app.addHook('onClose', async () => readDb.destroy())
    } else {
      if (opts.databaseReplicaUrl) app.log.warn('DATABASE_REPLICA_URL is ignored without DATABASE_URL')
      app.decorate('readDb', app.db)
    }
  },
  { name: 'db' },
)
