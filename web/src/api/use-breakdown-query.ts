import type { BreakdownAnswer } from '@jangkau/shared'
import type { Filters } from '../data/filters.ts'
import { mergeBreakdownRows } from '../data/stats-plan.ts'
import { statsCsvUrl, useStatsQueries } from './use-stats-queries.ts'
import type { StatsRequest } from './use-stats-params.ts'

function mergeBreakdowns(parts: BreakdownAnswer[]): BreakdownAnswer {
  return { ...parts[0]!, rows: mergeBreakdownRows(parts.map((p) => p.rows)) }
}

/** GET /api/stats/breakdown: one row per region / category / article / referrer ... */
export function useBreakdownQuery(filters: Filters, request: StatsRequest, options: { enabled?: boolean } = {}) {
  return useStatsQueries<BreakdownAnswer>('breakdown', filters, request, mergeBreakdowns, options.enabled ?? true)
}

/** The server's CSV of the same breakdown. */
export function breakdownCsvUrl(filters: Filters, request: StatsRequest, lang: 'id' | 'en'): string {
  return statsCsvUrl('breakdown', filters, request, lang)
}
