import { sql, type Kysely } from 'kysely'

// The KIM registry (Komunitas Informasi Masyarakat): groups, the history of their status and their
// activities. Rules that need "today" (no dates in the future) are checked by the server; the
// constraints here are the ones that hold forever, so that no path can store nonsense.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('kim_groups')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 200`))
    // A KIM belongs to one village (desa/kelurahan); district and regency are derived from it and
    // stored so that lists and region filters need no join through regions.
    .addColumn('village_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('district_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('decree_number', 'text', (c) => c.check(sql`length(decree_number) <= 200`))
    .addColumn('decree_date', 'date', (c) => c.check(sql`decree_date >= date '2000-01-01'`))
    .addColumn('formed_on', 'date', (c) => c.check(sql`formed_on >= date '2000-01-01'`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('aktif', 'vakum', 'bubar')`))
    .addColumn('status_since', 'date', (c) => c.notNull().check(sql`status_since >= date '2000-01-01'`))
    .addColumn('budget', 'text', (c) => c.notNull().defaultTo('belum diketahui').check(sql`budget in ('ya', 'tidak', 'belum diketahui')`))
    .addColumn('members', 'integer', (c) => c.notNull().defaultTo(0).check(sql`members between 0 and 10000`))
    // {"ketua", "sekretaris", "bendahara"}: names, each null when unknown
    .addColumn('officers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`).check(sql`jsonb_typeof(officers) = 'object'`))
    // ["https://facebook.com/…", …]: the group's social media channels
    .addColumn('channels', 'jsonb', (c) =>
      c.notNull().defaultTo(sql`'[]'::jsonb`).check(sql`jsonb_typeof(channels) = 'array' and jsonb_array_length(channels) <= 20`),
    )
    // The ID the national KIM portal gives a registered group
    .addColumn('registration_number', 'text', (c) => c.check(sql`length(registration_number) <= 100`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('kim_groups_region_idx').on('kim_groups').column('region_code').execute()
  await db.schema.createIndex('kim_groups_village_idx').on('kim_groups').column('village_code').execute()

  // One row per status a group has had, with the day it began (the current one included).
  await db.schema
    .createTable('kim_status_changes')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('group_id', 'integer', (c) => c.notNull().references('kim_groups.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('aktif', 'vakum', 'bubar')`))
    .addColumn('changed_on', 'date', (c) => c.notNull().check(sql`changed_on >= date '2000-01-01'`))
    .execute()
  await db.schema.createIndex('kim_status_changes_group_idx').on('kim_status_changes').column('group_id').execute()

  await db.schema
    .createTable('kim_activities')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('group_id', 'integer', (c) => c.notNull().references('kim_groups.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) =>
      c.notNull().check(
        sql`type in ('sosialisasi', 'bimtek', 'pelatihan', 'produksi_konten', 'rapat_koordinasi',
            'pembinaan', 'monev', 'lomba', 'lainnya')`,
      ),
    )
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 300`))
    // A calendar day as entered (WITA), not an instant.
    .addColumn('date', 'date', (c) => c.notNull().check(sql`date >= date '2000-01-01'`))
    .addColumn('participants', 'integer', (c) => c.notNull().defaultTo(0).check(sql`participants between 0 and 100000`))
    .addColumn('content_items', 'integer', (c) => c.notNull().defaultTo(0).check(sql`content_items between 0 and 100000`))
    .addColumn('article_url', 'text', (c) => c.check(sql`length(article_url) <= 2048`))
    .addColumn('notes', 'text', (c) => c.check(sql`length(notes) <= 5000`))
    // The client's Idempotency-Key: a retried POST finds the first result instead of a duplicate.
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    // sha256 of the first request's body, so that reusing a key for a different activity is refused.
    .addColumn('idempotency_hash', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  // (group_id, date) also answers "last activity of a group" (max(date)) from the index alone.
  await db.schema.createIndex('kim_activities_group_date_idx').on('kim_activities').columns(['group_id', 'date']).execute()
  await db.schema.createIndex('kim_activities_date_idx').on('kim_activities').column('date').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['kim_activities', 'kim_status_changes', 'kim_groups']) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
