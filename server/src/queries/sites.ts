import type { Site, SiteList } from '@jangkau/shared'
import type { Selectable } from 'kysely'
import type { Db } from '../db/kysely.ts'
import type { SitesTable } from '../db/tables.ts'
import { paged } from './paging.ts'

// The portals Jangkau counts for, as admins and configuration (SITES) set them, and their feed syncs.
// What ingest creates or looks up on the way is in catalog-keys.ts and ensure-sites.ts.

export const toSite = (r: Selectable<SitesTable>): Site => ({
  id: r.id,
  hostname: r.hostname,
  name: r.name,
  regionCode: r.region_code,
  autoCreated: r.auto_created,
  createdAt: r.created_at.toISOString(),
  feedUrl: r.feed_url,
  feedSync: { at: r.feed_synced_at?.toISOString() ?? null, error: r.feed_error, items: r.feed_items },
})

export async function getSite(db: Db, id: number): Promise<Site | undefined> {
  const row = await db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toSite(row)
}

/** One page of sites in hostname order, with the total count. */
export async function listSites(db: Db, page: { limit: number; offset: number }): Promise<SiteList> {
  return paged(db, db.selectFrom('sites').selectAll(), (q) => q.orderBy('hostname').orderBy('id'), page, toSite)
}

/** Creates a configured site (not auto-created). Throws 23505 when the hostname exists. */
export async function insertSite(
  db: Db,
  site: { hostname: string; name: string; regionCode: string | null; feedUrl?: string | null },
): Promise<Site> {
  const row = await db
    .insertInto('sites')
    .values({
      hostname: site.hostname.toLowerCase(),
      name: site.name,
      region_code: site.regionCode,
      feed_url: site.feedUrl ?? null,
      auto_created: false,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return toSite(row)
}

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

/** Creates or updates the sites named in configuration (SITES). */
export async function upsertConfiguredSites(db: Db, sites: { hostname: string; name: string; regionCode: string | null }[]): Promise<void> {
  for (const s of sites) {
    await db
      .insertInto('sites')
      .values({ hostname: s.hostname, name: s.name, region_code: s.regionCode, auto_created: false })
      .onConflict((oc) => oc.column('hostname').doUpdateSet({ name: s.name, region_code: s.regionCode, auto_created: false }))
      .execute()
  }
}

/** Deletes a site; true when one was deleted. Throws 23503 while articles (or other rows) refer to it. */
export async function deleteSite(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('sites').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** Ids of the sites with a feed that was never read, or last read before `before`. */
export async function listFeedSitesDue(db: Db, before: Date): Promise<number[]> {
  const rows = await db
    .selectFrom('sites')
    .select('id')
    .where('feed_url', 'is not', null)
    .where((eb) => eb.or([eb('feed_synced_at', 'is', null), eb('feed_synced_at', '<', before)]))
    .orderBy('id')
    .execute()
  return rows.map((r) => r.id)
}

/** Records the outcome of a site's feed sync: when, its error (null = it worked) and how many articles it read. */
export async function recordFeedSync(
  db: Db,
  siteId: number,
  outcome: { at: Date; error: string | null; items: number | null },
): Promise<void> {
  await db
    .updateTable('sites')
    .set({ feed_synced_at: outcome.at, feed_error: outcome.error?.slice(0, 1000) ?? null, feed_items: outcome.items })
    .where('id', '=', siteId)
    .execute()
}
