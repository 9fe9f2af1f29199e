import { dayIn, parseStatsQuery, type StatsEndpoint, type StatsQuery, type StatsQueryParams } from '@jangkau/shared'
import { badRequest } from '../errors.ts'
import { t } from '../i18n.ts'

export interface ParseContext {
  /** The report zone (config.timeZone): the default `tz`, and the zone of "today". */
  timeZone: string
  now: Date
  /** True when a regency code exists in `regions` (the ingest catalogue's cached list). */
  regionExists: (code: string) => Promise<boolean>
}

/**
 * The query string of a stats or export request → the one parsed StatsQuery, or a 400 with a code.
 * The rules live in shared/src/schemas/stats-query.ts; this adds what needs the server: today's date
 * and the list of region codes.
 */
export async function parseStatsRequest(params: StatsQueryParams, endpoint: StatsEndpoint, context: ParseContext): Promise<StatsQuery> {
  const result = parseStatsQuery(params, endpoint, { timeZone: context.timeZone, today: dayIn(context.now, context.timeZone) })
  if (!result.ok) throw badRequest(result.code, result.message)
  for (const code of result.query.filters.region) {
    if (!(await context.regionExists(code))) {
      throw badRequest('unknown_region', t(`Kode wilayah ${code} tidak dikenal.`, `Unknown region code ${code}.`))
    }
  }
  return result.query
}
