import type { Kysely } from 'kysely'
import { Migrator, type Migration } from 'kysely/migration'
import * as foundation from './2026-11-27-01-foundation.ts'
import * as accounts from './2026-11-27-02-accounts.ts'
import * as kim from './2026-11-27-03-kim.ts'
import * as rollups from './2026-11-27-04-rollups.ts'
import * as history from './2026-11-27-05-history.ts'
import * as reportSchedules from './2026-11-27-06-report-schedules.ts'
import * as rollupQueue from './2026-11-27-07-rollup-queue.ts'
import * as canonicalUrls from './2026-12-02-01-canonical-urls.ts'
import * as categoryNames from './2026-12-02-02-category-names.ts'
import * as articleVerification from './2026-12-02-03-article-verification.ts'
import * as loginFailures from './2026-12-02-04-login-failures.ts'

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '2026-11-27-01-foundation': foundation,
  '2026-11-27-02-accounts': accounts,
  '2026-11-27-03-kim': kim,
  '2026-11-27-04-rollups': rollups,
  '2026-11-27-05-history': history,
  '2026-11-27-06-report-schedules': reportSchedules,
  '2026-11-27-07-rollup-queue': rollupQueue,
  '2026-12-02-01-canonical-urls': canonicalUrls,
  '2026-12-02-02-category-names': categoryNames,
  '2026-12-02-03-article-verification': articleVerification,
  '2026-12-02-04-login-failures': loginFailures,
}

/**
 * The one runner: used by `pnpm db:migrate`, the server at start and the tests, on PGlite and
 * Postgres alike. Throws when a migration fails (the migration's transaction is rolled back).
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
