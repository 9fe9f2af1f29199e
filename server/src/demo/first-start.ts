import type { FastifyInstance } from 'fastify'
import { verifyPassword } from '../auth/password.ts'
import type { Config } from '../config.ts'
import type { Db } from '../db/kysely.ts'
import { findDemoLoad, hasOwnData } from '../queries/demo.ts'
import { findUserByEmail } from '../queries/users.ts'
import { DEMO_USERS } from './catalog.ts'
import { loadDemoData, type DemoProgress } from './load.ts'

/** What the first start did about demo data; `null` when demo data is not this database's business. */
export type DemoAtStart = { loadedNow: true; summary: string } | { loadedNow: false; loadedAt: Date } | null

/**
 * What says that this is a real install, which must not get the demo's public logins by itself:
 * the variable's name, or null when nothing does (a first try on someone's machine).
 */
export function productionSignal(config: Pick<Config, 'production' | 'adminEmail' | 'sites'>): string | null {
  if (config.production) return 'NODE_ENV=production'
  if (config.adminEmail) return 'ADMIN_EMAIL'
  if (config.sites.length > 0) return 'SITES'
  return null
}

/**
 * `pnpm start` on an EMPTY EMBEDDED database (PGlite, no articles, no KIM groups) loads the demo
 * data set, so that a new user sees a working dashboard at once. Never on a Postgres given by
 * DATABASE_URL (use `pnpm db:seed-demo` for that), never with JANGKAU_DEMO=0, never when ADMIN_EMAIL,
 * SITES or NODE_ENV=production is set (then the log says so and how to load it anyway), never on a
 * database that holds data of its own. Called by server.ts before listening; not part of buildApp,
 * so tests start empty.
 */
export async function loadDemoOnFirstStart(app: FastifyInstance): Promise<DemoAtStart> {
  const { config } = app
  if (config.databaseUrl || !config.demo) return null
  const previous = await findDemoLoad(app.db)
  if (previous) return { loadedNow: false, loadedAt: previous.at }
  if (await hasOwnData(app.db)) return null
  const signal = productionSignal(config)
  if (signal) {
    app.log.info(
      `Basis data tertanam kosong, tanpa data demo karena ${signal} diset (instalasi sungguhan); ` +
        `untuk memuatnya tetap: hentikan server, lalu \`pnpm db:seed-demo\`. / ` +
        `Empty embedded database, no demo data because ${signal} is set (a real install); ` +
        `to load it anyway: stop the server, then \`pnpm db:seed-demo\`.`,
    )
    return null
  }

  app.log.info(
    'Basis data tertanam masih kosong: memuat data demo (JANGKAU_DEMO=0 untuk mematikan). / ' +
      'Empty embedded database: loading the demo data set (JANGKAU_DEMO=0 turns this off).',
  )
  const result = await loadDemoData(app.db, { timeZone: config.timeZone, now: app.clock(), onProgress: progressLogger(app) })
  if (!result.loaded) return { loadedNow: false, loadedAt: result.loadedAt }
  const { counts, milliseconds } = result
  const summary =
    `${fmt(counts.articles)} artikel, ${fmt(counts.pageViews)} page views, ${fmt(counts.kimGroups)} KIM, ` +
    `${fmt(counts.kimActivities)} kegiatan KIM; ` +
    `dimuat dalam / loaded in ${(milliseconds / 1000).toLocaleString('id-ID', { maximumFractionDigits: 1 })} s`
  app.log.info(`Data demo dimuat / demo data loaded: ${summary}`)
  return { loadedNow: true, summary }
}

/**
 * Whether any demo login still works: a demo account (DEMO_USERS) that is active and still has its
 * public password. Up to three password checks (about 0.1 s each), only when such accounts exist.
 */
export async function demoLoginsWork(db: Db): Promise<boolean> {
  for (const demoUser of DEMO_USERS) {
    const found = await findUserByEmail(db, demoUser.email)
    if (found?.user.active && (await verifyPassword(demoUser.password, found.passwordHash))) return true
  }
  return false
}

/**
 * The address to listen on: HOST when set; otherwise loopback (127.0.0.1, which
 * http://localhost:3000 reaches) while demo logins work, since their passwords are public, and every
 * interface (0.0.0.0) once they do not.
 */
export function listenHost(host: string | undefined, demoLogins: boolean): string {
  return host ?? (demoLogins ? '127.0.0.1' : '0.0.0.0')
}

/** One log line per tenth of the way, and the last one. */
function progressLogger(app: FastifyInstance): (progress: DemoProgress) => void {
  let logged = -10
  return ({ percent, step }) => {
    if (percent < logged + 10 && percent < 100) return
    logged = percent
    app.log.info(`data demo / demo data ${percent}%: ${step}`)
  }
}

/**
 * The lines a new user needs after the start: where to go and how to sign in. Plain text on
 * stdout rather than a JSON log line, because a person reads it.
 */
export function demoBanner(demo: Exclude<DemoAtStart, null>, url: string): string {
  const width = Math.max(...DEMO_USERS.map((u) => u.email.length))
  const passwordWidth = Math.max(...DEMO_USERS.map((u) => u.password.length))
  const lines = [
    '',
    `  Jangkau (data demo / demo data): ${url}`,
    demo.loadedNow
      ? `  ${demo.summary}`
      : `  Data demo dimuat / demo data loaded ${demo.loadedAt.toISOString()}; ` +
        `kata sandi seperti di bawah kecuali sudah diganti / passwords as below unless changed.`,
    '  Masuk dengan / sign in with:',
    ...DEMO_USERS.map((u) => `    ${u.email.padEnd(width)}  ${u.password.padEnd(passwordWidth)}  ${u.description}`),
    '  Tur lima menit pertama / first five minutes: README.md. Tanpa demo / without demo: JANGKAU_DEMO=0 dan / and an empty PGLITE_DIR.',
    '',
  ]
  return `${lines.join('\n')}\n`
}

const fmt = (n: number) => n.toLocaleString('id-ID')
