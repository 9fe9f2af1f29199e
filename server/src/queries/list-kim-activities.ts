import { sql } from 'kysely'
import type { KimActivityList, KimActivityQuery } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { selectKimActivities, toKimActivity } from './select-kim-activities.ts'

/**
 * A page of activities matching the filters (group, regency, type, days from..to inclusive), newest
 * first, and how many match in all.
 */
export async function listKimActivities(db: Db, query: KimActivityQuery): Promise<KimActivityList> {
  let filtered = selectKimActivities(db)
  if (query.group !== undefined) filtered = filtered.where('a.group_id', '=', query.group)
  if (query.region) filtered = filtered.where('g.region_code', '=', query.region)
  if (query.type) filtered = filtered.where('a.type', '=', query.type)
  // Dates are compared as SQL dates (the column type says Date, what pg would return for it).
  if (query.from) filtered = filtered.where(sql<boolean>`a.date >= ${query.from}::date`)
  if (query.to) filtered = filtered.where(sql<boolean>`a.date <= ${query.to}::date`)
  const [rows, count] = await Promise.all([
    filtered
      .orderBy('a.date', 'desc')
      .orderBy('a.id', 'desc')
      .limit(query.limit ?? 50)
      .offset(query.offset ?? 0)
      .execute(),
    db
      .selectFrom(filtered.as('x'))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(toKimActivity), total: Number(count.n) }
}
