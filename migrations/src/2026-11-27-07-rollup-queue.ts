import { sql, type Kysely } from 'kysely'

/** The advisory lock every writer of the rollups takes: "roll" in ASCII (server/src/queries/lock-rollups.ts). */
const ROLLUPS_LOCK_KEY = 0x726f6c6c

// The page views not yet counted into the rollups. Ingest stores a view, adds it to its article's
// counter and puts its id here, in one statement; a drain (drainRollupQueue: in the background and
// before every stats read) takes ids off and counts their views into the rollups in big batches, so
// the rollups' hot rows are no longer updated in the transaction every 202 waits for.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rollup_queue')
    .addColumn('page_view_id', 'bigint', (c) => c.primaryKey())
    .execute()
  // No foreign key (it would check and lock every page view queued), but the queue empties with
  // page_views: after `truncate page_views restart identity` (tests) new views get the ids of the
  // views still queued.
  await sql`
    create function rollups_forget_queue() returns trigger language plpgsql as $$
    begin
      delete from rollup_queue;
      return null;
    end
    $$`.execute(db)
  await sql`create trigger page_views_forget_queue after truncate on page_views
    for each statement execute function rollups_forget_queue()`.execute(db)

  // When an article changes segment (site, regency, category), articles_move_rollups moves its counts
  // from the old segment rows to the new ones, reading its article rows. A drain running at the same
  // time may have counted views into the old segment that the move does not see yet, and they would
  // stay there. So the change waits for the drains' lock first: the move then sees every count
  // committed before it, and a drain after it sees the new segment. AFTER triggers of a row fire in
  // name order: "lock" before "move". At the end of the statement, so that every article row lock of
  // the statement is already held while it waits (a drain never waits for an article row).
  await sql`
    create function rollups_lock_for_move() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(${sql.lit(ROLLUPS_LOCK_KEY)});
      return null;
    end
    $$`.execute(db)
  await sql`
    create trigger articles_lock_rollups after update of site_id, region_code, category_id on articles
    for each row when (
      old.site_id is distinct from new.site_id
      or coalesce(left(old.region_code, 5), '') is distinct from coalesce(left(new.region_code, 5), '')
      or old.category_id is distinct from new.category_id
    )
    execute function rollups_lock_for_move()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists page_views_forget_queue on page_views`.execute(db)
  await sql`drop function if exists rollups_forget_queue()`.execute(db)
  await sql`drop trigger if exists articles_lock_rollups on articles`.execute(db)
  await sql`drop function if exists rollups_lock_for_move()`.execute(db)
  await db.schema.dropTable('rollup_queue').ifExists().execute()
}
