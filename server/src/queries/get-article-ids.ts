import { sql } from 'kysely'
import type { Db } from '../plugins/db.ts'

/** The id of each of these (normalised) article URLs that exists; unknown URLs are absent from the map. */
export async function getArticleIds(db: Db, urls: string[]): Promise<Map<string, number>> {
  if (urls.length === 0) return new Map()
  // One array parameter rather than a list of thousands of placeholders.
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'url'])
    .where('url', '=', sql<string>`any(${urls}::text[])`)
    .execute()
  return new Map(rows.map((r) => [r.url, r.id]))
}
