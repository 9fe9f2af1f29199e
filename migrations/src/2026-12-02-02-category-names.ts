import { sql, type Kysely } from 'kysely'

// Categories as portals send them, never silently lost:
//
//   articles.category_text   the category text an article arrived with (the tracker's data-category,
//                            Plausible's props.category, the catalogue import), as sent.
//   categories.mapped        false for a category ingest created from a text no admin had set up; it
//                            is counted and shown under its own name, marked "not yet mapped", until
//                            an admin adopts it (mapped = true) or maps it onto a category.
//   categories.merged_into   set when an admin mapped it onto another category: its articles moved
//                            there. The row stays (unlisted) so that a view resolved with its id by a
//                            stale cache still finds it; ingest then stores the target instead.
//   category_aliases         normalised text key ("pemerintahan", see shared categoryKey) → category:
//                            the key of every category ingest created, repointed when it is mapped, so
//                            later views with that text (in any spelling of the key) find the target.
//
// Existing categories were set up by admins: mapped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('category_text', 'text').execute()
  // Mapping moves the articles of one category; a category's delete checks them too.
  await db.schema.createIndex('articles_category_idx').on('articles').column('category_id').execute()

  await db.schema
    .alterTable('categories')
    .addColumn('mapped', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('merged_into', 'integer', (c) => c.references('categories.id').onDelete('set null'))
    .execute()

  await db.schema
    .createTable('category_aliases')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('category_aliases').ifExists().execute()
  await db.schema.alterTable('categories').dropColumn('merged_into').dropColumn('mapped').execute()
  await sql`drop index if exists articles_category_idx`.execute(db)
  await db.schema.alterTable('articles').dropColumn('category_text').execute()
}
