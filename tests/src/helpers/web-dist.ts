import { execSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's root folder. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/** The built dashboard the server serves (and prints reports from). */
export const WEB_DIST = join(REPO, 'web', 'dist')

/** Whether web/dist was built after the last change to web/src (a stale build would test old code). */
function webDistIsFresh(): boolean {
  const index = join(WEB_DIST, 'index.html')
  if (!existsSync(index)) return false
  const built = statSync(index).mtimeMs
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    )
  return newest(join(REPO, 'web', 'src')) <= built
}

/** Builds the dashboard when web/dist is missing or older than web/src. */
export function ensureWebDist(): void {
  if (!webDistIsFresh()) execSync('pnpm --filter @jangkau/web build', { cwd: REPO, stdio: 'inherit' })
}
