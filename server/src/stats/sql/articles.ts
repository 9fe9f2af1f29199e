import { addDays, isTimeDimension, type DayRange, type StatsQuery } from '@jangkau/shared'
import { sql } from 'kysely'
import type { Db } from '../../db/kysely.ts'
import { dayOf, startOfDay } from './expressions.ts'
import { groupByDimensions, type FamilyOptions } from './group-by.ts'
import { dayKey, pageViewKey } from './keys.ts'
import { articleConditions, whereAll } from './where.ts'

/** Articles published in a range (published_at in the query's zone), keyed like page views at the article level. */
export function articlesQuery(db: Db, q: StatsQuery, range: DayRange, options: FamilyOptions) {
  const byCategory = q.by === 'category' || q.split === 'category'
  const from = db
    .selectFrom('articles as a')
    .$if(byCategory, (qb) => qb.leftJoin('categories as c', 'c.id', 'a.category_id'))
    .where('a.published_at', '>=', startOfDay(range.from, q.timeZone))
    .where('a.published_at', '<', startOfDay(addDays(range.to, 1), q.timeZone))
  const counted = whereAll(from, articleConditions(q.filters, sql.ref<number>('a.id'))).select((eb) => eb.fn.countAll().as('articles'))
  return groupByDimensions(
    counted,
    q,
    (d) => (isTimeDimension(d) ? dayKey(dayOf(sql.ref<Date | null>('a.published_at'), q.timeZone), d) : pageViewKey(d, 'article')),
    options,
  )
}
