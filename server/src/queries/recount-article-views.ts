import { sql } from 'kysely'
import type { Db } from '../plugins/db.ts'

/**
 * Sets the public counter (articles.views) of these articles to the number of their stored page
 * views, after a bulk load that appended views without counting them (appendPageViews).
 */
export async function recountArticleViews(db: Db, articleIds: number[]): Promise<void> {
  if (articleIds.length === 0) return
  await sql`
    update articles a set views = coalesce(c.views, 0)
    from unnest(${articleIds}::int[]) as ids(id)
    left join (
      select article_id, count(*) as views from page_views
      where article_id = any(${articleIds}::int[])
      group by article_id
    ) c on c.article_id = ids.id
    where a.id = ids.id
  `.execute(db)
}
