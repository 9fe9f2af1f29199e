import { resolve } from 'node:path'
import { DEFAULT_TIME_ZONE, isTimeZone } from '@jangkau/shared'

/** Everything the server reads from its environment, typed and checked once at start. */
export interface Config {
  port: number
  host: string
  /** A real Postgres; when absent the embedded PGlite in `pgliteDir` is used. */
  databaseUrl: string | undefined
  /** PGlite data directory, or "memory://" for a throw-away database (tests). */
  pgliteDir: string
  /** Calendar days and months of every report are counted in this IANA zone. */
  timeZone: string
  /** Query parameters that identify an article (e.g. "id" for index.php?id=42); all others are dropped. */
  urlKeepParams: string[]
  /** Hostnames (optionally "host=Name=64.08") created as configured sites at start. */
  sites: { hostname: string; name: string; regionCode: string | null }[]
  /** Trust X-Forwarded-For from a reverse proxy (needed for per-reader hashes and rate limits). */
  trustProxy: boolean
  /** Group commit of page views: flush after this many ms or this many rows, refuse past maxQueue. */
  ingest: { flushMs: number; maxBatch: number; maxQueue: number }
  /** Folder with the built dashboard (web/dist); served at / when present. */
  webDist: string
  logLevel: string
}

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`)
  return value
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const timeZone = env.REPORT_TIME_ZONE || DEFAULT_TIME_ZONE
  if (!isTimeZone(timeZone)) throw new Error(`REPORT_TIME_ZONE "${timeZone}" is not an IANA time zone`)
  const root = resolve(import.meta.dirname, '../..')
  return {
    port: int('PORT', 3000, env),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDir: env.PGLITE_DIR || resolve(root, 'data/pglite'),
    timeZone,
    urlKeepParams: list(env.URL_KEEP_PARAMS),
    sites: list(env.SITES).map((entry) => {
      const [hostname = '', name, regionCode] = entry.split('=')
      return { hostname: hostname.toLowerCase(), name: name || hostname, regionCode: regionCode || null }
    }),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    ingest: {
      flushMs: int('INGEST_FLUSH_MS', 5, env),
      maxBatch: int('INGEST_MAX_BATCH', 500, env),
      maxQueue: int('INGEST_MAX_QUEUE', 20000, env),
    },
    webDist: env.WEB_DIST || resolve(root, 'web/dist'),
    logLevel: env.LOG_LEVEL || 'info',
  }
}
