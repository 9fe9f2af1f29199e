import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

const SERVER_TS = resolve(import.meta.dirname, '../../../server/src/server.ts')
const TESTS_DIR = resolve(import.meta.dirname, '../..')

export interface ServerProcess {
  /** http://127.0.0.1:<port> */
  url: string
  pid: number
  /** Resolves when the process has exited (at once if it already has). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Sends a signal: SIGKILL is a crash, SIGTERM a graceful stop. */
  kill: (signal: NodeJS.Signals) => void
  /** The last 64 KB the server wrote to stdout and stderr, for failure messages. */
  output: () => string
}

/**
 * The real server (server/src/server.ts) as a child process on `port`, resolved once /healthz
 * answers 200 (within 90 s unless `readyWithinMs` says otherwise).
 * Run with `node --import tsx` rather than the tsx CLI: the CLI starts node as a second
 * process, so a SIGKILL would hit the wrapper and leave the server running.
 */
export async function startServerProcess(
  port: number,
  env: Record<string, string>,
  options: { readyWithinMs?: number } = {},
): Promise<ServerProcess> {
  const readyWithinMs = options.readyWithinMs ?? 90_000
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_TS], {
    cwd: TESTS_DIR,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-65536)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done({ code: child.exitCode, signal: child.signalCode })
    child.once('exit', (code, signal) => done({ code, signal }))
  })
  let gone = false
  void exited.then(() => (gone = true))

  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + readyWithinMs
  for (;;) {
    if (gone) throw new Error(`the server exited before it was ready:\n${log}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the server was not ready within ${readyWithinMs / 1000} s:\n${log}`)
    }
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status === 200,
      () => false,
    )
    if (ok) break
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    pid: child.pid!,
    exited,
    kill: (signal) => {
      if (!gone) child.kill(signal)
    },
    output: () => log,
  }
}
