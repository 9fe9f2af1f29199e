import { sql, type Kysely } from 'kysely'

// Rollups: the small summary tables every dashboard number is read from (raw page_views is only
// appended to). Two levels: per article (for author and article questions) and per segment (site,
// regency, category: everything else). They are kept up to date in the same transaction that stores
// the views, and can be recomputed from page_views at any time (rebuildRollups). No foreign keys,
// like page_views: ingest stays cheap, and whoever truncates page_views or articles truncates these
// as well (or rebuilds).
//
// Days and months are calendar days in the report time zone recorded in rollup_settings; instants
// (hours, minutes) are timestamptz. `visitors` counts unique visitors per (day, article), see the
// stats-query schema's visitorsDefinition; month rows hold the sum of their day rows.
export async function up(db: Kysely<any>): Promise<void> {
  // One row. time_zone is the zone the rollups were built in; null until the server has built them
  // (at start it compares with REPORT_TIME_ZONE and rebuilds when they differ).
  await db.schema
    .createTable('rollup_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey().defaultTo(1).check(sql`id = 1`))
    .addColumn('time_zone', 'text')
    .execute()
  await db.insertInto('rollup_settings').values({ id: 1, time_zone: null }).execute()

  const grainCheck = sql`grain in ('day', 'month')`
  // Every ingest batch adds to today's rows: leaving room in each page lets Postgres update a row in
  // place (a HOT update) without touching the primary key index.
  const UPDATED_IN_PLACE = sql`with (fillfactor = 90)`

  // Per (day or month, article). grain 'month' rows have period = the 1st of the month.
  await db.schema
    .createTable('rollup_views')
    .addColumn('grain', 'text', (c) => c.notNull().check(grainCheck))
    .addColumn('period', 'date', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('visitors', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_views_pkey', ['grain', 'period', 'article_id'])
    .modifyEnd(UPDATED_IN_PLACE)
    .execute()

  // Per (day or month, article, referring host); '' is a direct visit (or a link within the site).
  await db.schema
    .createTable('rollup_referrers')
    .addColumn('grain', 'text', (c) => c.notNull().check(grainCheck))
    .addColumn('period', 'date', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('referrer_host', 'text', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('visitors', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_referrers_pkey', ['grain', 'period', 'article_id', 'referrer_host'])
    .modifyEnd(UPDATED_IN_PLACE)
    .execute()

  // Per (day or month, article, device class).
  await db.schema
    .createTable('rollup_devices')
    .addColumn('grain', 'text', (c) => c.notNull().check(grainCheck))
    .addColumn('period', 'date', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('visitors', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_devices_pkey', ['grain', 'period', 'article_id', 'device'])
    .modifyEnd(UPDATED_IN_PLACE)
    .execute()

  // The same counts per segment (site, regency, category) instead of per article: what most dashboard
  // questions need (no author or article in them), in a few hundred rows per day instead of thousands.
  // region_code is the regency ("64.08"; "64" for the province; '' unknown), category_id 0 = none.
  // An article's segment can change (an admin corrects its region, a later view fills its category):
  // the trigger below then moves the article's counts from the old segment to the new one.
  await db.schema
    .createTable('rollup_segment_views')
    .addColumn('grain', 'text', (c) => c.notNull().check(grainCheck))
    .addColumn('period', 'date', (c) => c.notNull())
    .addColumn('site_id', 'integer', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('category_id', 'integer', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('visitors', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_segment_views_pkey', ['grain', 'period', 'site_id', 'region_code', 'category_id'])
    .modifyEnd(UPDATED_IN_PLACE)
    .execute()
  await db.schema
    .createTable('rollup_segment_referrers')
    .addColumn('grain', 'text', (c) => c.notNull().check(grainCheck))
    .addColumn('period', 'date', (c) => c.notNull())
    .addColumn('site_id', 'integer', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('category_id', 'integer', (c) => c.notNull())
    .addColumn('referrer_host', 'text', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('visitors', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_segment_referrers_pkey', ['grain', 'period', 'site_id', 'region_code', 'category_id', 'referrer_host'])
    .modifyEnd(UPDATED_IN_PLACE)
    .execute()
  await db.schema
    .createTable('rollup_segment_devices')
    .addColumn('grain', 'text', (c) => c.notNull().check(grainCheck))
    .addColumn('period', 'date', (c) => c.notNull())
    .addColumn('site_id', 'integer', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('category_id', 'integer', (c) => c.notNull())
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addColumn('visitors', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_segment_devices_pkey', ['grain', 'period', 'site_id', 'region_code', 'category_id', 'device'])
    .modifyEnd(UPDATED_IN_PLACE)
    .execute()
  // An article's rows, per article table: found through the article_id index, not a scan.
  for (const table of ['rollup_views', 'rollup_referrers', 'rollup_devices']) {
    await db.schema.createIndex(`${table}_article_idx`).on(table).column('article_id').execute()
  }
  // Moves an article's counts from its old segment to its new one: each of its article rows is
  // subtracted from the old segment's row and added to the new one's; old segment rows left at zero
  // are deleted (a rebuild would not create them).
  const move = (segmentTable: string, articleTable: string, facet: string | null) => {
    const f = facet ? `, ${facet}` : ''
    const rf = facet ? `, r.${facet}` : ''
    const sameFacet = facet ? ` and s.${facet} = r.${facet}` : ''
    return `
      insert into ${segmentTable} (grain, period, site_id, region_code, category_id${f}, views, visitors)
      select r.grain, r.period, m.site_id, m.region_code, m.category_id${rf}, m.sign * r.views, m.sign * r.visitors
      from ${articleTable} r
      cross join (values (-1, old.site_id, old_region, old_category), (1, new.site_id, new_region, new_category))
        as m(sign, site_id, region_code, category_id)
      where r.article_id = new.id
      on conflict (grain, period, site_id, region_code, category_id${f}) do update
        set views = ${segmentTable}.views + excluded.views, visitors = ${segmentTable}.visitors + excluded.visitors;
      delete from ${segmentTable} s using ${articleTable} r
      where r.article_id = new.id and s.grain = r.grain and s.period = r.period${sameFacet}
        and s.site_id = old.site_id and s.region_code = old_region and s.category_id = old_category and s.views = 0;`
  }
  await sql`
    create function rollups_move_article() returns trigger language plpgsql as $$
    declare
      old_region text := coalesce(left(old.region_code, 5), '');
      new_region text := coalesce(left(new.region_code, 5), '');
      old_category integer := coalesce(old.category_id, 0);
      new_category integer := coalesce(new.category_id, 0);
    begin
      ${sql.raw(move('rollup_segment_views', 'rollup_views', null))}
      ${sql.raw(move('rollup_segment_referrers', 'rollup_referrers', 'referrer_host'))}
      ${sql.raw(move('rollup_segment_devices', 'rollup_devices', 'device'))}
      return null;
    end
    $$`.execute(db)
  // Fires only when the segment really changes (ingest's upsert names these columns on every batch).
  await sql`
    create trigger articles_move_rollups after update of site_id, region_code, category_id on articles
    for each row when (
      old.site_id is distinct from new.site_id
      or coalesce(left(old.region_code, 5), '') is distinct from coalesce(left(new.region_code, 5), '')
      or old.category_id is distinct from new.category_id
    )
    execute function rollups_move_article()`.execute(db)

  // The last 48 hours per hour, and the last two hours per minute (older rows are pruned).
  await db.schema
    .createTable('rollup_hours')
    .addColumn('hour', 'timestamptz', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_hours_pkey', ['hour', 'article_id'])
    .modifyEnd(UPDATED_IN_PLACE)
    .execute()
  await db.schema
    .createTable('rollup_minutes')
    .addColumn('minute', 'timestamptz', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_minutes_pkey', ['minute', 'article_id'])
    .modifyEnd(UPDATED_IN_PLACE)
    .execute()

  // Which visitor hashes were already counted, for today and yesterday only: the daily salt makes a
  // hash of an older day impossible to see again. facet '' is the article; 'r:<host>' and 'd:<device>'
  // count the same visitor once per referrer and per device.
  await db.schema
    .createTable('rollup_visitors_seen')
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('facet', 'text', (c) => c.notNull())
    .addColumn('visitor_hash', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_visitors_seen_pkey', ['day', 'article_id', 'facet', 'visitor_hash'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists articles_move_rollups on articles`.execute(db)
  await sql`drop function if exists rollups_move_article()`.execute(db)
  for (const table of [
    'rollup_visitors_seen',
    'rollup_minutes',
    'rollup_hours',
    'rollup_segment_devices',
    'rollup_segment_referrers',
    'rollup_segment_views',
    'rollup_devices',
    'rollup_referrers',
    'rollup_views',
    'rollup_settings',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
