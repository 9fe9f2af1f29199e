import fp from 'fastify-plugin'
import { prepareRollups } from '../queries/prepare-rollups.ts'
import { pruneRollups } from '../queries/prune-rollups.ts'

const PRUNE_EVERY_MS = 10 * 60_000

/**
 * The rollups' upkeep outside ingest: at start they are made to count days in the report zone (a
 * rebuild when the zone changed or they are new), and every ten minutes the recent tables drop what
 * has aged out. The counting itself happens in insertPageViews, in the ingest transaction.
 */
export default fp(
  async (app) => {
    if (await prepareRollups(app.db, app.config.timeZone)) {
      app.log.info({ timeZone: app.config.timeZone }, 'rollups rebuilt for the report time zone')
    }
    const timer = setInterval(() => {
      pruneRollups(app.db, app.clock(), app.config.timeZone).catch((err: unknown) => app.log.warn({ err }, 'pruning rollups failed'))
    }, PRUNE_EVERY_MS)
    timer.unref()
    app.addHook('onClose', async () => clearInterval(timer))
  },
  { name: 'rollups', dependencies: ['db'] },
)
