#!/usr/bin/env node
// Builds the dashboard (vite build) only when web/dist is missing or older than its sources, so that
// `pnpm start` after a crash or a restart takes seconds instead of a rebuild. Used by the root
// package.json "start" and by the tests (tests/src/helpers/web-dist.ts). FORCE_WEB_BUILD=1 always builds.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const REPO = resolve(WEB, '..')
/** What the build reads: a change to any of these makes web/dist stale. */
const SOURCES = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'shared/src']
/** Written last by vite build: its time is the build's. */
const BUILT = join(WEB, 'dist', 'index.html')

/** The newest modification time (ms) of a file, or of every file under a folder; 0 when missing. */
function newest(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let latest = 0
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)))
  return latest
}

/** The first source newer than the build, or null when web/dist is fresh (undefined: no build yet). */
export function staleBecause() {
  if (!existsSync(BUILT)) return 'web/dist is missing'
  const built = statSync(BUILT).mtimeMs
  const changed = SOURCES.find((source) => newest(join(REPO, source)) > built)
  return changed ? `${changed} changed since the last build` : null
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const reason = process.env.FORCE_WEB_BUILD === '1' ? 'FORCE_WEB_BUILD=1' : staleBecause()
  if (reason === null) {
    console.log('web/dist masih baru, tidak dibangun ulang / web/dist is fresh: skipping vite build')
  } else {
    console.log(`Membangun web/dist / building web/dist (${reason})`)
    execFileSync('pnpm', ['--filter', '@jangkau/web', 'build'], { cwd: REPO, stdio: 'inherit' })
  }
}
