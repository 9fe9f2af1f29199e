import type { Site } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toSite } from './map-rows.ts'

export async function getSite(db: Db, id: number): Promise<Site | undefined> {
  const row = await db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toSite(row)
}
