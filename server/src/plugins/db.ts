import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import postgres from '@fastify/postgres'
import fp from 'fastify-plugin'
import { Kysely, PostgresDialect, sql } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import { migrateToLatest } from '@jangkau/migrations'
import type { Database } from '../db/tables.ts'

export type Db = Kysely<Database>
export type DatabaseKind = 'pglite' | 'postgres'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    databaseKind: DatabaseKind
  }
}

export interface DbOptions {
  databaseUrl: string | undefined
  pgliteDir: string
}

/**
 * Kysely on a real Postgres (through @fastify/postgres's pool) when DATABASE_URL is set, else on the
 * embedded PGlite. Both get the same migrations at start and run the same queries.
 */
export default fp<DbOptions>(
  async (app, opts) => {
    if (opts.databaseUrl) {
      await app.register(postgres, {
        connectionString: opts.databaseUrl,
        max: 10,
        connectionTimeoutMillis: 3000,
        // A dead server must not hang a request: healthz and ingest answer 503 quickly instead.
        query_timeout: 30000,
      })
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
  },
  { name: 'db' },
)

/** True when the database answers a trivial query. */
export async function databaseIsUp(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db)
    return true
  } catch {
    return false
  }
}
