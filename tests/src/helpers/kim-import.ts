import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import { createApiToken } from './auth.ts'
import { createTestApp, type TestApp } from './test-app.ts'

// What the KIM CSV import tests share (kim-import.test.ts, kim-import-refusals.test.ts).

// 10:00 WITA on 10 March 2026: "today" for the date rules.
export const NOW = new Date('2026-03-10T02:00:00Z')
export const AT = NOW.toISOString()
export const TEN_MB = 10 * 1024 * 1024
export const BOM = '\uFEFF'

export const GROUP_HEADER =
  'name,villageCode,decreeNumber,decreeDate,formedOn,status,statusSince,budget,members,' +
  'ketua,sekretaris,bendahara,channels,registrationNumber'
export const ACTIVITY_HEADER = 'groupId,type,title,date,participants,contentItems,articleUrl,notes'

export type Caller = { headers: Record<string, string> }

/**
 * One app for a KIM import test file, registered in the calling describe: two admins and a Kutai
 * Timur operator (API tokens), and empty KIM tables and audit log before each test.
 */
export function kimImportApp() {
  let t: TestApp
  const admin: Caller = { headers: {} }
  const kutim: Caller = { headers: {} }
  const otherAdmin: Caller = { headers: {} }

  beforeAll(async () => {
    t = await createTestApp({ clock: () => NOW })
    admin.headers = (await createApiToken(t.app, { role: 'admin', name: 'Admin Diskominfo' })).headers
    otherAdmin.headers = (await createApiToken(t.app, { role: 'admin', name: 'Admin Lain' })).headers
    kutim.headers = (await createApiToken(t.app, { role: 'operator', regions: ['64.08'], name: 'Operator Kutim' })).headers
  })
  afterAll(async () => t?.close())
  beforeEach(async () => {
    await sql`truncate kim_groups, kim_status_changes, kim_activities, audit_log restart identity cascade`.execute(t.app.db)
  })

  const upload = (who: Caller, kind: string, body: string | Buffer, contentType = 'text/csv; charset=utf-8', extra = '') =>
    t.app.inject({
      method: 'POST',
      url: `/api/kim/import?kind=${kind}${extra}`,
      headers: { ...who.headers, 'content-type': contentType },
      payload: body,
    })
  const count = async (table: 'kim_groups' | 'kim_activities' | 'kim_status_changes') => {
    const { n } = await t.app.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(n)
  }
  const errorOf = (r: { statusCode: number; json: () => unknown }) => ({
    status: r.statusCode,
    code: (r.json() as { error?: { code: string } }).error?.code,
  })
  /** Two Kutim groups (ids 1 and 2) and one in Berau (id 3), for activity imports. */
  const seedGroups = async () => {
    const csv = [
      GROUP_HEADER,
      'KIM Teluk Singkama,64.08.12.2004,141/05/2020,2020-03-02,2020-03-02,aktif,2020-03-02,tidak,15,,,,,',
      'KIM Sangkima,64.08.12.2003,,,,vakum,2021-06-01,tidak,9,,,,,',
      'KIM Merabu,64.03.01.2001,,,,aktif,2024-01-15,ya,12,,,,,',
    ].join('\n')
    const r = await upload(admin, 'groups', csv)
    expect(r.statusCode, r.body).toBe(201)
  }

  return {
    get app() {
      return t.app
    },
    admin,
    kutim,
    otherAdmin,
    upload,
    count,
    errorOf,
    seedGroups,
  }
}
