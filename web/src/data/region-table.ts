import { REGENCIES } from './regencies.ts'

/** One line of the regency table: traffic and KIM figures, all from the stats API for the filter's period. */
export interface RegionRow {
  key: string
  label: string
  views: number
  visitors: number
  articles: number
  activities: number
  /** KIM groups aktif, and vakum (registered, not disbanded, not active), on the period's last day. */
  kimActive: number
  kimDormant: number
  /** The stats metrics `coverage` and `active_coverage`: percent of villages, one decimal, on the period's last day. */
  coverage: number
  activeCoverage: number
  /** Percent change of views against the previous period, null when not comparable. */
  viewsChange: number | null
}

interface StatsRowLike {
  key: string
  views?: number | null
  visitors?: number | null
  articles?: number | null
  activities?: number | null
  kim_groups?: number | null
  kim_active?: number | null
  coverage?: number | null
  active_coverage?: number | null
  change?: { views?: number | null }
}

/**
 * All ten regencies in code order, each with traffic and KIM figures. A regency missing from the
 * answer gets zeros: no views (or no KIM) is a fact worth showing, not a gap in the table.
 */
export function mergeRegionRows(stats: readonly StatsRowLike[]): RegionRow[] {
  const byStats = new Map(stats.map((r) => [r.key, r]))
  return REGENCIES.map((r) => {
    const s = byStats.get(r.code)
    const active = s?.kim_active ?? 0
    return {
      key: r.code,
      label: r.name,
      views: s?.views ?? 0,
      visitors: s?.visitors ?? 0,
      articles: s?.articles ?? 0,
      activities: s?.activities ?? 0,
      kimActive: active,
      kimDormant: (s?.kim_groups ?? 0) - active,
      coverage: s?.coverage ?? 0,
      activeCoverage: s?.active_coverage ?? 0,
      viewsChange: s?.change?.views ?? null,
    }
  })
}
