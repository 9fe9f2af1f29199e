import { sql, type Kysely } from 'kysely'

// Who said an article's title and author: 'view' (a reader's page view: anyone can send one, so it
// is unverified), 'feed' (the portal's own RSS/Atom/sitemap, fetched by the server) or 'admin' (set
// by an admin in the catalogue). Reports show only titles that are not 'view'.
//
// Existing rows start as 'view': the catalogue import left no per-article trace (its audit entry
// holds only counts), so what an admin set cannot be told from what a reader sent. Admins confirm
// them again under Admin → Artikel, or a feed sync does.
//
// Each site gets the address of its feed and the outcome of the last sync.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('title_source', 'text', (c) => c.notNull().defaultTo('view').check(sql`title_source in ('view', 'feed', 'admin')`))
    .addColumn('author_source', 'text', (c) => c.notNull().defaultTo('view').check(sql`author_source in ('view', 'feed', 'admin')`))
    .execute()
  // Admin → Artikel lists what waits for confirmation: few rows once the feeds run.
  await sql`create index articles_unverified_title on articles (id) where title_source = 'view'`.execute(db)

  await db.schema
    .alterTable('sites')
    .addColumn('feed_url', 'text')
    .addColumn('feed_synced_at', 'timestamptz')
    .addColumn('feed_error', 'text')
    .addColumn('feed_items', 'integer')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('sites')
    .dropColumn('feed_url')
    .dropColumn('feed_synced_at')
    .dropColumn('feed_error')
    .dropColumn('feed_items')
    .execute()
  await sql`drop index if exists articles_unverified_title`.execute(db)
  await db.schema.alterTable('articles').dropColumn('title_source').dropColumn('author_source').execute()
}
