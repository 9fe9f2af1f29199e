import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, sql } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import type pg from 'pg'
import type { Database } from './tables.ts'

export type Db = Kysely<Database>

/**
 * Pool settings for a Postgres that may go away (restart, failover, network). Tested in
 * tests/faults/outage.test.ts: with the server down every request answers 503 within a second or
 * two, and the pool reconnects by itself when it is back.
 */
export const POOL_SETTINGS = {
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
export function surviveIdleErrors(pool: pg.Pool, app: { log: { warn: (obj: object, msg: string) => void } }): void {
  pool.on('error', (error) => app.log.warn({ err: error }, 'an idle database connection failed; the pool replaces it'))
  // A connection in use (checked out, e.g. inside an ingest transaction) that the server ends emits
  // 'error' on its client, which pg-pool does not listen to while it is checked out: the query in
  // flight already fails with that error (the transaction rolls back), so this only keeps Node from
  // exiting on it. Seen in tests/src/stats.test.ts (a backend killed mid-transaction).
  pool.on('connect', (client) => {
    client.on('error', (error) => app.log.warn({ err: error }, 'a database connection in use failed'))
  })
}

/** Kysely on a Postgres pool. Whoever made the pool ends it: `db.destroy()` ends it too. */
export function dbOnPool(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

/** Kysely on the embedded PGlite in `dir` (created if missing), or in memory for "memory://…". */
export function dbOnPglite(dir: string): Db {
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true })
  return new Kysely<Database>({ dialect: new PGliteDialect(new PGlite(dir)) })
}

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
