import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { buildApp } from '@jangkau/server'
import { loadConfig, type Config } from '@jangkau/server/config.ts'

/** Which database this run tests: CI runs the suite once on each. */
export const testDatabase: 'pglite' | 'postgres' = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'

/**
 * A fresh, empty Postgres database on TEST_DATABASE_URL's server; `drop` removes it.
 * Each test file gets its own, so files run in parallel without sharing rows.
 */
export async function createFreshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.TEST_DATABASE_URL!)
  const name = `jangkau_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: base.toString() })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(base)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base.toString() })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

export interface TestApp {
  app: FastifyInstance
  /** Postgres URL of this app's database (undefined on PGlite). */
  databaseUrl: string | undefined
  close: () => Promise<void>
}

/**
 * The real app on a fresh migrated database (PGlite in memory, or a new Postgres database), for
 * app.inject(). Pass `config` to change settings and `clock` to control time.
 */
export async function createTestApp(options: { config?: Partial<Config>; clock?: () => Date } = {}): Promise<TestApp> {
  const fresh = testDatabase === 'postgres' ? await createFreshDatabase() : undefined
  const defaults = loadConfig({})
  const config: Config = {
    ...defaults,
    databaseUrl: fresh?.url,
    pgliteDir: 'memory://',
    webDist: '/nonexistent',
    // No load shedding: PGlite runs in the test's event loop and CI's cores are shared, so the loop
    // lags without real overload. tests/faults/overload.test.ts tests shedding on a real server.
    overload: { maxEventLoopDelayMs: 0, maxHeapMb: 0, maxInFlight: 0 },
    ingest: { ...defaults.ingest, maxWaitMs: undefined },
    ...options.config,
  }
  const app = await buildApp({ config, clock: options.clock })
  return {
    app,
    databaseUrl: fresh?.url,
    close: async () => {
      await app.close()
      await fresh?.drop()
    },
  }
}

export const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

/** A distinct, realistic user agent per index (for requests that must look like different readers). */
export const readerUa = (i: number) => `${BROWSER_UA} Reader/${i}`
