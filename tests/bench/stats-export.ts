import { execFile, fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'

// The raw CSV export part of `pnpm bench stats` (stats.ts).

export const EXPORT_ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000)

/** One run of the raw CSV export: rows, time, and the server's peak RSS growth. */
export interface ExportMeasured {
  heapLimitMb: number | null
  rows: number
  seconds: number
  rowsPerSecond: number
  rssGrowthMb: number
}

/**
 * The raw export of the last days holding EXPORT_ROWS views, over HTTP, from the real app in its own
 * process (bench/serve.ts), so that its memory is the server's alone: once with Node's default heap
 * limit and once with `--max-old-space-size=256`, a container-sized limit. The client (counting lines)
 * is a third process. RSS is read from /proc every 20 ms.
 */
export async function measureExport(
  app: FastifyInstance,
  databaseUrl: string,
  headers: Record<string, string>,
  today: string,
): Promise<ExportMeasured[]> {
  // Views per day from the rollups (a full count of page_views would itself take seconds).
  const perDay = await sql<{ day: string; n: string }>`
    select to_char(period, 'YYYY-MM-DD') as day, sum(views) as n from rollup_segment_views
    where grain = 'day' group by 1 order by 1 desc`.execute(app.db)
  let from = today
  let expected = 0
  for (const r of perDay.rows) {
    if (expected >= EXPORT_ROWS) break
    from = r.day
    expected += Number(r.n)
  }
  const results: ExportMeasured[] = []
  for (const heap of [null, 256]) {
    const server = fork(join(import.meta.dirname, 'serve.ts'), ['app'], {
      cwd: join(import.meta.dirname, '..'),
      execArgv: ['--import', 'tsx', ...(heap ? [`--max-old-space-size=${heap}`] : [])],
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    try {
      const port = await new Promise<number>((resolve, reject) => {
        server.on('message', (m: { type: string; port?: number }) => m.type === 'listening' && resolve(m.port!))
        server.once('exit', (code) => reject(new Error(`server exited (${code})`)))
      })
      await new Promise((r) => setTimeout(r, 1000))
      const baseline = rssOf(server.pid!)
      let peak = baseline
      const sampler = setInterval(() => (peak = Math.max(peak, rssOf(server.pid!))), 20)
      const started = performance.now()
      const lines = await countLinesInChild(`http://127.0.0.1:${port}/api/export/page-views.csv?from=${from}&to=${today}`, headers)
      const seconds = (performance.now() - started) / 1000
      clearInterval(sampler)
      const rows = lines - 2 // the sep=; line and the header
      const result = { heapLimitMb: heap, rows, seconds, rowsPerSecond: rows / seconds, rssGrowthMb: (peak - baseline) / 1024 / 1024 }
      if (rows !== expected) console.log(`  export: expected ${expected} rows, got ${rows}`)
      console.log(
        `  export ${rows.toLocaleString('en')} rows (${from} … ${today}), ${heap ? `--max-old-space-size=${heap}` : 'default heap'}: ` +
          `${seconds.toFixed(1)} s, ${Math.round(result.rowsPerSecond).toLocaleString('en')} rows/s, ` +
          `peak RSS growth ${result.rssGrowthMb.toFixed(0)} MB`,
      )
      results.push(result)
    } finally {
      server.kill('SIGTERM')
      await new Promise((r) => server.once('exit', r))
    }
  }
  return results
}

/** Resident set size of a process in bytes (Linux /proc). */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024
}

/** GETs `url` from a child Node process that counts the lines of the answer and prints the count. */
function countLinesInChild(url: string, headers: Record<string, string>): Promise<number> {
  const script = `
    const [url, headers] = [process.argv[1], JSON.parse(process.argv[2])]
    require('node:http').get(url, { headers }, (res) => {
      let n = 0
      res.on('data', (c) => { for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) n++ })
      res.on('end', () => console.log(res.statusCode === 200 ? n : -res.statusCode))
    })`
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script, url, JSON.stringify(headers)], { maxBuffer: 1024 * 1024 }, (error, stdout) => {
      if (error) reject(error)
      else resolve(Number(stdout.trim()))
    })
  })
}
