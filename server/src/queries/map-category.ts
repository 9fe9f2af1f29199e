import { sql } from 'kysely'
import type { Db } from '../plugins/db.ts'

/**
 * Maps category `sourceId` onto `targetId`, in the caller's transaction: its articles move to the
 * target (the trigger articles_move_rollups moves their counts in the rollups' segments), its aliases
 * point to the target, so later views with its texts resolve there, and the row is kept as merged
 * (unlisted) for views resolved meanwhile by a cache not yet reloaded (insertPageViews follows
 * merged_into). Returns the articles moved and their counted views.
 *
 * Call it after locking the source row (`for update`): ingest statements that stored articles with
 * it hold a key-share lock on it until they commit, so the move waits for them and sees them.
 */
export async function mapCategory(trx: Db, sourceId: number, targetId: number): Promise<{ articles: number; views: number }> {
  const moved = await sql<{ articles: string; views: string }>`
    with moved as (
      update articles set category_id = ${targetId} where category_id = ${sourceId}
      returning views
    )
    select count(*) as articles, coalesce(sum(views), 0) as views from moved
  `.execute(trx)
  await trx.updateTable('category_aliases').set({ category_id: targetId }).where('category_id', '=', sourceId).execute()
  await trx.updateTable('categories').set({ merged_into: targetId }).where('id', '=', sourceId).execute()
  const row = moved.rows[0]!
  return { articles: Number(row.articles), views: Number(row.views) }
}
