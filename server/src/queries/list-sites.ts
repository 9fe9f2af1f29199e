import type { SiteList } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toSite } from './map-rows.ts'

/** One page of sites in hostname order, with the total count. */
export async function listSites(db: Db, page: { limit: number; offset: number }): Promise<SiteList> {
  const [rows, count] = await Promise.all([
    db.selectFrom('sites').selectAll().orderBy('hostname').orderBy('id').limit(page.limit).offset(page.offset).execute(),
    db.selectFrom('sites').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(toSite), total: Number(count.n) }
}
