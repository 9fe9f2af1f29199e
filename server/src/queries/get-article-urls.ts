import type { Db } from '../plugins/db.ts'

/** The URL of each of these article ids; ids that do not exist are absent from the map. */
export async function getArticleUrls(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('articles').select(['id', 'url']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, r.url]))
}
