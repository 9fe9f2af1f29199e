import type { FastifyPluginAsync } from 'fastify'
import kimActivityRoutes from './activities.ts'
import kimFactsRoutes from './facts.ts'
import kimGroupRoutes from './groups.ts'
import kimImportRoutes from './import.ts'

/** Everything under /api/kim: the registry of groups, their activities, CSV import and dashboard facts. */
const kimRoutes: FastifyPluginAsync = async (app) => {
  await app.register(kimGroupRoutes)
  await app.register(kimActivityRoutes)
  await app.register(kimImportRoutes)
  await app.register(kimFactsRoutes)
}

export default kimRoutes
