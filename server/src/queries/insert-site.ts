import type { Site } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { toSite } from './map-rows.ts'

/** Creates a configured site (not auto-created). Throws 23505 when the hostname exists. */
export async function insertSite(db: Db, site: { hostname: string; name: string; regionCode: string | null; feedUrl?: string | null }): Promise<Site> {
  const row = await db
    .insertInto('sites')
    .values({ hostname: site.hostname.toLowerCase(), name: site.name, region_code: site.regionCode, feed_url: site.feedUrl ?? null, auto_created: false })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toSite(row)
}
