import { execFileSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's root folder. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/** The built dashboard the server serves (and prints reports from). */
export const WEB_DIST = join(REPO, 'web', 'dist')

/**
 * Builds the dashboard when web/dist is missing or older than its sources (web/src, web/public,
 * index.html, vite.config.ts, shared/src), with the same script as `pnpm start`: a stale build would
 * test old code.
 */
export function ensureWebDist(): void {
  execFileSync(process.execPath, [join(REPO, 'web', 'scripts', 'build-if-stale.mjs')], { cwd: REPO, stdio: 'inherit' })
}
