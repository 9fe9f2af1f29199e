import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '@jangkau/server/db/tables.ts'
import { freePort, startOwnPostgres, type OwnPostgres } from '../src/helpers/own-postgres.ts'
import { startServerProcess, type ServerProcess } from '../src/helpers/server-process.ts'
import { openDb, sendView, storedMarkers } from './views.ts'

const BURST = 400

/**
 * SIGTERM drains: the server stops taking connections, but the views it has already queued are
 * written and answered before it exits, so a deploy or restart loses nothing that was answered 202.
 */
describe('graceful stop on postgres (own cluster)', () => {
  let cluster: OwnPostgres
  let db: Kysely<Database>
  let server: ServerProcess | undefined
  beforeAll(async () => {
    cluster = await startOwnPostgres()
    db = openDb(cluster.url)
  })
  afterAll(async () => {
    server?.kill('SIGKILL') // only when the test failed before the server exited
    await db?.destroy()
    await cluster?.remove()
  })

  it('commits and answers the views in flight at SIGTERM, then exits 0', async () => {
    // A 300 ms flush interval keeps views queued when SIGTERM arrives, so the drain has work to do;
    // no load shedding, so that the whole burst is in flight (shedding has its own test).
    const running = await startServerProcess(await freePort(), {
      DATABASE_URL: cluster.url,
      INGEST_FLUSH_MS: '300',
      INGEST_MAX_BATCH: '100000',
      OVERLOAD_MAX_IN_FLIGHT: '0',
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    })
    server = running
    let sigtermSent = false
    let answeredAfterSigterm = 0
    const answers = await Promise.all(
      Array.from({ length: BURST }, async (_, i) => {
        const answer = await sendView(running.url, `burst${i}`, i, 60_000)
        if (sigtermSent && answer.kind === 'acknowledged') answeredAfterSigterm++
        if (!sigtermSent && answer.kind !== 'unanswered') {
          // The first answer means the others have reached the server too: stop it now.
          sigtermSent = true
          running.kill('SIGTERM')
        }
        return { marker: `burst${i}`, ...answer }
      }),
    )
    const exit = await running.exited

    const stored = await storedMarkers(db)
    const acknowledged = answers.filter((a) => a.kind === 'acknowledged').map((a) => a.marker)
    const lost = acknowledged.filter((marker) => !stored.has(marker))
    const kinds = {
      acknowledged: acknowledged.length,
      refused: answers.filter((a) => a.kind === 'refused').length,
      unanswered: answers.filter((a) => a.kind === 'unanswered').length,
    }
    console.log(
      `drain test: burst ${BURST}; acknowledged ${kinds.acknowledged} (${answeredAfterSigterm} of them after SIGTERM), ` +
        `refused ${kinds.refused}, unanswered ${kinds.unanswered}; ` +
        `stored ${stored.size}, lost ${lost.length}; exit ${JSON.stringify(exit)}`,
    )
    expect(exit).toEqual({ code: 0, signal: null })
    expect(answeredAfterSigterm).toBeGreaterThan(0)
    expect(lost).toEqual([])
    expect([...stored.values()].every((count) => count === 1)).toBe(true)
  })
})
