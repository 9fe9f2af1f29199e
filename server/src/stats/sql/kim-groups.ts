import { isTimeDimension, type DayRange, type StatsQuery } from '@jangkau/shared'
import { sql, type QueryCreator } from 'kysely'
import type { Db } from '../../db/kysely.ts'
import type { Database } from '../../db/tables.ts'
import { bucketStart } from './expressions.ts'
import { groupByDimensions, type FamilyOptions } from './group-by.ts'
import { kimKey, type Key } from './keys.ts'
import { kimGroupConditions, whereAll } from './where.ts'

/**
 * Stock metrics of KIM groups, as of a day: the last day of the range, or of each time bucket (the
 * range's last day for the last, partial bucket). A group's status on a day is the latest change on
 * or before it (status history `kim_status_changes`); a group with no change yet did not exist.
 * covered_villages and active_villages become `coverage` and `active_coverage` (percent of villages)
 * in ../coverage.ts: the one place that counts villages with a KIM.
 */
export function kimGroupsQuery(db: Db, q: StatsQuery, range: DayRange, options: FamilyOptions) {
  const bucket = isTimeDimension(q.by) ? q.by : null
  // The days counted at (`at`), with the time bucket each stands for when there is one (`bucket`).
  const asOf = (w: QueryCreator<Database>) =>
    bucket
      ? w
          .selectFrom(sql<{ d: Date }>`generate_series(${range.from}::date, ${range.to}::date, interval '1 day')`.as('d'))
          .select((eb) => [
            bucketStart(eb.cast(eb.ref('d.d'), 'date'), bucket).as('bucket'),
            eb.cast<string>(eb.fn.max('d.d'), 'date').as('at'),
          ])
          .groupBy('bucket')
      : w.selectNoFrom((eb) => [eb.cast<string>(eb.val(range.to), 'date').as('at')])
  const from = db
    .with('asof', asOf)
    .with('spans', (w) =>
      w.selectFrom('kim_status_changes').select((eb) => [
        'group_id',
        'status',
        'changed_on',
        eb.fn
          .agg<string | null>('lead', ['changed_on'])
          .over((o) => o.partitionBy('group_id').orderBy('changed_on').orderBy('id'))
          .as('next_change'),
      ]),
    )
    .selectFrom('asof')
    .innerJoin('spans as s', (join) =>
      join
        .onRef('s.changed_on', '<=', 'asof.at')
        .on((eb) => eb.or([eb('s.next_change', 'is', null), eb('s.next_change', '>', eb.ref('asof.at'))])),
    )
    .innerJoin('kim_groups as g', 'g.id', 's.group_id')
  const counted = whereAll(from, kimGroupConditions(q.filters)).select((eb) => [
    eb.fn.count('s.group_id').filterWhere('s.status', '<>', 'bubar').as('kim_groups'),
    eb.fn.count('s.group_id').filterWhere('s.status', '=', 'aktif').as('kim_active'),
    eb.fn.count('g.village_code').distinct().filterWhere('s.status', '<>', 'bubar').as('covered_villages'),
    eb.fn.count('g.village_code').distinct().filterWhere('s.status', '=', 'aktif').as('active_villages'),
  ])
  const keyOf = (d: Parameters<typeof kimKey>[0]): Key =>
    isTimeDimension(d) ? { value: sql.ref('asof.bucket'), as: 'day' } : kimKey(d, sql.ref('asof.at'))
  return groupByDimensions(counted, q, keyOf, options)
}
