import type { Db } from '../plugins/db.ts'

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
