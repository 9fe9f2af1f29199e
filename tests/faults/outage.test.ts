import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '@jangkau/server/db/tables.ts'
import { freePort, startOwnPostgres, type OwnPostgres } from '../src/helpers/own-postgres.ts'
import { startServerProcess, type ServerProcess } from '../src/helpers/server-process.ts'
import { openDb, sendView, sleep, storedMarkers } from './views.ts'

/** The spec: with the database gone, answer 503 "at once", within 1 to 2 seconds, never hang. */
const AT_ONCE_MS = 2000

async function timed(url: string): Promise<{ status: number; retryAfter: string | null; ms: number }> {
  const started = performance.now()
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) })
  await response.arrayBuffer()
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ms: Math.round(performance.now() - started) }
}

/**
 * Database outages: with Postgres stopped, /healthz and /api/collect answer 503 at once instead of
 * hanging, and when Postgres is back everything works again without restarting the server.
 */
describe('database outage on postgres (own cluster)', () => {
  let cluster: OwnPostgres
  let db: Kysely<Database>
  let server: ServerProcess
  beforeAll(async () => {
    cluster = await startOwnPostgres()
    db = openDb(cluster.url)
    server = await startServerProcess(await freePort(), { DATABASE_URL: cluster.url })
  })
  afterAll(async () => {
    server?.kill('SIGKILL')
    await db?.destroy()
    await cluster?.remove()
  })

  for (const mode of ['fast', 'immediate'] as const) {
    it(`answers 503 at once while Postgres is stopped (${mode}) and recovers without a restart`, async () => {
      expect((await timed(`${server.url}/healthz`)).status).toBe(200)
      expect((await sendView(server.url, `before-${mode}`, 1)).kind).toBe('acknowledged')

      await cluster.stop(mode)
      const during: { health: Awaited<ReturnType<typeof timed>>; collect: Awaited<ReturnType<typeof sendView>> }[] = []
      for (let i = 0; i < 5; i++) {
        during.push({ health: await timed(`${server.url}/healthz`), collect: await sendView(server.url, `during-${mode}-${i}`, i) })
        await sleep(300)
      }
      await cluster.start()

      // Back without a restart: the pool reconnects on its own.
      const back = performance.now()
      let health = await timed(`${server.url}/healthz`)
      while (health.status !== 200 && performance.now() - back < 30_000) {
        await sleep(200)
        health = await timed(`${server.url}/healthz`)
      }
      const recoveredMs = Math.round(performance.now() - back)
      const after = await sendView(server.url, `after-${mode}`, 2)
      const collected = during.map((d) => `${'status' in d.collect ? d.collect.status : 'no answer'} in ${Math.round(d.collect.ms)} ms`)
      console.log(
        `outage (${mode}): healthz ${during.map((d) => `${d.health.status} in ${d.health.ms} ms`).join(', ')}; ` +
          `collect ${collected.join(', ')}; ` +
          `healthy again ${recoveredMs} ms after Postgres accepted connections; then collect ${after.kind}`,
      )

      for (const { health, collect } of during) {
        expect(health).toMatchObject({ status: 503 })
        expect(health.ms).toBeLessThan(AT_ONCE_MS)
        expect(collect).toMatchObject({ kind: 'refused', status: 503 })
        expect(collect.ms).toBeLessThan(AT_ONCE_MS)
      }
      expect(health.status).toBe(200)
      expect(after.kind).toBe('acknowledged')
      const stored = await storedMarkers(db)
      expect(stored.get(`before-${mode}`)).toBe(1)
      expect(stored.get(`after-${mode}`)).toBe(1)
      expect([...stored.keys()].filter((m) => m.startsWith(`during-${mode}`))).toEqual([])
    })
  }

  it('answers 503 with Retry-After and a coded body for a page view during the outage', async () => {
    await cluster.stop('immediate')
    try {
      const response = await fetch(`${server.url}/api/collect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36' },
        body: JSON.stringify({ url: 'https://portal.test/berita/outage' }),
      })
      expect(response.status).toBe(503)
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(await response.json()).toEqual({
        error: { code: 'database_unavailable', message: 'Basis data tidak dapat dihubungi. / The database cannot be reached.' },
      })
    } finally {
      await cluster.start()
    }
  })
})
