import type { Db } from '../plugins/db.ts'

/** Which of these category slugs (stats keys) name a category not yet mapped by an admin. */
export async function listUnmappedCategorySlugs(db: Db, slugs: string[]): Promise<Set<string>> {
  if (slugs.length === 0) return new Set()
  const rows = await db.selectFrom('categories').select('slug').where('slug', 'in', slugs).where('mapped', '=', false).execute()
  return new Set(rows.map((r) => r.slug))
}
