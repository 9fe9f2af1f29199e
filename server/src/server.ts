// Read the configuration, build the app, listen; close with grace on SIGTERM/SIGINT. Nothing else.
import { buildApp } from './app.ts'
import { loadConfig } from './config.ts'

const config = loadConfig()
const app = await buildApp({ config, logger: { level: config.logLevel } })

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
