import fp from 'fastify-plugin'
import type { Db } from '../db/kysely.ts'
import { drainRollupQueue } from '../queries/drain-rollup-queue.ts'
import { lockRollups } from '../queries/lock-rollups.ts'
import { prepareRollups } from '../queries/prepare-rollups.ts'
import { pruneRollups } from '../queries/prune-rollups.ts'

const PRUNE_EVERY_MS = 10 * 60_000

declare module 'fastify' {
  interface FastifyInstance {
    rollups: RollupDrain
  }
}

/**
 * Counts queued page views into the rollups (drainRollupQueue) for this process: calls that come
 * while a drain runs share one more drain after it, so that many stats requests at once hold one
 * pooled connection, not one each.
 */
export class RollupDrain {
  private running: Promise<void> | undefined
  private next: Promise<void> | undefined

  constructor(private readonly db: Db) {}

  /**
   * Resolves once every page view acknowledged before the call is counted into the rollups; call it
   * before reading them. Rejects with the database's error when the drain fails (the views stay
   * queued for the next try).
   */
  catchUp(): Promise<void> {
    if (!this.running) {
      this.running = drainRollupQueue(this.db).then(
        () => (this.running = undefined),
        (error: unknown) => {
          this.running = undefined
          throw error
        },
      )
      return this.running
    }
    // The running drain may have read the end of the queue before this call's views were
    // acknowledged: one more after it.
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined
        return this.catchUp()
      })
    return this.next
  }
}

/**
 * The rollups' upkeep. At start they are made to count days in the report zone (a rebuild when the
 * zone changed or they are new) and what a stopped process left in rollup_queue is counted. Then
 * the queue is drained every config.rollupDrainMs in the background, and before every read of the
 * rollups (app.rollups.catchUp() in the stats routes and the monthly report); app.ts drains it once
 * more at shutdown. Every ten minutes the recent tables drop what has aged out.
 */
export default fp(
  async (app) => {
    if (await prepareRollups(app.db, app.config.timeZone)) {
      app.log.info({ timeZone: app.config.timeZone }, 'rollups rebuilt for the report time zone')
    }
    const drain = new RollupDrain(app.db)
    app.decorate('rollups', drain)
    try {
      const counted = await drainRollupQueue(app.db)
      if (counted) app.log.info({ views: counted }, 'queued page views counted into the rollups')
    } catch (err) {
      app.log.error({ err }, 'counting queued page views into the rollups failed; retrying in the background')
    }

    let stopped = false
    let failing = false
    let drainTimer: NodeJS.Timeout | undefined
    const drainLater = () => {
      if (stopped || !app.config.rollupDrainMs) return
      drainTimer = setTimeout(() => {
        drain
          .catchUp()
          .then(
            () => {
              if (failing) app.log.info('counting page views into the rollups works again')
              failing = false
            },
            (err: unknown) => {
              // Once per failing spell, not every quarter second; the views stay queued meanwhile.
              if (!failing) app.log.error({ err }, 'counting page views into the rollups failed; retrying')
              failing = true
            },
          )
          .finally(drainLater)
      }, app.config.rollupDrainMs)
      drainTimer.unref()
    }
    drainLater()

    const pruneTimer = setInterval(() => {
      prune(app.db, app.clock(), app.config.timeZone).catch((err: unknown) => app.log.warn({ err }, 'pruning rollups failed'))
    }, PRUNE_EVERY_MS)
    pruneTimer.unref()
    // Before app.ts's preClose hook (registered later), which drains the queue one last time.
    app.addHook('preClose', async () => {
      stopped = true
      clearTimeout(drainTimer)
      clearInterval(pruneTimer)
    })
  },
  { name: 'rollups', dependencies: ['db'] },
)

/**
 * Prunes after counting what is queued, under the rollups' lock: the visitors seen on a day must not
 * be dropped while views of that day still wait to be counted.
 */
async function prune(db: Db, now: Date, timeZone: string): Promise<void> {
  await drainRollupQueue(db)
  await db.transaction().execute(async (trx) => {
    await lockRollups(trx)
    await pruneRollups(trx, now, timeZone)
  })
}
