import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import { signIn } from './auth.ts'
import { type Catalog, clearPageViews, seedCatalog, type ViewSpec } from './page-views.ts'
import { createTestApp, type TestApp } from './test-app.ts'

// What the stats API tests share (stats-views, stats-kim-requests and stats-rollups.test.ts).

export const wita = (local: string) => new Date(`${local}+08:00`)

/**
 * The worked example (WITA = UTC+8). Articles: 0 = Kutim (64.08), 1 = Samarinda (64.72), 2 = Kukar (64.02).
 *   Jan 15 12:00, 13:00  article 2, reader 3 (twice)        → Jan: 2 views, 1 visitor
 *   Jan 31 23:59         article 0, reader 1, google         → Jan: 1 view, 1 visitor
 *   Feb  1 00:01         article 0, reader 1, google         → a new WITA day: counts again
 *   Feb  1 10:00         article 0, reader 1, direct         → same day, same article: not a new visitor
 *   Feb  1 10:05, 11:00  article 1, readers 1 and 2          → reader 1 again, but another article: counts
 */
export const EXAMPLE: ViewSpec[] = [
  { at: wita('2026-01-15T12:00:00'), article: 2, visitor: 3 },
  { at: wita('2026-01-15T13:00:00'), article: 2, visitor: 3 },
  { at: wita('2026-01-31T23:59:00'), article: 0, visitor: 1, referrer: 'google.com' },
  { at: wita('2026-02-01T00:01:00'), article: 0, visitor: 1, referrer: 'google.com' },
  { at: wita('2026-02-01T10:00:00'), article: 0, visitor: 1, referrer: null, device: 'desktop' },
  { at: wita('2026-02-01T10:05:00'), article: 1, visitor: 1 },
  { at: wita('2026-02-01T11:00:00'), article: 1, visitor: 2 },
]

/**
 * One app for a stats test file, registered in the calling describe: the catalogue of page-views.ts,
 * a viewer's session headers, no page views and no KIM before each test, and the clock at
 * 2026-03-10 12:00 WITA (tests move it with `t.now`).
 */
export function statsApp() {
  let t: TestApp
  let now = new Date('2026-03-10T04:00:00Z')
  const catalog: Catalog = { siteIds: { portal: 0, kutim: 0 }, categoryIds: {} }
  const headers: Record<string, string> = {}
  beforeAll(async () => {
    t = await createTestApp({ clock: () => now })
    Object.assign(catalog, await seedCatalog(t.app))
    Object.assign(headers, (await signIn(t.app, { role: 'viewer' })).headers)
  })
  afterAll(async () => t?.close())
  beforeEach(async () => {
    now = new Date('2026-03-10T04:00:00Z')
    await clearPageViews(t.app.db)
    await sql`truncate kim_activities, kim_status_changes, kim_groups restart identity cascade`.execute(t.app.db)
  })

  const get = async (url: string) => {
    const r = await t.app.inject({ url, headers })
    expect(r.statusCode, r.body).toBe(200)
    return r.json()
  }
  const without = <T extends Record<string, unknown>>(body: T) => {
    const { range: _r, previousRange: _p, timeZone: _t, visitorsDefinition: _v, ...rest } = body
    return rest
  }

  return {
    get app() {
      return t.app
    },
    get databaseUrl() {
      return t.databaseUrl
    },
    get now() {
      return now
    },
    set now(value: Date) {
      now = value
    },
    catalog,
    headers,
    get,
    without,
  }
}
