import type { Db } from '../plugins/db.ts'
import { counterViews } from './list-articles.ts'

/**
 * The public counter of one article (by normalised URL): one primary-key-sized index lookup. 0 if
 * unknown. It includes what the portal counted before Jangkau (see counterViews).
 */
export async function getArticleViews(db: Db, url: string): Promise<number> {
  const row = await db.selectFrom('articles').select(['views', 'base_views', 'imported_views']).where('url', '=', url).executeTakeFirst()
  return row ? counterViews(row) : 0
}
