import type { Db } from '../plugins/db.ts'

/** The public counter of one article (by normalised URL): one primary-key-sized index lookup. 0 if unknown. */
export async function getArticleViews(db: Db, url: string): Promise<number> {
  const row = await db.selectFrom('articles').select('views').where('url', '=', url).executeTakeFirst()
  return row ? Number(row.views) : 0
}
