import { sql } from 'kysely'
import type { KimActivityType, KimFacts } from '@jangkau/shared'
import type { Db } from '../db/kysely.ts'

export interface KimFactsOptions {
  /** Regency code ("64.08"), or undefined for the whole province. */
  region?: string
  /** Activities between these days, inclusive ("YYYY-MM-DD", WITA calendar days as entered). */
  from: string
  to: string
  /** Groups "aktif" since on or before this day with no activity after it are dormant candidates. */
  dormantBefore: string
  dormantDays: number
}

/** Village coverage of one regency or the whole scope, as the stats runner counts it (stats/coverage.ts). */
export type KimCoverage = KimFacts['total']

/** The coverage the caller counted: per regency code, and over the whole scope. */
export interface KimFactsCoverage {
  of: (regionCode: string) => KimCoverage
  total: KimCoverage
}

/**
 * What the dashboard's KIM page shows, from the registry tables (small: hundreds of groups, tens
 * of thousands of activities): per regency the groups by current status and the village coverage
 * the caller counted (the stats runner's, stats/coverage.ts: this floor imports nothing above it);
 * the active groups that look dormant; activities and participants per type and per month of the period.
 */
export async function getKimFacts(db: Db, options: KimFactsOptions, coverage: KimFactsCoverage): Promise<KimFacts> {
  const { region, from, to, dormantBefore } = options

  const groups = db
    .selectFrom('kim_groups')
    .select((eb) => [
      'region_code',
      eb.fn.countAll<string>().filterWhere('status', '=', 'aktif').as('aktif'),
      eb.fn.countAll<string>().filterWhere('status', '=', 'vakum').as('vakum'),
      eb.fn.countAll<string>().filterWhere('status', '=', 'bubar').as('bubar'),
    ])
    .groupBy('region_code')
  let regencies = db
    .selectFrom('regions as r')
    .leftJoin(groups.as('gc'), 'gc.region_code', 'r.code')
    .select(['r.code', 'r.name', 'gc.aktif', 'gc.vakum', 'gc.bubar'])
    .where('r.level', 'in', ['kabupaten', 'kota'])
    .orderBy('r.code')
  if (region) regencies = regencies.where('r.code', '=', region)

  let dormant = db
    .selectFrom('kim_groups as g')
    .innerJoin('regions as v', 'v.code', 'g.village_code')
    .innerJoin('regions as r', 'r.code', 'g.region_code')
    .leftJoin('kim_activities as a', 'a.group_id', 'g.id')
    .select([
      'g.id',
      'g.name',
      'g.region_code',
      'r.name as region_name',
      'v.name as village_name',
      sql<string>`to_char(g.status_since, 'YYYY-MM-DD')`.as('status_since'),
      sql<string | null>`to_char(max(a.date), 'YYYY-MM-DD')`.as('last_activity_date'),
    ])
    .where('g.status', '=', 'aktif')
    .where(sql<boolean>`g.status_since <= ${dormantBefore}::date`)
    .groupBy(['g.id', 'r.name', 'v.name'])
    .having(sql<boolean>`coalesce(max(a.date) <= ${dormantBefore}::date, true)`)
    .orderBy(sql`max(a.date)`, (ob) => ob.asc().nullsFirst())
    .orderBy('g.name')
  if (region) dormant = dormant.where('g.region_code', '=', region)

  // Activities of the period; a.date is already a WITA calendar day, so its month is the WITA month.
  let activities = db
    .selectFrom('kim_activities as a')
    .innerJoin('kim_groups as g', 'g.id', 'a.group_id')
    .where(sql<boolean>`a.date between ${from}::date and ${to}::date`)
  if (region) activities = activities.where('g.region_code', '=', region)
  const byType = activities
    .select((eb) => ['a.type', eb.fn.countAll<string>().as('activities'), eb.fn.sum<string>('a.participants').as('participants')])
    .groupBy('a.type')
    .orderBy('a.type')
  const month = sql<string>`to_char(a.date, 'YYYY-MM')`
  const byMonth = activities
    .select((eb) => [month.as('month'), eb.fn.countAll<string>().as('activities'), eb.fn.sum<string>('a.participants').as('participants')])
    .groupBy(month)
    .orderBy(month)

  const [regencyRows, dormantRows, typeRows, monthRows] = await Promise.all([
    regencies.execute(),
    dormant.execute(),
    byType.execute(),
    byMonth.execute(),
  ])
  return {
    from,
    to,
    regencies: regencyRows.map((r) => ({
      regionCode: r.code,
      regionName: r.name,
      aktif: Number(r.aktif ?? 0),
      vakum: Number(r.vakum ?? 0),
      bubar: Number(r.bubar ?? 0),
      ...coverage.of(r.code),
    })),
    total: coverage.total,
    dormantDays: options.dormantDays,
    dormantCandidates: dormantRows.map((r) => ({
      id: r.id,
      name: r.name,
      regionCode: r.region_code,
      regionName: r.region_name,
      villageName: r.village_name,
      statusSince: r.status_since,
      lastActivityDate: r.last_activity_date,
    })),
    byType: typeRows.map((r) => ({
      // the column's CHECK constraint admits only the listed types
      type: r.type as KimActivityType,
      activities: Number(r.activities),
      participants: Number(r.participants ?? 0),
    })),
    byMonth: monthRows.map((r) => ({ month: r.month, activities: Number(r.activities), participants: Number(r.participants ?? 0) })),
  }
}
