/**
 * `pnpm bench ingest`: how many page views per second Jangkau ingests on Postgres, against the same
 * load on a bare Fastify that answers 202 doing nothing (the ceiling of HTTP + JSON here).
 *
 * Both servers run in child processes on 127.0.0.1 (autocannon keeps this process's core) and get
 * identical load: the same connections, pipelining, request mix and run length. After a warm-up of
 * each, measured runs alternate (baseline, Jangkau, baseline, ...) so that whatever else the shared
 * machine does hits both alike; the ratio of each pair is the figure to trust.
 *
 * A measured run sends a fixed number of requests (the last rate seen × DURATION, so about DURATION
 * seconds) instead of stopping the clock mid-flight: every request is answered before the run ends,
 * so the 202 answers can be compared exactly with the rows stored (a 202 is sent after its commit).
 *
 * Settings (environment): BENCH_DATABASE_URL (a Postgres server; a fresh database is created on it
 * and dropped after), BENCH_CONNECTIONS (50), BENCH_DURATION (seconds per run, 5), BENCH_ROUNDS (3),
 * BENCH_WARMUP (4 s), BENCH_PROFILE (a folder for the servers' CPU profiles); the app's own
 * INGEST_FLUSH_MS / INGEST_MAX_BATCH / INGEST_MAX_QUEUE pass through to it.
 */
import { request as httpRequest } from 'node:http'
import { availableParallelism, loadavg } from 'node:os'
import autocannon from 'autocannon'
import pg from 'pg'
import { createBenchDatabase, startChildServer, type ChildServer } from './child-server.ts'
import { cpuSecondsOf, cpuSecondsOfAll, ownCpuSeconds } from './cpu.ts'
import { buildWorkload, SITES_ENV, type CollectRequest } from './ingest-workload.ts'

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 4)
const PIPELINING = 1
/** Goal of issue 2 item 10: Jangkau keeps at least half the bare server's rate. */
const GOAL_RATIO = 0.5

/** One measured run against one server. */
interface Run {
  accepted: number
  /** From the first request sent to the last answer received. */
  seconds: number
  /** CPU seconds used during the run by the server, by Postgres (every backend) and by autocannon. */
  cpu: { server: number; postgres: number; load: number }
  p50: number
  p99: number
  non2xx: number
  errors: number
}

export default async function ingestBenchmark(): Promise<void> {
  const workload = buildWorkload()
  const env = { TRUST_PROXY: '1', SITES: SITES_ENV }
  console.log(
    `ingest: ${CONNECTIONS} connections, pipelining ${PIPELINING}, ${ROUNDS} rounds of ~${DURATION} s per server ` +
      `after a ${WARMUP} s warm-up, ${workload.length} request variants; load average ${loadavg()[0]!.toFixed(1)}`,
  )

  const database = await createBenchDatabase(DATABASE_URL)
  const servers: ChildServer[] = []
  try {
    const baseline = await startChildServer('baseline', env)
    servers.push(baseline)
    const app = await startChildServer('app', { ...env, DATABASE_URL: database.url, LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent' })
    servers.push(app)
    const trackerGzip = await gzippedSize(`${app.url}/t.js`)
    const rows = () => countPageViews(database.url)

    process.stdout.write('warm-up… ')
    const rate = {
      baseline: await warmUp(baseline.url, workload),
      jangkau: await warmUp(app.url, workload),
    }
    // The warm-up ends with requests in flight that autocannon no longer waits for; the app still
    // stores them. Count once they are written.
    const statsBefore = await app.settle()
    const rowsBefore = await rows()
    console.log('done')

    const runs = { baseline: [] as Run[], jangkau: [] as Run[] }
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, server] of [
        ['baseline', baseline],
        ['jangkau', app],
      ] as const) {
        const run = await measure(server, workload, Math.max(CONNECTIONS * 10, Math.round(rate[name] * DURATION)))
        runs[name].push(run)
        rate[name] = run.accepted / run.seconds
      }
      const b = runs.baseline.at(-1)!
      const j = runs.jangkau.at(-1)!
      console.log(
        `round ${round}: baseline ${perSecond(b)}/s, Jangkau ${perSecond(j)}/s, ratio ${(perSecond(j) / perSecond(b)).toFixed(2)}`,
      )
    }

    const stored = (await rows()) - rowsBefore
    const statsAfter = await app.stats()
    const accepted = sumOf(runs.jangkau, (r) => r.accepted)
    const dropped = sum(statsAfter.drops) - sum(statsBefore.drops)
    const batches = (statsAfter.batcher.batches ?? 0) - (statsBefore.batcher.batches ?? 0)
    const ratios = runs.jangkau.map((j, i) => perSecond(j) / perSecond(runs.baseline[i]!))
    const ratio = median(ratios)

    console.log('')
    // CPU per answer: where each server's requests spend the machine's cores (Node, Postgres, autocannon).
    console.log('| server | events/s | p50 ms | p99 ms | non-2xx | errors | CPU µs per answer: server + Postgres + autocannon |')
    console.log('|---|---:|---:|---:|---:|---:|---|')
    for (const [name, list] of [
      ['baseline (bare Fastify)', runs.baseline],
      ['Jangkau (Postgres)', runs.jangkau],
    ] as const) {
      const eventsPerSecond = sumOf(list, (r) => r.accepted) / sumOf(list, (r) => r.seconds)
      const p50 = median(list.map((r) => r.p50))
      const p99 = median(list.map((r) => r.p99))
      const answers = sumOf(list, (r) => r.accepted)
      const perAnswer = (part: keyof Run['cpu']) => Math.round((sumOf(list, (r) => r.cpu[part]) / answers) * 1e6)
      const cpu = [perAnswer('server'), perAnswer('postgres'), perAnswer('load')]
      const cpuText = cpu.some(Number.isNaN) ? 'n/a' : `${cpu.join(' + ')} = ${cpu.reduce((a, b) => a + b, 0)}`
      console.log(
        `| ${name} | ${Math.round(eventsPerSecond)} | ${p50} | ${p99} | ` +
          `${sumOf(list, (r) => r.non2xx)} | ${sumOf(list, (r) => r.errors)} | ${cpuText} |`,
      )
    }
    console.log('')
    console.log(
      `ratio Jangkau / baseline: ${ratio.toFixed(2)} (median of rounds ${ratios.map((r) => r.toFixed(2)).join(', ')}; ` +
        `goal ≥ ${GOAL_RATIO})${ratio < GOAL_RATIO ? '  BELOW GOAL' : ''}`,
    )
    console.log(`group commit: ${batches} transactions, ${batches ? (stored / batches).toFixed(1) : '-'} views each on average`)
    console.log(`acknowledged (202): ${accepted}, dropped: ${dropped}, stored: ${stored}`)
    console.log(`tracker t.js gzipped: ${trackerGzip} bytes`)
    // Other work on the machine slows Jangkau (three processes per answer: autocannon, Node,
    // Postgres) more than the baseline (two): say how busy the machine was.
    console.log(`load average at the end: ${loadavg()[0]!.toFixed(1)} (on ${availableParallelism()} cores)`)
    if (stored !== accepted - dropped) {
      console.error(`MISMATCH: ${accepted - dropped} views acknowledged and not dropped, ${stored} stored`)
      process.exitCode = 1
    }
  } finally {
    for (const server of servers) await server.stop()
    await database.drop()
  }
}

/** WARMUP seconds at full load (JIT, pool, caches); returns the rate of its last two seconds. */
async function warmUp(url: string, workload: CollectRequest[]): Promise<number> {
  const { perSecond } = await load(url, workload, { duration: WARMUP })
  const recent = perSecond.slice(-2)
  return recent.reduce((a, b) => a + b, 0) / Math.max(1, recent.length)
}

async function measure(server: ChildServer, workload: CollectRequest[], amount: number): Promise<Run> {
  const before = cpuNow(server)
  const result = await load(server.url, workload, { amount })
  const after = cpuNow(server)
  return {
    // 202 only: the baseline answers nothing else, the app 202 only after its commit.
    accepted: result.statusCodeStats?.['202']?.count ?? 0,
    seconds: result.seconds,
    cpu: { server: after.server - before.server, postgres: after.postgres - before.postgres, load: after.load - before.load },
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  }
}

/**
 * One autocannon run; `perSecond` holds the answers counted in each second. A run that takes three
 * times longer than planned is stopped, so the benchmark always ends.
 */
function load(
  url: string,
  workload: CollectRequest[],
  bound: { duration: number } | { amount: number },
): Promise<autocannon.Result & { perSecond: number[]; seconds: number }> {
  let next = 0
  const perSecond: number[] = []
  // autocannon ends an `amount` run at its next one-second tick, and its `duration` with it: up to a
  // second too long in a five-second run. The run's time is taken from the first request to the last answer.
  const startedAt = performance.now()
  let lastAnswerAt = startedAt
  return new Promise((done, fail) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        pipelining: PIPELINING,
        timeout: 10,
        ...bound,
        // Every request is the next variant of the workload (one shared counter, so the connections
        // do not send the same view in lockstep).
        requests: [{ setupRequest: (request) => ({ ...request, ...workload[next++ % workload.length]! }) }],
      },
      (error, result) => {
        clearTimeout(limit)
        if (error) fail(error)
        else done({ ...result, perSecond, seconds: 'amount' in bound ? (lastAnswerAt - startedAt) / 1000 : result.duration })
      },
    )
    // autocannon emits { counter } (answers in the past second) with 'tick'; its types omit it.
    ;(instance as unknown as NodeJS.EventEmitter).on('tick', ({ counter }: { counter: number }) => perSecond.push(counter))
    instance.on('response', () => (lastAnswerAt = performance.now()))
    const limit = setTimeout(() => instance.stop(), ('amount' in bound ? DURATION : bound.duration) * 3000)
  })
}

/** CPU seconds used so far by the server's process, all Postgres processes and this one (autocannon). */
function cpuNow(server: ChildServer) {
  return { server: cpuSecondsOf(server.pid) ?? Number.NaN, postgres: cpuSecondsOfAll('postgres') ?? Number.NaN, load: ownCpuSeconds() }
}

/** Bytes of GET `url` as sent with gzip (node:http, which does not decompress). */
function gzippedSize(url: string): Promise<number> {
  return new Promise((done, fail) => {
    httpRequest(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
      if (response.statusCode !== 200 || response.headers['content-encoding'] !== 'gzip') {
        fail(new Error(`GET ${url}: ${response.statusCode}, content-encoding ${response.headers['content-encoding']}`))
      }
      let bytes = 0
      response.on('data', (chunk: Buffer) => (bytes += chunk.length))
      response.on('end', () => done(bytes))
    })
      .on('error', fail)
      .end()
  })
}

async function countPageViews(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from page_views')
    return Number(rows[0]!.n)
  } finally {
    await client.end()
  }
}

const perSecond = (run: Run) => Math.round(run.accepted / run.seconds)
const sum = (counts: Record<string, number> | null) => Object.values(counts ?? {}).reduce((a, b) => a + b, 0)
const sumOf = <T>(list: T[], value: (item: T) => number) => list.reduce((total, item) => total + value(item), 0)
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
