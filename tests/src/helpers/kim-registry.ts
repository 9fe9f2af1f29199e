import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import { createApiToken } from './auth.ts'
import { createTestApp, type TestApp } from './test-app.ts'

// What the KIM registry tests share (kim-groups.test.ts, kim-activities.test.ts).

// 10:00 WITA on 10 March 2026: "today" for every date rule below is 2026-03-10.
export const NOW = new Date('2026-03-10T02:00:00Z')
export const AT = NOW.toISOString()

export const TELUK_SINGKAMA = '64.08.12.2004' // desa in Sangatta Selatan, Kutai Timur
export const SANGKIMA = '64.08.12.2003'
export const MERABU = '64.03.01.2001' // desa in Kelay, Berau

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'
export type Caller = { headers: Record<string, string> }

export const SINGKAMA = {
  name: 'KIM Teluk Singkama',
  villageCode: TELUK_SINGKAMA,
  decreeNumber: '141/05/KPTS/TS/2020',
  decreeDate: '2020-03-02',
  formedOn: '2020-03-02',
  status: 'aktif',
  statusSince: '2020-03-02',
  budget: 'tidak',
  members: 15,
  officers: { ketua: 'Rahmat', sekretaris: 'Sari', bendahara: 'Dewi' },
  channels: ['https://www.facebook.com/kimteluksingkama'],
  registrationNumber: 'KIM-6408-0001',
}
export const SINGKAMA_STORED = {
  id: 1,
  ...SINGKAMA,
  villageName: 'Teluk Singkama',
  districtCode: '64.08.12',
  districtName: 'Sangatta Selatan',
  regionCode: '64.08',
  regionName: 'Kabupaten Kutai Timur',
  lastActivityDate: null,
  createdAt: AT,
  updatedAt: AT,
}
export const BIMTEK = {
  groupId: 1,
  type: 'bimtek',
  title: 'Bimtek Dunia Digital',
  date: '2022-04-20',
  participants: 25,
  contentItems: 3,
  articleUrl: 'https://diskominfo.kaltimprov.go.id/berita/kim-kutim',
  notes: 'Koordinasi dan pembinaan Diskominfo Kaltim',
}

/**
 * One app for a KIM test file, registered in the calling describe: an admin, a Kutai Timur operator
 * and a viewer (API tokens: they do not expire, so tests may move the clock with `t.now`), and
 * empty KIM tables and audit log before each test.
 */
export function kimRegistryApp() {
  let t: TestApp
  let now = NOW
  const admin: Caller = { headers: {} }
  const kutim: Caller = { headers: {} }
  const viewer: Caller = { headers: {} }

  beforeAll(async () => {
    t = await createTestApp({ clock: () => now })
    admin.headers = (await createApiToken(t.app, { role: 'admin', name: 'Admin Diskominfo' })).headers
    kutim.headers = (await createApiToken(t.app, { role: 'operator', regions: ['64.08'], name: 'Operator Kutim' })).headers
    viewer.headers = (await createApiToken(t.app, { role: 'viewer' })).headers
  })
  afterAll(async () => t?.close())
  beforeEach(async () => {
    now = NOW
    await sql`truncate kim_groups, kim_status_changes, kim_activities, audit_log restart identity cascade`.execute(t.app.db)
  })

  const call = (
    who: { headers: Record<string, string> },
    method: Method,
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({ method, url, headers: { ...who.headers, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) })
  const errorOf = (r: { statusCode: number; json: () => unknown }) => ({
    status: r.statusCode,
    code: (r.json() as { error?: { code: string } }).error?.code,
  })

  const createGroup = async (who: Caller, body: object = SINGKAMA) => {
    const r = await call(who, 'POST', '/api/kim/groups', body)
    expect(r.statusCode, r.body).toBe(201)
    return r.json() as typeof SINGKAMA_STORED
  }
  const berauGroup = () => createGroup(admin, { name: 'KIM Merabu', villageCode: MERABU, statusSince: '2024-01-15' })

  return {
    get app() {
      return t.app
    },
    get now() {
      return now
    },
    set now(value: Date) {
      now = value
    },
    admin,
    kutim,
    viewer,
    call,
    errorOf,
    createGroup,
    berauGroup,
  }
}
