import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { transformSync } from 'esbuild'

/**
 * Compiles t.ts to the minified script served as /t.js, plus its gzip form (built once at start).
 * `keepParams` (URL_KEEP_PARAMS) goes into the script, so that it tells articles apart as ingest does.
 */
export function buildTracker(keepParams: readonly string[] = []): { js: Buffer; gzip: Buffer } {
  const source = readFileSync(new URL('./t.ts', import.meta.url), 'utf8')
  // A string literal (an array would become a global variable of the portal's page).
  const define = { KEEP_PARAMS: JSON.stringify(keepParams.join(',')) }
  const { code } = transformSync(source, { loader: 'ts', minify: true, target: 'es2018', define })
  const js = Buffer.from(code)
  return { js, gzip: gzipSync(js, { level: 9 }) }
}
