import type { UnmappedCategoryList } from '@jangkau/shared'
import { sql } from 'kysely'
import type { Db } from '../plugins/db.ts'

/**
 * The categories ingest created that no admin adopted or mapped yet, most viewed first, each with
 * its articles, their counted views (articles.views, all time) and the texts they arrived with.
 */
export async function listUnmappedCategories(db: Db, page: { limit: number; offset: number }): Promise<UnmappedCategoryList> {
  const [rows, count] = await Promise.all([
    sql<{ id: number; slug: string; name: string; variants: string[] | null; articles: string; views: string }>`
      select c.id, c.slug, c.name,
        (array_agg(distinct a.category_text) filter (where a.category_text is not null))[1:10] as variants,
        count(a.id) as articles, coalesce(sum(a.views), 0) as views
      from categories c
      left join articles a on a.category_id = c.id
      where not c.mapped and c.merged_into is null
      group by c.id
      order by views desc, c.name, c.id
      limit ${page.limit} offset ${page.offset}
    `.execute(db),
    db
      .selectFrom('categories')
      .where('mapped', '=', false)
      .where('merged_into', 'is', null)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      variants: r.variants ?? [],
      articles: Number(r.articles),
      views: Number(r.views),
    })),
    total: Number(count.n),
  }
}
