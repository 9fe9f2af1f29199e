import type { Db } from '../plugins/db.ts'

/** Records the outcome of a site's feed sync: when, its error (null = it worked) and how many articles it read. */
export async function recordFeedSync(db: Db, siteId: number, outcome: { at: Date; error: string | null; items: number | null }): Promise<void> {
  await db
    .updateTable('sites')
    .set({ feed_synced_at: outcome.at, feed_error: outcome.error?.slice(0, 1000) ?? null, feed_items: outcome.items })
    .where('id', '=', siteId)
    .execute()
}
