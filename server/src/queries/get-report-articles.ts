import type { Db } from '../db/kysely.ts'

/**
 * URL and confirmed title of each of these article ids: the title only when the portal's feed or an
 * admin said it (null otherwise: a reader's page view brought it, or there is none). Ids that do not
 * exist are absent from the map.
 */
export async function getReportArticles(db: Db, ids: number[]): Promise<Map<number, { url: string; confirmedTitle: string | null }>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('articles').select(['id', 'url', 'title', 'title_source']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, { url: r.url, confirmedTitle: r.title_source === 'view' ? null : r.title }]))
}
