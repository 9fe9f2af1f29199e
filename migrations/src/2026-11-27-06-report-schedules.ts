import { sql, type Kysely } from 'kysely'

// The monthly report by email: admins' schedules (who gets which report when) and one delivery per
// schedule and month, with its attempts, so that a month is sent once and a failure stays visible.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_schedules')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    // Lower-case addresses, checked by the server.
    .addColumn('recipients', sql`text[]`, (c) => c.notNull().check(sql`cardinality(recipients) between 1 and 50`))
    // A regency or city ("64.08"); null = the whole province.
    .addColumn('region_code', 'text', (c) => c.references('regions.code'))
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('id').check(sql`lang in ('id', 'en')`))
    // 1 to 28, so that every month has the day; hour 0 to 23 in the report time zone (WITA).
    .addColumn('day_of_month', 'integer', (c) => c.notNull().defaultTo(1).check(sql`day_of_month between 1 and 28`))
    .addColumn('hour', 'integer', (c) => c.notNull().defaultTo(8).check(sql`hour between 0 and 23`))
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('report_deliveries')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('schedule_id', 'integer', (c) => c.notNull().references('report_schedules.id').onDelete('cascade'))
    // The report's month, "YYYY-MM" (WITA).
    .addColumn('month', 'text', (c) => c.notNull().check(sql`month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`))
    // scheduled: by the scheduler, once per schedule and month; manual: "send now" by an admin.
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('scheduled', 'manual')`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'sending', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // pending: when to try (again); sending: when the claim lapses (a process that died mid-send).
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('last_error', 'text')
    // The addresses of the last attempt.
    .addColumn('recipients', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('pdf_attached', 'boolean')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  // A month is sent once per schedule, even with two server processes running the scheduler.
  await db.schema
    .createIndex('report_deliveries_once_idx')
    .on('report_deliveries')
    .columns(['schedule_id', 'month'])
    .unique()
    .where(sql.ref('kind'), '=', 'scheduled')
    .execute()
  await db.schema.createIndex('report_deliveries_due_idx').on('report_deliveries').columns(['status', 'next_attempt_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_deliveries').ifExists().execute()
  await db.schema.dropTable('report_schedules').ifExists().execute()
}
