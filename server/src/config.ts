import { existsSync } from 'node:fs'
import { isIP } from 'node:net'
import { resolve } from 'node:path'
import { DEFAULT_TIME_ZONE, isTimeZone } from '@jangkau/shared'

/** Everything the server reads from its environment, typed and checked once at start. */
export interface Config {
  port: number
  /**
   * HOST: the listen address. Unset: 127.0.0.1 (loopback only) while the demo's public logins work,
   * else 0.0.0.0 (every interface); see demo/first-start.ts listenHost.
   */
  host: string | undefined
  /** NODE_ENV=production: a real install, never given the demo data set by itself. */
  production: boolean
  /** A real Postgres; when absent the embedded PGlite in `pgliteDir` is used. */
  databaseUrl: string | undefined
  /** DATABASE_REPLICA_URL: a read replica of DATABASE_URL that serves stats and exports (optional). */
  databaseReplicaUrl: string | undefined
  /** PGlite data directory, or "memory://" for a throw-away database (tests). */
  pgliteDir: string
  /** Calendar days and months of every report are counted in this IANA zone. */
  timeZone: string
  /** Query parameters that identify an article (e.g. "id" for index.php?id=42); all others are dropped. */
  urlKeepParams: string[]
  /** Hostnames (optionally "host=Name=64.08") created as configured sites at start. */
  sites: { hostname: string; name: string; regionCode: string | null }[]
  /**
   * TRUST_PROXY: whose X-Forwarded-For / X-Forwarded-Proto to believe, as Fastify's trustProxy.
   * A list of addresses or CIDR ranges ("10.1.2.3,192.0.2.0/24", or "loopback" for 127.0.0.0/8 and
   * ::1) = peers at exactly those addresses; a number N = the last N hops, whoever they are (only
   * when Jangkau cannot be reached but through its proxies); unset, "false" or "0" = nobody.
   * Never a whole private network by default, and never every hop: a reader could then forge
   * X-Forwarded-For and pick their own IP. `true` (trust every hop) is never read from the
   * environment; tests pass it to pick client addresses.
   */
  trustProxy: boolean | string | ((address: string, hop: number) => boolean)
  /**
   * Group commit of page views: flush after this many ms or this many rows; answer 503 while
   * maxQueue views wait or the oldest has waited maxWaitMs (INGEST_MAX_WAIT_MS, 0 = no limit).
   * maxUnmappedCategories (INGEST_MAX_UNMAPPED_CATEGORIES, default 200): unmapped categories that
   * views may create; past it a view is stored without its new category.
   */
  ingest: {
    flushMs: number
    maxBatch: number
    maxQueue: number
    maxWaitMs: number | undefined
    maxConcurrent: number
    maxUnmappedCategories: number
  }
  /**
   * ROLLUP_DRAIN_MS: how often the page views stored since are counted into the rollups in the
   * background (default 250). Every stats read counts what is queued first anyway; 0 = only then, at
   * start and at stop (tests that look at the queue).
   */
  rollupDrainMs: number
  /** Folder with the built dashboard (web/dist); served at / when present. */
  webDist: string
  logLevel: string
  /**
   * LOG_FORMAT: `pretty` (coloured lines for a person, pino-pretty) or `json` (one JSON object per line,
   * for log collectors). Default: pretty when stdout is a terminal, json otherwise.
   */
  logFormat: 'json' | 'pretty'
  /**
   * JANGKAU_DEMO (default on; "0" or "false" = off): `pnpm start` on an empty embedded database
   * (PGlite, no DATABASE_URL) loads the demo data set. Never applies to DATABASE_URL, nor when
   * ADMIN_EMAIL, SITES or NODE_ENV=production say this is a real install (demo/first-start.ts).
   */
  demo: boolean
  /** ADMIN_EMAIL / ADMIN_PASSWORD: at start this admin exists with this password (created or updated). */
  adminEmail: string | undefined
  adminPassword: string | undefined
  /** SESSION_TTL_HOURS: a dashboard session ends this long after login (default 12). */
  sessionTtlHours: number
  /**
   * SMTP_URL: the mail server that sends the scheduled monthly reports ("smtp://user:pass@host:587",
   * STARTTLS when offered; "smtps://…:465" for TLS from the start). Unset = no email is ever sent:
   * schedules can still be saved, and no delivery is recorded.
   */
  smtpUrl: string | undefined
  /** SMTP_FROM: the sender of report emails; default the SMTP user when it is an address, else jangkau@localhost. */
  smtpFrom: string
  /** PUBLIC_URL: the dashboard's address as people reach it ("https://jangkau.example"), for links in emails. */
  publicUrl: string | undefined
  /** REPORT_SCHEDULER (default on; "0" or "false" = off): this process sends the scheduled reports. */
  reportScheduler: boolean
  /**
   * Login throttling: LOGIN_MAX_PER_IP attempts per IP (any account) and LOGIN_MAX_FAILURES failures
   * per account from one address (locking that address out of that account only), per window.
   */
  login: { maxPerIp: number; maxFailuresPerAccount: number; windowMinutes: number }
  /** COLLECT_RATE_LIMIT: page views per minute per client IP on /api/collect and /api/event (0 = no limit). */
  collectRateLimit: number
  /**
   * Load shedding of the public endpoints (503 + Retry-After) when the process is overloaded:
   * OVERLOAD_MAX_EVENT_LOOP_DELAY_MS mean event-loop delay, OVERLOAD_MAX_HEAP_MB heap in use, or
   * OVERLOAD_MAX_IN_FLIGHT public requests being answered at once (each 0 = off).
   */
  overload: { maxEventLoopDelayMs: number; maxHeapMb: number; maxInFlight: number }
  /** METRICS_TOKEN: the bearer token Prometheus sends to GET /metrics (an admin API token works too). */
  metricsToken: string | undefined
  /**
   * CHROMIUM_PATH: the Chromium that renders the monthly report as PDF (headless, via playwright-core).
   * Default /usr/bin/chromium when that file exists; "none" (or no Chromium) = no PDF, the dashboard
   * then suggests the browser's Print.
   */
  chromiumPath: string | undefined
  /**
   * PDF renders (each a headless Chromium of a few hundred MB and a core): REPORT_PDF_CONCURRENCY
   * at once (default 1), REPORT_PDF_QUEUE downloads waiting beyond them (default 4, then 503), one
   * per user at a time (429). Report emails wait ahead of downloads and are never refused.
   */
  reportPdf: { concurrency: number; maxWaiting: number }
  /**
   * The portals' own feeds (Admin → Situs): read every FEED_SYNC_MINUTES (default 60; 0 = only on
   * "Sinkronkan sekarang"), each answer within FEED_TIMEOUT_MS (default 15000) and FEED_MAX_BYTES
   * (default 10 MB).
   */
  feedSync: { intervalMinutes: number; timeoutMs: number; maxBytes: number }
}

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`)
  return value
}

/** "10.1.2.3", "2001:db8::1", "192.0.2.0/24", "fd00::/8": one address or a CIDR range. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/')
  const family = isIP(address)
  if (!family || rest.length > 0) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (family === 4 ? 32 : 128)
}

function trustProxyOf(raw: string | undefined): Config['trustProxy'] {
  const value = raw?.trim() ?? ''
  if (value === '' || value === 'false' || value === '0') return false
  if (/^\d+$/.test(value)) {
    // Hops: the socket's peer is hop 0. Fastify itself refuses a bare number (it cannot check the
    // peer), so the count is given as the function proxy-addr calls for each address from the right.
    const hops = Number(value)
    return (_address, hop) => hop < hops
  }
  if (value === 'true') {
    // Once meant "any private network"; refused rather than silently trusting more or less than before.
    throw new Error(
      'TRUST_PROXY=true is not accepted: name the proxy (e.g. TRUST_PROXY=127.0.0.1 or loopback) ' +
        'or the number of proxies in front (TRUST_PROXY=1)',
    )
  }
  const entries = list(value)
  const wrong = entries.filter((entry) => entry !== 'loopback' && !isAddressOrRange(entry))
  if (wrong.length > 0)
    throw new Error(
      `TRUST_PROXY must be a number of hops or a list of addresses, CIDR ranges or "loopback"; not understood: ${wrong.join(', ')}`,
    )
  return entries.join(',')
}

const DEFAULT_CHROMIUM = '/usr/bin/chromium'

function chromiumPathOf(raw: string | undefined): string | undefined {
  if (raw === 'none') return undefined
  if (raw) return raw
  return existsSync(DEFAULT_CHROMIUM) ? DEFAULT_CHROMIUM : undefined
}

function smtpUrlOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new Error('SMTP_URL must be a URL like smtp://user:pass@host:587')
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`)
  return raw
}

/** The SMTP user when it is an address (mail services often accept no other sender), else a local one. */
function defaultSender(smtpUrl: string | undefined): string {
  const user = smtpUrl && URL.canParse(smtpUrl) ? decodeURIComponent(new URL(smtpUrl).username) : ''
  return user.includes('@') ? `Jangkau <${user}>` : 'Jangkau <jangkau@localhost>'
}

function publicUrlOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) throw new Error(`PUBLIC_URL must be an http(s) URL, got "${raw}"`)
  return raw.replace(/\/+$/, '')
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

function logFormatOf(raw: string | undefined): 'json' | 'pretty' {
  if (!raw) return process.stdout.isTTY ? 'pretty' : 'json'
  if (raw === 'json' || raw === 'pretty') return raw
  throw new Error(`LOG_FORMAT must be json or pretty, got "${raw}"`)
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const timeZone = env.REPORT_TIME_ZONE || DEFAULT_TIME_ZONE
  if (!isTimeZone(timeZone)) throw new Error(`REPORT_TIME_ZONE "${timeZone}" is not an IANA time zone`)
  const root = resolve(import.meta.dirname, '../..')
  return {
    port: int('PORT', 3000, env),
    host: env.HOST || undefined,
    production: env.NODE_ENV === 'production',
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReplicaUrl: env.DATABASE_REPLICA_URL || undefined,
    pgliteDir: env.PGLITE_DIR || resolve(root, 'data/pglite'),
    timeZone,
    urlKeepParams: list(env.URL_KEEP_PARAMS),
    sites: list(env.SITES).map((entry) => {
      const [hostname = '', name, regionCode] = entry.split('=')
      return { hostname: hostname.toLowerCase(), name: name || hostname, regionCode: regionCode || null }
    }),
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    ingest: {
      flushMs: int('INGEST_FLUSH_MS', 5, env),
      maxBatch: int('INGEST_MAX_BATCH', 500, env),
      maxQueue: int('INGEST_MAX_QUEUE', 20000, env),
      // 5 s: the tracker does not wait for the answer, so a slow one costs a reader nothing, while a
      // refused view is retried only once. Refuse only when the database is clearly not keeping up.
      maxWaitMs: int('INGEST_MAX_WAIT_MS', 5000, env) || undefined,
      // Batches written at once (experimental above 1; PGlite has one connection anyway).
      maxConcurrent: int('INGEST_CONCURRENCY', 0, env),
      // Categories a portal's texts may create before an admin maps them: anyone can send a text.
      maxUnmappedCategories: int('INGEST_MAX_UNMAPPED_CATEGORIES', 200, env),
    },
    rollupDrainMs: int('ROLLUP_DRAIN_MS', 250, env),
    webDist: env.WEB_DIST || resolve(root, 'web/dist'),
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: logFormatOf(env.LOG_FORMAT),
    demo: env.JANGKAU_DEMO !== '0' && env.JANGKAU_DEMO !== 'false',
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    sessionTtlHours: int('SESSION_TTL_HOURS', 12, env) || 12,
    smtpUrl: smtpUrlOf(env.SMTP_URL),
    smtpFrom: env.SMTP_FROM || defaultSender(env.SMTP_URL),
    publicUrl: publicUrlOf(env.PUBLIC_URL),
    reportScheduler: env.REPORT_SCHEDULER !== '0' && env.REPORT_SCHEDULER !== 'false',
    login: {
      maxPerIp: int('LOGIN_MAX_PER_IP', 30, env),
      maxFailuresPerAccount: int('LOGIN_MAX_FAILURES', 10, env),
      windowMinutes: 15,
    },
    collectRateLimit: int('COLLECT_RATE_LIMIT', 600, env),
    overload: {
      maxEventLoopDelayMs: int('OVERLOAD_MAX_EVENT_LOOP_DELAY_MS', 200, env),
      maxHeapMb: int('OVERLOAD_MAX_HEAP_MB', 1024, env),
      maxInFlight: int('OVERLOAD_MAX_IN_FLIGHT', 256, env),
    },
    metricsToken: env.METRICS_TOKEN || undefined,
    chromiumPath: chromiumPathOf(env.CHROMIUM_PATH),
    reportPdf: {
      concurrency: int('REPORT_PDF_CONCURRENCY', 1, env) || 1,
      maxWaiting: int('REPORT_PDF_QUEUE', 4, env),
    },
    feedSync: {
      intervalMinutes: int('FEED_SYNC_MINUTES', 60, env),
      timeoutMs: int('FEED_TIMEOUT_MS', 15_000, env) || 15_000,
      maxBytes: int('FEED_MAX_BYTES', 10 * 1024 * 1024, env) || 10 * 1024 * 1024,
    },
  }
}
