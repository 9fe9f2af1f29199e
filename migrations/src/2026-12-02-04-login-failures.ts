import type { Kysely } from 'kysely'

// Failed logins are counted per account AND address, so that failures from one address lock that
// address out of the account and nobody else (before, ten wrong passwords from anywhere locked the
// account for everyone, its admins included). The failures already stored have no address: they are
// dropped (they count for 15 minutes at most anyway).
export async function up(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('login_failures').execute()
  // The client address as the server sees it (an IPv6 address by its /64 network), never a reader's:
  // only people who tried to sign in, kept for the lockout window.
  await db.schema
    .alterTable('login_failures')
    .addColumn('address', 'text', (c) => c.notNull())
    .execute()
  await db.schema.dropIndex('login_failures_email_at_idx').execute()
  await db.schema.createIndex('login_failures_email_address_at_idx').on('login_failures').columns(['email', 'address', 'at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('login_failures_email_address_at_idx').execute()
  await db.schema.alterTable('login_failures').dropColumn('address').execute()
  await db.schema.createIndex('login_failures_email_at_idx').on('login_failures').columns(['email', 'at']).execute()
}
