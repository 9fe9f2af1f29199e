/**
 * Backups of either database, as a CLI:
 *
 *   pnpm db:backup [file]     write a backup (default: ./jangkau-<postgres|pglite>-<UTC time>.<dump|tar.gz>)
 *   pnpm db:restore <file>    replace the database's content with the backup
 *
 * Postgres (DATABASE_URL set): pg_dump's custom format, restored with pg_restore --clean --if-exists
 * in one transaction (all or nothing). The server may keep running during a backup (pg_dump reads a
 * consistent snapshot); stop it for a restore. pg_dump must be at least the server's major version.
 *
 * PGlite (no DATABASE_URL): PGlite's own dumpDataDir() tarball of PGLITE_DIR, restored with
 * loadDataDir into a fresh directory; the previous directory is kept beside it, renamed. PGlite is
 * one process's database: stop the server for both backup and restore.
 *
 * Tested in tests/src/backup.test.ts (back up, restore into a fresh database, same answers).
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import { loadConfig } from '../config.ts'

const run = promisify(execFile)

export interface BackupTarget {
  /** A Postgres; when undefined the PGlite in `pgliteDir` is meant. */
  databaseUrl: string | undefined
  pgliteDir: string
}

/**
 * The URL without its password, and the password as libpq's PGPASSWORD: a password in the command
 * line would be visible to every user of the machine in `ps`.
 */
function libpq(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl)
  const password = decodeURIComponent(url.password)
  url.password = ''
  return { dbname: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } }
}

export async function backupDatabase(target: BackupTarget, file: string): Promise<void> {
  if (target.databaseUrl) {
    const { dbname, env } = libpq(target.databaseUrl)
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${dbname}`], { env, maxBuffer: 16 * 1024 * 1024 })
    return
  }
  if (!existsSync(target.pgliteDir)) throw new Error(`No PGlite database in ${target.pgliteDir}`)
  const db = new PGlite(target.pgliteDir)
  try {
    const tarball = await db.dumpDataDir('gzip')
    writeFileSync(file, Buffer.from(await tarball.arrayBuffer()))
  } finally {
    await db.close()
  }
}

/** Replaces the database's content with the backup in `file`. Returns a note for the operator. */
export async function restoreDatabase(target: BackupTarget, file: string): Promise<string> {
  if (!existsSync(file)) throw new Error(`No backup file ${file}`)
  if (target.databaseUrl) {
    const { dbname, env } = libpq(target.databaseUrl)
    await run(
      'pg_restore',
      ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`, file],
      {
        env,
        maxBuffer: 16 * 1024 * 1024,
      },
    )
    return 'restored'
  }
  let kept = ''
  if (existsSync(target.pgliteDir)) {
    kept = `${target.pgliteDir}.before-restore-${stamp()}`
    renameSync(target.pgliteDir, kept)
  }
  const db = new PGlite({ dataDir: target.pgliteDir, loadDataDir: new Blob([readFileSync(file)]) })
  await db.waitReady
  await db.close()
  return kept ? `restored; the previous data directory is kept as ${kept} (delete it when all is well)` : 'restored'
}

const stamp = () =>
  new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')

async function main(argv: string[]): Promise<void> {
  const [command, fileArg] = argv
  const config = loadConfig()
  const target = { databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir }
  const kind = target.databaseUrl ? 'postgres' : 'pglite'
  // `pnpm db:backup x.dump` runs in server/; a relative path means the folder the command was typed in.
  const here = process.env.INIT_CWD ?? process.cwd()
  if (command === 'backup') {
    const file = resolve(here, fileArg ?? `jangkau-${kind}-${stamp()}.${kind === 'postgres' ? 'dump' : 'tar.gz'}`)
    await backupDatabase(target, file)
    console.log(`Backup of the ${kind} database written to ${file}`)
  } else if (command === 'restore' && fileArg) {
    console.log(`${await restoreDatabase(target, resolve(here, fileArg))} (${kind})`)
  } else {
    console.error('Usage: pnpm db:backup [file] | pnpm db:restore <file>   (DATABASE_URL or PGLITE_DIR say which database)')
    process.exitCode = 2
  }
}

if (import.meta.filename === process.argv[1] || process.argv[1]?.endsWith('/ops/backup.ts')) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
