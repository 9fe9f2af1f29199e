// Read the configuration, build the app, load the demo data on a first start, listen; close with grace on SIGTERM/SIGINT.
import pretty from 'pino-pretty'
import { buildApp } from './app.ts'
import { loadConfig } from './config.ts'
import { demoBanner, demoLoginsWork, listenHost, loadDemoOnFirstStart } from './demo/first-start.ts'

const config = loadConfig()
// LOG_FORMAT (config.ts): JSON lines for collectors, or readable lines on a terminal. Both are written
// synchronously in this thread, pino-pretty as a stream rather than a transport (a worker thread), and
// JSON to process.stdout rather than pino's own buffered writer: every log line is out before the next
// write, so the demo banner printed last below really is the last thing shown.
const stream =
  config.logFormat === 'pretty' ? pretty({ sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }) : process.stdout
// Readers' IP addresses are not logged either (Fastify's request log would carry them): docs/SECURITY.md.
const app = await buildApp({
  config,
  logger: {
    level: config.logLevel,
    redact: { paths: ['req.remoteAddress', 'req.remotePort'], remove: true },
    stream,
  },
})
// An empty embedded database gets the demo data set, before the first request can see it half-loaded.
const demo = await loadDemoOnFirstStart(app)

let closing = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return
    closing = true
    app.log.info(`${signal}: draining`)
    app.close().then(
      () => process.exit(0),
      (error) => {
        app.log.error(error)
        process.exit(1)
      },
    )
  })
}

// The demo's passwords are public: while one works, only this machine may reach the server unless
// HOST says otherwise.
const demoLogins = await demoLoginsWork(app.db)
const host = listenHost(config.host, demoLogins)
if (demoLogins) {
  app.log.warn(
    config.host
      ? `Login demo (kata sandi publik) masih berlaku dan HOST=${config.host}: ganti kata sandinya di Admin → Pengguna. / ` +
          `Demo logins (public passwords) still work and HOST=${config.host}: ` +
          `change their passwords under Admin → Pengguna.`
      : 'Login demo (kata sandi publik) masih berlaku: hanya mendengar di 127.0.0.1; ganti kata sandinya atau set HOST. / ' +
          'Demo logins (public passwords) still work: listening on 127.0.0.1 only; ' +
          'change their passwords or set HOST.',
  )
}
await app.listen({ port: config.port, host })
app.log.info(`Jangkau on http://localhost:${config.port} (database: ${app.databaseKind})`)
// Last, once the demo data is loaded and the server listens: the logins are what a person reads next.
if (demo) process.stdout.write(demoBanner(demo, `http://localhost:${config.port}`))
