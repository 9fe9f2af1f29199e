import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { describe, expect, it } from 'vitest'
import { DEMO_USERS } from '@jangkau/server/demo/catalog.ts'
import { freePort } from './helpers/own-postgres.ts'
import { testDatabase } from './helpers/test-app.ts'
import { REPO, WEB_DIST } from './helpers/web-dist.ts'

/*
 * `pnpm start` as a person runs it, twice on the same embedded database: the second start builds no
 * dashboard (web/dist is fresh), the logs are JSON lines when stdout is not a terminal and readable
 * lines when it is, and the demo banner with the logins comes after the server listens.
 */

const BANNER = 'Masuk dengan / sign in with:'
const FRESH = 'web/dist is fresh: skipping vite build'
const stripAnsi = stripVTControlCharacters

interface Run {
  child: ChildProcess
  output: () => string
  exited: Promise<void>
}

/** A command in its own process group (pnpm starts children), its stdout and stderr kept. */
function run(command: string, args: string[], env: Record<string, string>, cwd = REPO): Run {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let text = ''
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()))
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  return { child, output: () => text, exited }
}

/** Waits until `predicate` holds for the output, or the process exits (then fails with its output). */
async function waitFor(r: Run, predicate: (output: string) => boolean, what: string, withinMs: number): Promise<string> {
  let gone = false
  void r.exited.then(() => (gone = true))
  const deadline = Date.now() + withinMs
  for (;;) {
    const output = r.output()
    if (predicate(output)) return output
    if (gone || Date.now() > deadline) throw new Error(`no ${what} (${gone ? 'exited' : 'timed out'}):\n${output.slice(-4000)}`)
    await new Promise((done) => setTimeout(done, 200))
  }
}

/** Stops the whole process group (pnpm, tsx, the server) and waits for it. */
async function stop(r: Run): Promise<void> {
  try {
    process.kill(-r.child.pid!, 'SIGTERM')
  } catch {
    // Already gone.
  }
  await r.exited
}

const jsonLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string })

/** Checks the order of a start's output: JSON logs, then the banner with every login, nothing logged after it. */
function expectBannerLast(output: string, port: number) {
  const banner = output.indexOf(BANNER)
  const listening = output.indexOf(`Server listening at http://127.0.0.1:${port}`)
  expect(listening).toBeGreaterThan(-1)
  expect(listening).toBeLessThan(banner)
  expect(output.indexOf('Jangkau on http://localhost:')).toBeLessThan(banner)
  const after = output.slice(banner)
  for (const user of DEMO_USERS) expect(after).toContain(user.email)
  expect(after.split('\n').filter((line) => line.startsWith('{'))).toEqual([])
}

// The embedded database is this machine's whatever TEST_DATABASE_URL says: once is enough.
describe.runIf(testDatabase === 'pglite')('pnpm start', () => {
  it('builds the dashboard only when stale, logs JSON lines off a terminal, and prints the banner after listening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jangkau-start-up-'))
    const port = await freePort()
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      PGLITE_DIR: dir,
      LOG_LEVEL: 'info',
      LOG_FORMAT: '',
      NODE_ENV: 'development',
      DATABASE_URL: '',
      ADMIN_EMAIL: '',
      SITES: '',
      JANGKAU_DEMO: '1',
      WEB_DIST: '',
    }
    try {
      // First start: builds web/dist if it is stale, loads the demo data, listens, then the banner.
      const first = run('pnpm', ['start'], env)
      try {
        const output = await waitFor(first, (o) => o.includes(BANNER) && o.includes(DEMO_USERS.at(-1)!.email), 'banner', 420_000)
        const logs = jsonLines(output)
        expect(logs.some((l) => l.msg.startsWith('Data demo dimuat / demo data loaded'))).toBe(true)
        expect(output.indexOf('demo data loaded')).toBeLessThan(output.indexOf(BANNER))
        expectBannerLast(output, port)
      } finally {
        await stop(first)
      }

      // Second start: web/dist is fresh, so no vite build; the same order.
      const built = statSync(join(WEB_DIST, 'index.html')).mtimeMs
      const second = run('pnpm', ['start'], env)
      try {
        const output = await waitFor(second, (o) => o.includes(BANNER) && o.includes(DEMO_USERS.at(-1)!.email), 'banner', 180_000)
        expect(output).toContain(FRESH)
        // No build ran: neither the script's "building" line nor vite's own output.
        expect(output).not.toMatch(/[$>] vite build|building web\/dist|✓ built in/)
        expect(statSync(join(WEB_DIST, 'index.html')).mtimeMs).toBe(built)
        // Every server log line is one JSON object (stdout is a pipe here, not a terminal).
        const logs = jsonLines(output)
        expect(logs.length).toBeGreaterThan(2)
        for (const l of logs) expect(typeof l.level).toBe('number')
        expect(output).not.toMatch(/^\[\d\d:\d\d:\d\d(\.\d+)?\] INFO/m)
        expectBannerLast(output, port)
      } finally {
        await stop(second)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 900_000)

  // `script` (util-linux) gives the server a terminal; without it this half cannot run.
  const hasScript = spawnSync('script', ['--version']).status === 0
  it.runIf(hasScript)(
    'logs readable lines on a terminal, and JSON there too with LOG_FORMAT=json',
    async () => {
      for (const format of ['', 'json'] as const) {
        const port = await freePort()
        const server = 'node --import tsx src/server.ts'
        const r = run(
          'script',
          ['-qfec', server, '/dev/null'],
          {
            PORT: String(port),
            HOST: '127.0.0.1',
            PGLITE_DIR: 'memory://',
            JANGKAU_DEMO: '0',
            LOG_LEVEL: 'info',
            LOG_FORMAT: format,
            WEB_DIST: '/nonexistent',
          },
          join(REPO, 'server'),
        )
        try {
          const output = stripAnsi(await waitFor(r, (o) => stripAnsi(o).includes('Jangkau on http://localhost:'), 'start', 180_000))
          if (format === '') {
            expect(output).toMatch(new RegExp(String.raw`^\[\d\d:\d\d:\d\d\] INFO: Server listening at http://127\.0\.0\.1:${port}`, 'm'))
            expect(output).not.toMatch(/^\{"level"/m)
          } else {
            expect(output).toMatch(/^\{"level":30,.*"msg":"Server listening at/m)
          }
        } finally {
          await stop(r)
        }
      }
    },
    400_000,
  )
})
