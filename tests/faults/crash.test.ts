import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '@jangkau/server/db/tables.ts'
import { freePort, startOwnPostgres, type OwnPostgres } from '../src/helpers/own-postgres.ts'
import { startServerProcess, type ServerProcess } from '../src/helpers/server-process.ts'
import { articleCountMismatches, openDb, rollupsDifferingFromRecount, sendView, sleep, storedMarkers } from './views.ts'

const LOOPS = 20
/** Load between two faults; with 7 faults about 20 s of load in all. */
const LOAD_MS = 2500

/**
 * Issue 7, "no acknowledged view is lost": the real server under steady load is killed with SIGKILL
 * five times (restarted each time) and its Postgres is crashed and restarted twice (the server
 * stays up and must recover by itself). Afterwards every view that was answered 202 is stored
 * exactly once; views that got no answer may or may not be stored. Then the rollups and the
 * articles' counters must equal a recount from the raw rows (item 4).
 */
describe('crashes on postgres (own cluster)', () => {
  let cluster: OwnPostgres
  let db: Kysely<Database>
  let port: number
  let server: ServerProcess | undefined
  beforeAll(async () => {
    cluster = await startOwnPostgres()
    db = openDb(cluster.url)
    port = await freePort()
  })
  afterAll(async () => {
    server?.kill('SIGKILL') // only when the test failed half-way
    await db?.destroy()
    await cluster?.remove()
  })

  it('stores every acknowledged view exactly once through 5 SIGKILLs and 2 Postgres crashes', async () => {
    const env = { DATABASE_URL: cluster.url }
    server = await startServerProcess(port, env)
    const acknowledged = new Set<string>()
    const tally = { sent: 0, acknowledged: 0, refused: 0, unanswered: 0 }
    let running = true

    const url = server.url // the same port after every restart
    const loop = async (id: number) => {
      for (let n = 0; running; n++) {
        const marker = `l${id}n${n}`
        tally.sent++
        const answer = await sendView(url, marker, id)
        tally[answer.kind]++
        if (answer.kind === 'acknowledged') acknowledged.add(marker)
        // Refused (503 during the database crash): retry soon. No answer: the server is down and
        // restarting; knocking 20 times a second would only slow its start.
        else await sleep(answer.kind === 'refused' ? 50 : 250)
      }
    }
    const loops = Array.from({ length: LOOPS }, (_, id) => loop(id))

    const faults: string[] = []
    const restartMs: number[] = []
    const crashServer = async () => {
      await sleep(LOAD_MS)
      server!.kill('SIGKILL')
      await server!.exited
      const started = performance.now()
      server = await startServerProcess(port, env)
      restartMs.push(Math.round(performance.now() - started))
      faults.push('SIGKILL')
    }
    const crashPostgres = async () => {
      await sleep(LOAD_MS)
      await cluster.stop('immediate')
      await sleep(1000)
      await cluster.start()
      faults.push('postgres crash')
    }
    for (const fault of [crashServer, crashServer, crashPostgres, crashServer, crashServer, crashPostgres, crashServer]) await fault()
    await sleep(LOAD_MS)
    running = false
    await Promise.all(loops)
    server.kill('SIGTERM')
    expect(await server.exited).toEqual({ code: 0, signal: null })

    const stored = await storedMarkers(db)
    const lost = [...acknowledged].filter((marker) => !stored.has(marker))
    const duplicated = [...stored].filter(([, count]) => count > 1)
    const storedUnacknowledged = [...stored.keys()].filter((marker) => !acknowledged.has(marker)).length
    console.log(
      `crash test: faults ${faults.join(', ')}; sent ${tally.sent}, acknowledged ${tally.acknowledged}, ` +
        `refused ${tally.refused}, unanswered ${tally.unanswered}; stored ${stored.size} ` +
        `(${storedUnacknowledged} of them never acknowledged), lost ${lost.length}, duplicated ${duplicated.length}; ` +
        `server restarts took ${restartMs.join(', ')} ms`,
    )
    expect(faults).toHaveLength(7)
    expect(tally.acknowledged).toBeGreaterThan(100)
    expect(lost).toEqual([])
    expect(duplicated).toEqual([])

    // Item 4: what ingest maintained incrementally equals a recount from page_views.
    expect(await articleCountMismatches(db)).toEqual([])
    expect(await rollupsDifferingFromRecount(db)).toEqual([])
  })
})
