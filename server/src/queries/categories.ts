import type { Category, CategoryList, UnmappedCategoryList } from '@jangkau/shared'
import { sql, type Selectable } from 'kysely'
import type { Db } from '../db/kysely.ts'
import type { CategoriesTable } from '../db/tables.ts'
import { paged } from './paging.ts'

// Article categories as admins keep them: the mapped ones, those ingest created from a portal's text
// (unmapped) until an admin adopts them or maps them onto another. What ingest creates or resolves on
// the way is in ensure-categories.ts and ensure-unmapped-category.ts.

export const toCategory = (r: Selectable<CategoriesTable>): Category => ({ id: r.id, slug: r.slug, name: r.name, mapped: r.mapped })

/** The slug and name among `changes` that are given, as columns to set. */
const renamed = (changes: { slug?: string; name?: string }) => ({
  ...(changes.slug !== undefined ? { slug: changes.slug } : {}),
  ...(changes.name !== undefined ? { name: changes.name } : {}),
})

export async function getCategory(db: Db, id: number): Promise<Category | undefined> {
  const row = await db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toCategory(row)
}

/**
 * One page of categories in name order, with the total count: the mapped ones and those waiting for
 * an admin (`mapped` false), not those mapped onto another category.
 */
export async function listCategories(db: Db, page: { limit: number; offset: number }): Promise<CategoryList> {
  const listed = db.selectFrom('categories').where('merged_into', 'is', null).selectAll()
  return paged(db, listed, (q) => q.orderBy('name').orderBy('id'), page, toCategory)
}

/** Creates a category. Throws 23505 when the slug exists. */
export async function insertCategory(db: Db, category: { slug: string; name: string }): Promise<Category> {
  const row = await db.insertInto('categories').values(category).returningAll().executeTakeFirstOrThrow()
  return toCategory(row)
}

/** Renames a category; undefined when there is none. Throws 23505 for a taken slug. */
export async function updateCategory(db: Db, id: number, changes: { slug?: string; name?: string }): Promise<Category | undefined> {
  const row = await db.updateTable('categories').set(renamed(changes)).where('id', '=', id).returningAll().executeTakeFirst()
  return row && toCategory(row)
}

/** Deletes a category; true when one was deleted. Throws 23503 while articles refer to it. */
export async function deleteCategory(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('categories').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}

/**
 * Makes an unmapped category a category of its own (mapped), optionally renamed; undefined when
 * there is no such unmapped category. Its alias stays, so its texts keep resolving to it under a new
 * slug too. Throws 23505 for a taken slug.
 */
export async function adoptCategory(db: Db, id: number, changes: { slug?: string; name?: string }): Promise<Category | undefined> {
  const row = await db
    .updateTable('categories')
    .set({ mapped: true, ...renamed(changes) })
    .where('id', '=', id)
    .where('mapped', '=', false)
    .where('merged_into', 'is', null)
    .returningAll()
    .executeTakeFirst()
  return row && toCategory(row)
}

/**
 * A category, locked `for update` until the caller's transaction ends (see mapCategory), with the
 * category it was mapped onto (mergedInto, null if none); undefined when there is none.
 */
export async function lockCategory(trx: Db, id: number): Promise<(Category & { mergedInto: number | null }) | undefined> {
  const row = await trx.selectFrom('categories').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  return row && { ...toCategory(row), mergedInto: row.merged_into }
}

/**
 * Maps category `sourceId` onto `targetId`, in the caller's transaction: its articles move to the
 * target (the trigger articles_move_rollups moves their counts in the rollups' segments), its aliases
 * point to the target, so later views with its texts resolve there, and the row is kept as merged
 * (unlisted) for views resolved meanwhile by a cache not yet reloaded (insertPageViews follows
 * merged_into). Returns the articles moved and their counted views.
 *
 * Call it after locking the source row (`for update`): ingest statements that stored articles with
 * it hold a key-share lock on it until they commit, so the move waits for them and sees them.
 */
export async function mapCategory(trx: Db, sourceId: number, targetId: number): Promise<{ articles: number; views: number }> {
  const moved = await sql<{ articles: string; views: string }>`
    with moved as (
      update articles set category_id = ${targetId} where category_id = ${sourceId}
      returning views
    )
    select count(*) as articles, coalesce(sum(views), 0) as views from moved
  `.execute(trx)
  await trx.updateTable('category_aliases').set({ category_id: targetId }).where('category_id', '=', sourceId).execute()
  await trx.updateTable('categories').set({ merged_into: targetId }).where('id', '=', sourceId).execute()
  const row = moved.rows[0]!
  return { articles: Number(row.articles), views: Number(row.views) }
}

/**
 * The categories ingest created that no admin adopted or mapped yet, most viewed first, each with
 * its articles, their counted views (articles.views, all time) and the texts they arrived with.
 */
export async function listUnmappedCategories(db: Db, page: { limit: number; offset: number }): Promise<UnmappedCategoryList> {
  const unmapped = db.selectFrom('categories as c').where('c.mapped', '=', false).where('c.merged_into', 'is', null)
  const withArticles = unmapped
    .leftJoin('articles as a', 'a.category_id', 'c.id')
    .select((eb) => [
      'c.id',
      'c.slug',
      'c.name',
      sql<string[] | null>`(array_agg(distinct a.category_text) filter (where a.category_text is not null))[1:10]`.as('variants'),
      eb.fn.count<string>('a.id').as('articles'),
      sql<string>`coalesce(sum(a.views), 0)`.as('views'),
    ])
    .groupBy('c.id')
  const order = (q: typeof withArticles) => q.orderBy('views', 'desc').orderBy('c.name').orderBy('c.id')
  // Counted without the join: one row per unmapped category either way.
  return paged(db, withArticles, order, page, toUnmappedCategory, unmapped.select('c.id'))
}

const toUnmappedCategory = (r: { id: number; slug: string; name: string; variants: string[] | null; articles: string; views: string }) => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  variants: r.variants ?? [],
  articles: Number(r.articles),
  views: Number(r.views),
})

/** Which of these category slugs (stats keys) name a category not yet mapped by an admin. */
export async function listUnmappedCategorySlugs(db: Db, slugs: string[]): Promise<Set<string>> {
  if (slugs.length === 0) return new Set()
  const rows = await db.selectFrom('categories').select('slug').where('slug', 'in', slugs).where('mapped', '=', false).execute()
  return new Set(rows.map((r) => r.slug))
}
