import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { addDays, ErrorBody, isCalendarDay, KIM_LIMITS, KimFacts, KimFactsQuery } from '@jangkau/shared'
import { badRequest } from '../../errors.ts'
import { t } from '../../i18n.ts'
import { today } from '../../kim/today.ts'
import { getKimFacts } from '../../queries/get-kim-facts.ts'
import { coverageOnDay } from '../../stats/coverage.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody }

/** GET /api/kim/facts: KIM per regency, dormant candidates and activity counts for the dashboard. */
const kimFactsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/kim/facts',
    { config: { access: 'read' }, schema: { tags: ['kim'], querystring: KimFactsQuery, response: { 200: KimFacts, ...errors } } },
    async (request) => {
      const day = today(app)
      // Default period: the last 12 months including this one.
      const to = request.query.to ?? day
      const from = request.query.from ?? `${addMonths(day.slice(0, 7), -11)}-01`
      for (const [field, value] of [
        ['from', from],
        ['to', to],
      ] as const) {
        if (!isCalendarDay(value)) throw badRequest('invalid_date', t(`${field} bukan tanggal yang sah.`, `${field} is not a valid date.`))
      }
      if (from > to) throw badRequest('invalid_range', t('from setelah to.', 'from is after to.'))
      // Village coverage as of today, counted by the stats runner like every other coverage figure.
      const coverage = await coverageOnDay(app.db, day, request.query.region, app.config.timeZone)
      const options = {
        region: request.query.region,
        from,
        to,
        dormantBefore: addDays(day, -KIM_LIMITS.dormantDays),
        dormantDays: KIM_LIMITS.dormantDays,
      }
      return getKimFacts(app.db, options, coverage)
    },
  )
}

/** "YYYY-MM" plus `n` months. */
function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const d = new Date(Date.UTC(y, m - 1 + n, 1))
  return d.toISOString().slice(0, 7)
}

export default kimFactsRoutes
