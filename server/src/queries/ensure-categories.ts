import type { Db } from '../db/kysely.ts'

/** Creates the categories whose slug is new (an existing one keeps its name) and returns the id of every given slug. */
export async function ensureCategories(db: Db, categories: { slug: string; name: string }[]): Promise<Map<string, number>> {
  if (categories.length === 0) return new Map()
  await db
    .insertInto('categories')
    .values(categories.map((c) => ({ slug: c.slug, name: c.name })))
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute()
  const rows = await db
    .selectFrom('categories')
    .select(['id', 'slug'])
    .where(
      'slug',
      'in',
      categories.map((c) => c.slug),
    )
    .execute()
  return new Map(rows.map((r) => [r.slug, r.id]))
}
