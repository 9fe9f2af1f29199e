// `pnpm db:migrate`: migrate the database the server would use (DATABASE_URL, else PGlite in PGLITE_DIR).
import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import pg from 'pg'
import { migrateToLatest } from './migrate.ts'

const url = process.env.DATABASE_URL
let db: Kysely<any>
if (url) {
  db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }) })
} else {
  const dir = process.env.PGLITE_DIR ?? new URL('../../data/pglite', import.meta.url).pathname
  mkdirSync(dir, { recursive: true })
  db = new Kysely({ dialect: new PGliteDialect(new PGlite(dir)) })
}
const applied = await migrateToLatest(db)
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
await db.destroy()
