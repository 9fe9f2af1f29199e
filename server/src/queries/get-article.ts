import type { Article } from '@jangkau/shared'
import type { Db } from '../plugins/db.ts'
import { selectArticles, toArticle } from './list-articles.ts'

/**
 * One article of the catalogue with its site, category and region names and its public counter
 * (`views`, the "N kali dilihat" of the portal); undefined when there is no such article.
 * The same shape as a row of listArticles.
 */
export async function getArticle(db: Db, id: number): Promise<Article | undefined> {
  const row = await selectArticles(db).where('a.id', '=', id).executeTakeFirst()
  return row && toArticle(row)
}
