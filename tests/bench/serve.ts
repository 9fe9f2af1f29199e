/**
 * Child-process entry for benchmarks: `node --import tsx bench/serve.ts <app|baseline>`.
 *
 * The server under load runs in its own process so that it does not share an event loop (and a
 * core) with autocannon. It listens on 127.0.0.1 port 0 and sends the port it got to the parent
 * over IPC; the parent can ask for ingest statistics (`{ type: 'stats' }`, or `{ type: 'settle' }` to
 * first write everything queued) and ends it with SIGTERM.
 *
 *   app       the real Jangkau app: buildApp() with loadConfig(process.env), no logger.
 *   baseline  a bare Fastify with the same body parsing and one POST /api/collect that answers 202
 *             doing nothing: the ceiling of HTTP + JSON on this machine, to compare the app with.
 */
import Fastify, { type FastifyInstance } from 'fastify'
import { buildApp } from '@jangkau/server'
import { loadConfig } from '@jangkau/server/config.ts'

export type ServeMode = 'app' | 'baseline'

/** Messages the child sends to its parent. */
export type ServeMessage =
  | { type: 'listening'; port: number }
  /** The answer to { type: 'stats' } and to { type: 'settle' } (which first writes what is queued). */
  | { type: 'stats'; batcher: Record<string, number>; drops: Record<string, number> | null }

const mode = process.argv[2] as ServeMode
if (!process.send) throw new Error('bench/serve.ts must be started with an IPC channel (see child-server.ts)')
const send = (message: ServeMessage) => process.send!(message)

async function baseline(): Promise<FastifyInstance> {
  const config = loadConfig(process.env)
  // The same Fastify options and text/plain parsing as app.ts, nothing else.
  const app = Fastify({ logger: false, trustProxy: config.trustProxy, bodyLimit: 1024 * 1024 })
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string))
    } catch (error) {
      done(error as Error, undefined)
    }
  })
  app.post('/api/collect', { bodyLimit: 16 * 1024 }, async (_request, reply) => reply.code(202).send({ status: 'accepted' }))
  return app
}

const app = mode === 'app' ? await buildApp({ config: loadConfig(process.env), logger: false }) : await baseline()
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
if (!address || typeof address === 'string') throw new Error('no TCP address')

process.on('message', async (message: { type?: string }) => {
  if (message.type !== 'stats' && message.type !== 'settle') return
  if (message.type === 'settle' && mode === 'app') {
    // Requests that a stopped load run left behind: let those still being read reach the queue,
    // then write everything queued. After this the stored rows stop changing.
    await new Promise((done) => setTimeout(done, 500))
    await app.ingest.batcher.drain()
  }
  send({
    type: 'stats',
    batcher: mode === 'app' ? { ...app.ingest.batcher.stats } : {},
    drops: mode === 'app' ? { ...app.ingest.drops } : null,
  })
})
// SIGTERM from the parent: close with grace (the app writes what is queued); a parent that died
// closes the IPC channel, and the child must not outlive it.
let closing = false
const close = () => {
  if (closing) return
  closing = true
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  )
}
process.on('SIGTERM', close)
process.on('disconnect', close)

send({ type: 'listening', port: address.port })
