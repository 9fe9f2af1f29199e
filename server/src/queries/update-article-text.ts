import type { Db } from '../plugins/db.ts'

/**
 * Sets an article's title and/or author as an admin's word: what is given becomes confirmed (source
 * 'admin'); null clears it and leaves it open again ('view'). Fields not given keep value and source.
 * False when there is no such article.
 */
export async function updateArticleText(db: Db, id: number, changes: { title?: string | null; author?: string | null }): Promise<boolean> {
  const source = (value: string | null) => (value === null ? ('view' as const) : ('admin' as const))
  const result = await db
    .updateTable('articles')
    .set({
      ...(changes.title !== undefined ? { title: changes.title, title_source: source(changes.title) } : {}),
      ...(changes.author !== undefined ? { author: changes.author, author_source: source(changes.author) } : {}),
    })
    .where('id', '=', id)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
