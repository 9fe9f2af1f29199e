import { REGENCIES } from './regencies.ts'

/** One line of the regency table: traffic from the stats API, KIM figures from the KIM facts. */
export interface RegionRow {
  key: string
  label: string
  views: number
  visitors: number
  articles: number
  activities: number
  kimActive: number
  kimDormant: number
  /** Villages with an active KIM / villages, 0..1; null when unknown. */
  coverage: number | null
  /** Percent change of views against the previous period, null when not comparable. */
  viewsChange: number | null
}

interface StatsRowLike {
  key: string
  views?: number | null
  visitors?: number | null
  articles?: number | null
  activities?: number | null
  change?: { views?: number | null }
}

interface KimFactsLike {
  regionCode: string
  aktif: number
  vakum: number
  coverage: number
}

/**
 * All ten regencies in code order, each with traffic and KIM figures. A regency missing from an
 * answer gets zeros (no views is a fact worth showing, not a gap in the table), except coverage,
 * which stays null when the KIM facts did not come (we do not know it).
 */
export function mergeRegionRows(stats: readonly StatsRowLike[], kim: readonly KimFactsLike[] | null): RegionRow[] {
  const byStats = new Map(stats.map((r) => [r.key, r]))
  const byKim = new Map((kim ?? []).map((r) => [r.regionCode, r]))
  return REGENCIES.map((r) => {
    const s = byStats.get(r.code)
    const k = byKim.get(r.code)
    return {
      key: r.code,
      label: r.name,
      views: s?.views ?? 0,
      visitors: s?.visitors ?? 0,
      articles: s?.articles ?? 0,
      activities: s?.activities ?? 0,
      kimActive: k?.aktif ?? 0,
      kimDormant: k?.vakum ?? 0,
      coverage: kim === null ? null : (k?.coverage ?? 0),
      viewsChange: s?.change?.views ?? null,
    }
  })
}
