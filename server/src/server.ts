// Read the configuration, build the app, load the demo data on a first start, listen; close with grace on SIGTERM/SIGINT.
import { buildApp } from './app.ts'
import { loadConfig } from './config.ts'
import { demoBanner, loadDemoOnFirstStart } from './demo/first-start.ts'

const config = loadConfig()
// Readers' IP addresses are not logged either (Fastify's request log would carry them): docs/SECURITY.md.
const app = await buildApp({ config, logger: { level: config.logLevel, redact: { paths: ['req.remoteAddress', 'req.remotePort'], remove: true } } })
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

await app.listen({ port: config.port, host: config.host })
app.log.info(`Jangkau on http://localhost:${config.port} (database: ${app.databaseKind})`)
if (demo) process.stdout.write(demoBanner(demo, `http://localhost:${config.port}`))
