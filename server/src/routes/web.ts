import { existsSync } from 'node:fs'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync } from 'fastify'

/** The built dashboard (web/dist) at /, with index.html for every client-side route. */
const webRoutes: FastifyPluginAsync = async (app) => {
  const root = app.config.webDist
  if (!existsSync(`${root}/index.html`)) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('Jangkau API berjalan. Dasbor belum dibangun: jalankan `pnpm build`.\n'),
    )
    return
  }
  await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] })
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.code(404).send({ error: { code: 'not_found', message: `Tidak ditemukan: ${request.url.split('?')[0]}` } })
    }
    return reply.sendFile('index.html')
  })
}

export default webRoutes
