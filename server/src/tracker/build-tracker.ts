import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { transformSync } from 'esbuild'

/** Compiles t.ts to the minified script served as /t.js, plus its gzip form (built once at start). */
export function buildTracker(): { js: Buffer; gzip: Buffer } {
  const source = readFileSync(new URL('./t.ts', import.meta.url), 'utf8')
  const { code } = transformSync(source, { loader: 'ts', minify: true, target: 'es2018' })
  const js = Buffer.from(code)
  return { js, gzip: gzipSync(js, { level: 9 }) }
}
