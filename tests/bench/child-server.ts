import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import pg from 'pg'
import type { ServeMessage, ServeMode } from './serve.ts'

const TESTS_DIR = resolve(import.meta.dirname, '..')

export interface ChildServer {
  /** http://127.0.0.1:<port> */
  url: string
  /** The child's process id (for its CPU time, see cpu.ts). */
  pid: number
  /** The app's ingest statistics (empty for the baseline). */
  stats: () => Promise<Extract<ServeMessage, { type: 'stats' }>>
  /** Waits until requests left over from a stopped load run are stored, then gives the statistics. */
  settle: () => Promise<Extract<ServeMessage, { type: 'stats' }>>
  /** SIGTERM and wait for the exit (the app drains its queue first). */
  stop: () => Promise<void>
}

/**
 * Starts bench/serve.ts in a child process (`node --import tsx`, the same loader for the app and
 * the baseline) with `env` added to this process's environment, and waits until it listens.
 */
export async function startChildServer(mode: ServeMode, env: Record<string, string>): Promise<ChildServer> {
  const child = fork(resolve(import.meta.dirname, 'serve.ts'), [mode], {
    cwd: TESTS_DIR,
    // BENCH_PROFILE=<dir>: the server writes a V8 CPU profile there when it exits (open it in Chrome DevTools).
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`${mode} server did not start within 60 s`)), 60_000)
    child.on('message', (m: ServeMessage) => {
      if (m.type === 'listening') {
        clearTimeout(timer)
        done(m.port)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`${mode} server exited with code ${code} before listening`))
    })
  }).catch((error: unknown) => {
    child.kill('SIGKILL')
    throw error
  })
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stats: () => request(child, 'stats'),
    settle: () => request(child, 'settle'),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    },
  }
}

function request(child: ChildProcess, type: 'stats' | 'settle'): Promise<Extract<ServeMessage, { type: 'stats' }>> {
  return new Promise((done) => {
    const onMessage = (m: ServeMessage) => {
      if (m.type !== 'stats') return
      child.off('message', onMessage)
      done(m)
    }
    child.on('message', onMessage)
    child.send({ type })
  })
}

/**
 * A new, empty database on the Postgres server of `baseUrl` (like the tests' createFreshDatabase);
 * the app migrates it at start. `drop` removes it.
 */
export async function createBenchDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `jangkau_bench_${randomBytes(6).toString('hex')}`
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: baseUrl })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  await admin(`create database ${name}`)
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) }
}
