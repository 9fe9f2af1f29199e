import { villagePercent, type StatsQuery } from '@jangkau/shared'
import type { Db } from '../db/kysely.ts'
import { type Cell, runStatsQuery } from './run.ts'
import { villagesPerRegencyQuery } from './sql/index.ts'

/*
 * Village coverage, the one place it is computed. The kim_groups family query (sql/kim-groups.ts)
 * counts, per cell, the villages with a KIM that is not disbanded (`covered_villages`) and with an
 * active KIM (`active_villages`) on the cell's day; here they become the percent metrics `coverage`
 * and `active_coverage` (villagePercent in @jangkau/shared/vocab). The stats API, its CSV, the
 * monthly report (and so its PDF) and GET /api/kim/facts all take them from here.
 */

/** Villages (desa and kelurahan) per regency code. */
export async function villagesByRegency(db: Db): Promise<Map<string, number>> {
  const rows = await villagesPerRegencyQuery(db).execute()
  return new Map(rows.map((r) => [String(r.region), Number(r.villages)]))
}

/**
 * Adds `coverage` and `active_coverage` to every cell: villages with a (an active) KIM / villages in
 * scope × 100. The scope is the cell's regency when `by` or `split` is region, else the regencies of
 * the region filter, else the whole province: a wider scope is counted over all its villages (the
 * query counts distinct villages over it), never averaged from its regencies' percents.
 */
export function addCoverage(cells: Cell[], q: StatsQuery, villages: Map<string, number>): void {
  const total = (codes: string[]) => codes.reduce((sum, code) => sum + (villages.get(code) ?? 0), 0)
  const scopeAll = q.filters.region.length ? q.filters.region : [...villages.keys()]
  for (const cell of cells) {
    const region = q.by === 'region' ? cell.by : q.split === 'region' ? cell.split : null
    const inScope = region !== null ? total([region]) : total(scopeAll)
    cell.values.coverage = villagePercent(cell.values.covered_villages ?? 0, inScope)
    cell.values.active_coverage = villagePercent(cell.values.active_villages ?? 0, inScope)
  }
}

/** Village coverage of one scope, with the counts it is made of. */
export interface VillageCoverage {
  villages: number
  villagesWithKim: number
  villagesWithActiveKim: number
  coverage: number
  active_coverage: number
}

/** A cell's coverage as the KIM facts write it (zeros for a regency without any KIM group). */
export function coverageOfCell(cell: Cell | undefined, villages: number): VillageCoverage {
  const v = cell?.values ?? {}
  return {
    villages,
    villagesWithKim: v.covered_villages ?? 0,
    villagesWithActiveKim: v.active_villages ?? 0,
    coverage: v.coverage ?? 0,
    active_coverage: v.active_coverage ?? 0,
  }
}

/**
 * Coverage on `day` per regency of the scope (one regency, or the province when `region` is
 * undefined) and over the whole scope: GET /api/kim/facts shows it beside the group counts. The
 * whole is counted over all the scope's villages, never an average of the regencies' percents.
 */
export async function coverageOnDay(db: Db, day: string, region: string | undefined, timeZone: string) {
  const scope = region ? [region] : []
  const villages = await villagesByRegency(db)
  const run = (by: 'region' | null) => runStatsQuery(db, coverageQuery(day, scope, by, timeZone), { rollupTimeZone: timeZone })
  const [perRegency, whole] = [await run('region'), await run(null)]
  const cellOf = new Map(perRegency.current.map((c) => [c.by, c]))
  const inScope = (region ? [region] : [...villages.keys()]).reduce((sum, code) => sum + (villages.get(code) ?? 0), 0)
  return {
    of: (code: string) => coverageOfCell(cellOf.get(code), villages.get(code) ?? 0),
    total: coverageOfCell(whole.current[0], inScope),
  }
}

/** A stats query of the two coverage metrics on one day, per regency (`by`) or for the whole scope. */
export function coverageQuery(day: string, regions: string[], by: 'region' | null, timeZone: string): StatsQuery {
  return {
    metrics: ['coverage', 'active_coverage'],
    by,
    split: null,
    range: { from: day, to: day },
    previous: null,
    compare: null,
    timeZone,
    filters: { site: [], region: regions, category: [], author: [], article: [], kim_group: [], activity_type: [] },
    limit: 1000,
    lang: 'id',
  }
}
