import { sql, type Kysely } from 'kysely'

// The portal's own history, carried over when it switches to Jangkau, so that "493 kali dilihat" does
// not fall back to 0:
//
//   articles.base_views       what the portal's CMS counted for the article before Jangkau (set with
//                             PUT /api/articles, baseViews). The public counter shows it plus what
//                             Jangkau counted.
//   imported_daily_views      the CMS's daily counts, where it kept them (POST /api/import/daily-views).
//                             Stats over a range add them to the views of those days, marked as
//                             imported: they have no visitors, referrers or devices.
//   articles.imported_views   the sum of an article's imported days, kept in the import's transaction,
//                             so that the counter reads one row: a CMS total is at least the sum of its
//                             daily counts, and the counter shows greatest(base_views, imported_views).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('base_views', 'bigint', (c) => c.notNull().defaultTo(0).check(sql`base_views >= 0`))
    .addColumn('imported_views', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute()

  await db.schema
    .createTable('imported_daily_views')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    // A calendar day in the report time zone (WITA), like the rollups' days.
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull().check(sql`views >= 0`))
    .addPrimaryKeyConstraint('imported_daily_views_pkey', ['article_id', 'day'])
    .execute()
  // Stats read a range of days across all articles.
  await db.schema.createIndex('imported_daily_views_day_idx').on('imported_daily_views').column('day').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('imported_daily_views').ifExists().execute()
  await db.schema.alterTable('articles').dropColumn('imported_views').dropColumn('base_views').execute()
}
