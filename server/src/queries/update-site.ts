import type { Site } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toSite } from './map-rows.ts'

/**
 * Changes a site; undefined when there is none. An edited site counts as configured by an admin
 * from then on (auto_created = false), which ends open mode. Throws 23505 for a taken hostname.
 */
export async function updateSite(
  db: Db,
  id: number,
  changes: { hostname?: string; name?: string; regionCode?: string | null; feedUrl?: string | null },
): Promise<Site | undefined> {
  const row = await db
    .updateTable('sites')
    .set({
      ...(changes.hostname !== undefined ? { hostname: changes.hostname.toLowerCase() } : {}),
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.regionCode !== undefined ? { region_code: changes.regionCode } : {}),
      ...(changes.feedUrl !== undefined ? { feed_url: changes.feedUrl } : {}),
      auto_created: false,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
  return row && toSite(row)
}
