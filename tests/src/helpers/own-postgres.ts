import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

const run = promisify(execFile)

/**
 * A throw-away Postgres cluster of one test file, on its own port: fault tests stop, crash and
 * restart it, which they must never do to the shared server on 5432 that other test runs use.
 */
export interface OwnPostgres {
  port: number
  /** postgres://postgres@127.0.0.1:<port>/jangkau (trust auth, a database created at start). */
  url: string
  /** Stops the cluster: 'fast' ends sessions cleanly, 'immediate' is a crash (recovery on start). */
  stop: (mode?: 'fast' | 'immediate') => Promise<void>
  /** Starts it again on the same port and data directory; resolves once it accepts connections. */
  start: () => Promise<void>
  /** Stops it if running and deletes the data directory. */
  remove: () => Promise<void>
}

/** The bin folder of the newest installed Postgres (Debian layout), or '' to use PATH. */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return ''
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
  const dir = versions.map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'initdb')))
  return dir ?? ''
}

/** Postgres refuses to run as root: as root, run its tools as the `postgres` user. */
async function asPostgres(command: string, args: string[]): Promise<void> {
  const asRoot = process.getuid?.() === 0
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]
  await run(file, argv, { timeout: 60_000 })
}

/** A TCP port nobody listens on now (55432 + random, checked). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 55432 + Math.floor(Math.random() * 5000)
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
    })
    if (free) return port
  }
  throw new Error('no free port for a test Postgres')
}

/** initdb + start + `create database jangkau`. Call `remove()` in afterAll. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = postgresBinDir()
  const tool = (name: string) => (bin ? join(bin, name) : name)
  const dir = mkdtempSync(join(tmpdir(), 'jangkau-pg-'))
  const data = join(dir, 'data')
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()))
  }
  const port = await freePort()
  // --no-sync: the cluster is thrown away; fsync stays on while it runs (crash tests rely on WAL).
  await asPostgres(tool('initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
  let running = false
  const pgCtl = (...args: string[]) => asPostgres(tool('pg_ctl'), ['-D', data, ...args])
  const start = async () => {
    await pgCtl(
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50`,
      '-l',
      join(dir, 'log'),
      '-w',
      '-t',
      '60',
      'start',
    )
    running = true
  }
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (!running) return
    await pgCtl('-m', mode, '-w', '-t', '60', 'stop')
    running = false
  }
  await start()
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` })
  await admin.connect()
  await admin.query('create database jangkau')
  await admin.end()
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/jangkau`,
    start,
    stop,
    remove: async () => {
      await stop('immediate').catch(() => undefined)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
