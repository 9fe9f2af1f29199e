/**
 * `pnpm bench [name...]`: runs the named benchmarks, or every one that exists when none is named.
 * A benchmark is `bench/<name>.ts` whose default export is `async () => void`; it prints its own
 * figures and sets process.exitCode when a check fails. Add a new one to BENCHMARKS.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

const BENCHMARKS = ['ingest', 'stats', 'web', 'demo'] as const

const file = (name: string) => resolve(import.meta.dirname, `${name}.ts`)
const requested = process.argv.slice(2)
const unknown = requested.filter((name) => !(BENCHMARKS as readonly string[]).includes(name) || !existsSync(file(name)))
if (unknown.length) {
  const available = BENCHMARKS.filter((name) => existsSync(file(name)))
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Available: ${available.join(', ')}`)
  process.exit(2)
}

const names = requested.length ? requested : BENCHMARKS.filter((name) => existsSync(file(name)))
for (const name of names) {
  console.log(`\n== bench ${name} ==`)
  const benchmark = (await import(file(name))) as { default: () => Promise<void> }
  await benchmark.default()
}
