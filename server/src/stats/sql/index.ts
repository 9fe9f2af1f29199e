import type { DayRange, MetricFamily, StatsQuery } from '@jangkau/shared'
import { sql, type Compilable } from 'kysely'
import type { Db } from '../../db/kysely.ts'
import { articlesQuery } from './articles.ts'
import { regencyOf } from './expressions.ts'
import type { CountRow, FamilyOptions } from './group-by.ts'
import { kimActivitiesQuery } from './kim-activities.ts'
import { kimGroupsQuery } from './kim-groups.ts'
import { pageViewsQuery } from './page-views.ts'

/*
 * The one place where SQL is built from a stats query (see README.md beside this folder). Each metric
 * family has its own module and source tables:
 *
 *   page_views      page-views.ts: segment or article rollups, or page_views (table-decider.ts)
 *   articles        articles.ts: the articles table (published_at in the query's zone)
 *   kim_activities  kim-activities.ts: kim_activities joined to kim_groups
 *   kim_groups      kim-groups.ts: kim_status_changes, the status of each group on a day
 *
 * Every family query answers rows of (by_key, split_key, <metric columns>) for one day range; run.ts
 * runs them for the range and the comparison range and merges them. Keys are text: "" stands for an
 * unknown value (an article without region, a direct visit).
 */

export type { CountRow, FamilyOptions }

/** A family query, ready to run or to compile. */
export type FamilyQuery = Compilable<CountRow> & { execute(): Promise<CountRow[]> }

/** The SQL of one metric family for one day range. */
export function buildFamilyQuery(
  db: Db,
  family: MetricFamily,
  q: StatsQuery,
  range: DayRange,
  rollupTimeZone: string,
  options: FamilyOptions = {},
): FamilyQuery {
  switch (family) {
    case 'page_views':
      return pageViewsQuery(db, q, range, rollupTimeZone, options)
    case 'articles':
      return articlesQuery(db, q, range, options)
    case 'kim_activities':
      return kimActivitiesQuery(db, q, range, options)
    case 'kim_groups':
      return kimGroupsQuery(db, q, range, options)
  }
}

/**
 * For a transaction that reads rollups: no parallel workers. The rollup queries read thousands of
 * rows, not millions; starting workers cost more than they saved (on a busy two-core server, ~100 ms
 * of waiting for a 4 ms query, see docs/BENCHMARKS.md). Raw-row queries keep them.
 */
export const serialPlansForRollups = sql`set local max_parallel_workers_per_gather = 0`

/** Villages (desa and kelurahan) per regency: the denominator of `coverage`. */
export function villagesPerRegencyQuery(db: Db) {
  return db
    .selectFrom('regions')
    .select((eb) => [regencyOf(eb.ref('code')).as('region'), eb.fn.countAll().as('villages')])
    .where('level', '=', 'desa')
    .groupBy('region')
}
