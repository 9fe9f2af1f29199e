/**
 * `pnpm bench web`: the dashboard's initial JavaScript, gzipped — what a browser must download
 * before the first page renders: the entry script of web/dist/index.html plus every chunk it
 * preloads (`<link rel="modulepreload">`). Lazily loaded pages, charts and the map are not counted.
 * Goal: ≤ 250 KB gzipped.
 */
import { execSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

const BUDGET_KB = 250

export default async function benchWeb(): Promise<void> {
  const web = resolve(import.meta.dirname, '../../web')
  execSync('pnpm --filter @jangkau/web build', { stdio: 'ignore' })
  const dist = resolve(web, 'dist')
  const html = readFileSync(resolve(dist, 'index.html'), 'utf8')
  const initial = [...html.matchAll(/<(?:script[^>]*type="module"[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map(
    (m) => m[1]!,
  )
  const gz = (file: string) => gzipSync(readFileSync(resolve(dist, `.${file}`)), { level: 9 }).length
  let initialBytes = 0
  for (const file of initial) {
    const size = gz(file)
    initialBytes += size
    console.log(`  initial  ${(size / 1024).toFixed(1).padStart(7)} KB  ${file}`)
  }
  const all = readdirSync(resolve(dist, 'assets')).filter((f) => f.endsWith('.js'))
  const allBytes = all.reduce((sum, f) => sum + gz(`/assets/${f}`), 0)
  const kb = initialBytes / 1024
  console.log(`initial JavaScript: ${kb.toFixed(1)} KB gzipped in ${initial.length} files (budget ${BUDGET_KB} KB)`)
  console.log(`all JavaScript:     ${(allBytes / 1024).toFixed(1)} KB gzipped in ${all.length} files (the rest loads lazily)`)
  if (kb > BUDGET_KB) {
    console.log('FAIL: over budget')
    process.exitCode = 1
  }
}
