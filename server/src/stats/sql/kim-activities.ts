import type { DayRange, StatsQuery } from '@jangkau/shared'
import { sql } from 'kysely'
import type { Db } from '../../db/kysely.ts'
import { dateValue } from './expressions.ts'
import { groupByDimensions, type FamilyOptions } from './group-by.ts'
import { kimKey } from './keys.ts'
import { kimGroupConditions, whereAll } from './where.ts'

/** KIM activities and their participants in a range: kim_activities `k` joined to their group `g`. */
export function kimActivitiesQuery(db: Db, q: StatsQuery, range: DayRange, options: FamilyOptions) {
  const from = db
    .selectFrom('kim_activities as k')
    .innerJoin('kim_groups as g', 'g.id', 'k.group_id')
    .where('k.date', '>=', dateValue(range.from))
    .where('k.date', '<=', dateValue(range.to))
  const counted = whereAll(from, kimGroupConditions(q.filters))
    .$if(q.filters.activity_type.length > 0, (qb) => qb.where('k.type', 'in', q.filters.activity_type))
    .select((eb) => [eb.fn.countAll().as('activities'), eb.fn.coalesce(eb.fn.sum('k.participants'), sql.lit(0)).as('participants')])
  return groupByDimensions(counted, q, (d) => kimKey(d, sql.ref('k.date')), options)
}
