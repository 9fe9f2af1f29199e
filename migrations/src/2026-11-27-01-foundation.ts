import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { sql, type Kysely } from 'kysely'

// Regions, sites, the article catalogue, raw page views and the daily salts.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('regions')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('provinsi', 'kabupaten', 'kota', 'kecamatan', 'desa')`))
    .addColumn('parent_code', 'text', (c) => c.references('regions.code'))
    .addColumn('kind', 'text', (c) => c.check(sql`kind in ('desa', 'kelurahan')`))
    .execute()
  await db.schema.createIndex('regions_parent_idx').on('regions').column('parent_code').execute()

  const rows = parse(readFileSync(new URL('../data/kaltim-wilayah.csv', import.meta.url)), {
    columns: true,
    skip_empty_lines: true,
  }) as { code: string; name: string; level: string; parent_code: string; kind: string }[]
  // The CSV lists parents before children, so one ordered insert satisfies the foreign key.
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('regions')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          code: r.code,
          name: r.name.trim(),
          level: r.level,
          parent_code: r.parent_code || null,
          kind: r.kind || null,
        })),
      )
      .execute()
  }

  await db.schema
    .createTable('sites')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('hostname', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.references('regions.code'))
    // true for a site that ingest created while no site was configured (open mode)
    .addColumn('auto_created', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('categories')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('articles')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text')
    .addColumn('category_id', 'integer', (c) => c.references('categories.id'))
    .addColumn('region_code', 'text', (c) => c.references('regions.code'))
    .addColumn('author', 'text')
    .addColumn('published_at', 'timestamptz')
    // The public counter's number: maintained in the same transaction that stores the views.
    .addColumn('views', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('articles_site_idx').on('articles').column('site_id').execute()
  await db.schema.createIndex('articles_published_idx').on('articles').column('published_at').execute()

  // Append-only. No IP address, no user agent: only what the reports need.
  await db.schema
    .createTable('page_views')
    .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('site_id', 'integer', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('visitor_hash', 'bigint', (c) => c.notNull())
    .addColumn('referrer_host', 'text')
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('browser', 'text', (c) => c.notNull())
    .execute()
  // Rows arrive in time order, so a BRIN index on time is tiny and enough for range scans.
  await sql`create index page_views_occurred_brin on page_views using brin (occurred_at)`.execute(db)

  await db.schema
    .createTable('salts')
    .addColumn('day', 'date', (c) => c.primaryKey())
    .addColumn('salt', 'bytea', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['salts', 'page_views', 'articles', 'categories', 'sites', 'regions']) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
