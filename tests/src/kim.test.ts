import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApiToken, signIn } from './helpers/auth.ts'
import { createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

// 10:00 WITA on 10 March 2026: "today" for every date rule below is 2026-03-10.
const NOW = new Date('2026-03-10T02:00:00Z')
const AT = NOW.toISOString()

const TELUK_SINGKAMA = '64.08.12.2004' // desa in Sangatta Selatan, Kutai Timur
const SANGKIMA = '64.08.12.2003'
const MERABU = '64.03.01.2001' // desa in Kelay, Berau

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'
type Caller = { headers: Record<string, string> }

describe(`KIM registry on ${testDatabase}`, () => {
  let t: TestApp
  let now = NOW
  // API tokens do not expire, so tests may move the clock; the first test signs in like the dashboard.
  let admin: Caller
  let kutim: Caller
  let viewer: Caller

  beforeAll(async () => {
    t = await createTestApp({ clock: () => now })
    admin = await createApiToken(t.app, { role: 'admin', name: 'Admin Diskominfo' })
    kutim = await createApiToken(t.app, { role: 'operator', regions: ['64.08'], name: 'Operator Kutim' })
    viewer = await createApiToken(t.app, { role: 'viewer' })
  })
  afterAll(async () => t?.close())
  beforeEach(async () => {
    now = NOW
    await sql`truncate kim_groups, kim_status_changes, kim_activities, audit_log restart identity cascade`.execute(t.app.db)
  })

  const call = (who: { headers: Record<string, string> }, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, headers: { ...who.headers, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) })
  const errorOf = (r: { statusCode: number; json: () => unknown }) => ({
    status: r.statusCode,
    code: (r.json() as { error?: { code: string } }).error?.code,
  })

  const SINGKAMA = {
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
  const SINGKAMA_STORED = {
    id: 1,
    name: 'KIM Teluk Singkama',
    villageCode: TELUK_SINGKAMA,
    villageName: 'Teluk Singkama',
    districtCode: '64.08.12',
    districtName: 'Sangatta Selatan',
    regionCode: '64.08',
    regionName: 'Kabupaten Kutai Timur',
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
    lastActivityDate: null,
    createdAt: AT,
    updatedAt: AT,
  }
  const BIMTEK = {
    groupId: 1,
    type: 'bimtek',
    title: 'Bimtek Dunia Digital',
    date: '2022-04-20',
    participants: 25,
    contentItems: 3,
    articleUrl: 'https://diskominfo.kaltimprov.go.id/berita/kim-kutim',
    notes: 'Koordinasi dan pembinaan Diskominfo Kaltim',
  }

  const createGroup = async (who: Caller, body: object = SINGKAMA) => {
    const r = await call(who, 'POST', '/api/kim/groups', body)
    expect(r.statusCode, r.body).toBe(201)
    return r.json() as typeof SINGKAMA_STORED
  }
  const berauGroup = () => createGroup(admin, { name: 'KIM Merabu', villageCode: MERABU, statusSince: '2024-01-15' })

  it('lets a Kutai Timur operator register KIM Teluk Singkama and its Bimtek, and nothing in Berau', async () => {
    // Signed in to the dashboard (session cookie and CSRF token), as people are.
    const kutim = await signIn(t.app, { role: 'operator', regions: ['64.08'], name: 'Operator Kutim' })
    const viewer = await signIn(t.app, { role: 'viewer' })
    // Kutim registers its KIM with the village head's decree (SK).
    const created = await call(kutim, 'POST', '/api/kim/groups', SINGKAMA)
    expect(created.statusCode).toBe(201)
    expect(created.json()).toEqual(SINGKAMA_STORED)

    // … and records the Bimtek Dunia Digital it joined.
    const bimtek = await call(kutim, 'POST', '/api/kim/activities', BIMTEK)
    expect(bimtek.statusCode).toBe(201)
    expect(bimtek.json()).toEqual({ id: 1, ...BIMTEK, groupName: 'KIM Teluk Singkama', regionCode: '64.08', createdAt: AT })

    const detail = await call(kutim, 'GET', '/api/kim/groups/1')
    expect(detail.json()).toEqual({
      ...SINGKAMA_STORED,
      lastActivityDate: '2022-04-20',
      statusHistory: [{ status: 'aktif', changedOn: '2020-03-02' }],
    })

    // Berau is not Kutim's: the operator can neither create, change nor delete there.
    expect(errorOf(await call(kutim, 'POST', '/api/kim/groups', { name: 'KIM Merabu', villageCode: MERABU }))).toEqual({ status: 403, code: 'forbidden_region' })
    const berau = await berauGroup()
    expect(berau.regionCode).toBe('64.03')
    expect(errorOf(await call(kutim, 'PATCH', `/api/kim/groups/${berau.id}`, { members: 99 }))).toEqual({ status: 403, code: 'forbidden_region' })
    expect(errorOf(await call(kutim, 'DELETE', `/api/kim/groups/${berau.id}`))).toEqual({ status: 403, code: 'forbidden_region' })
    expect(errorOf(await call(kutim, 'POST', '/api/kim/activities', { ...BIMTEK, groupId: berau.id }))).toEqual({
      status: 403,
      code: 'forbidden_region',
    })
    // Nor move its own group into Berau.
    expect(errorOf(await call(kutim, 'PATCH', '/api/kim/groups/1', { villageCode: MERABU }))).toEqual({ status: 403, code: 'forbidden_region' })

    // A viewer sees both groups and the activity …
    const list = await call(viewer, 'GET', '/api/kim/groups')
    expect(list.statusCode).toBe(200)
    expect(list.json()).toMatchObject({ total: 2, items: [{ name: 'KIM Merabu' }, { name: 'KIM Teluk Singkama' }] })
    expect((await call(viewer, 'GET', '/api/kim/activities')).json()).toMatchObject({ total: 1, items: [{ title: 'Bimtek Dunia Digital' }] })
    // … and may write nothing.
    const writes: [Method, string, unknown][] = [
      ['POST', '/api/kim/groups', SINGKAMA],
      ['PATCH', '/api/kim/groups/1', { members: 1 }],
      ['DELETE', '/api/kim/groups/1', undefined],
      ['PATCH', `/api/kim/groups/${berau.id}`, { members: 1 }],
      ['POST', '/api/kim/activities', BIMTEK],
      ['PATCH', '/api/kim/activities/1', { participants: 1 }],
      ['DELETE', '/api/kim/activities/1', undefined],
    ]
    for (const [method, url, payload] of writes) {
      expect(errorOf(await call(viewer, method, url, payload)), `${method} ${url}`).toEqual({ status: 403, code: 'forbidden' })
    }
    const importAnswer = await call(viewer, 'POST', '/api/kim/import?kind=groups', 'name,villageCode\nX,64.08.12.2004\n', { 'content-type': 'text/csv' })
    expect(errorOf(importAnswer)).toEqual({ status: 403, code: 'forbidden' })

    // Nothing the refused requests tried is stored; every write that passed is in the audit log.
    expect((await call(admin, 'GET', '/api/kim/groups/1')).json()).toMatchObject({ members: 15, villageCode: TELUK_SINGKAMA })
    const audit = await t.app.db.selectFrom('audit_log').select(['actor_name', 'action', 'entity', 'entity_id']).orderBy('id').execute()
    expect(audit).toEqual([
      { actor_name: 'Operator Kutim', action: 'create', entity: 'kim_group', entity_id: '1' },
      { actor_name: 'Operator Kutim', action: 'create', entity: 'kim_activity', entity_id: '1' },
      { actor_name: 'Admin Diskominfo', action: 'create', entity: 'kim_group', entity_id: '2' },
    ])
  })

  it('lets API tokens write by the same rules', async () => {
    const operatorToken = await createApiToken(t.app, { role: 'operator', regions: ['64.08'] })
    const viewerToken = await createApiToken(t.app, { role: 'viewer' })
    expect((await call(operatorToken, 'POST', '/api/kim/groups', SINGKAMA)).statusCode).toBe(201)
    expect(errorOf(await call(operatorToken, 'POST', '/api/kim/groups', { name: 'X', villageCode: MERABU }))).toEqual({ status: 403, code: 'forbidden_region' })
    expect(errorOf(await call(viewerToken, 'POST', '/api/kim/groups', SINGKAMA))).toEqual({ status: 403, code: 'forbidden' })
    expect(errorOf(await t.app.inject({ method: 'GET', url: '/api/kim/groups' }))).toEqual({ status: 401, code: 'unauthenticated' })
  })

  it('applies defaults and derives district and regency from a kelurahan', async () => {
    const group = await createGroup(kutim, { name: '  KIM Singa Geweh  ', villageCode: '64.08.12.1002' })
    expect(group).toEqual({
      id: 1,
      name: 'KIM Singa Geweh',
      villageCode: '64.08.12.1002',
      villageName: 'Singa Geweh',
      districtCode: '64.08.12',
      districtName: 'Sangatta Selatan',
      regionCode: '64.08',
      regionName: 'Kabupaten Kutai Timur',
      decreeNumber: null,
      decreeDate: null,
      formedOn: null,
      status: 'aktif',
      statusSince: '2026-03-10',
      budget: 'belum diketahui',
      members: 0,
      officers: { ketua: null, sekretaris: null, bendahara: null },
      channels: [],
      registrationNumber: null,
      lastActivityDate: null,
      createdAt: AT,
      updatedAt: AT,
    })
  })

  it('keeps the status history with the day of each change', async () => {
    await createGroup(kutim)
    now = new Date('2026-04-01T01:00:00Z')
    // The group went dormant without a budget; the day defaults to today (WITA).
    const vakum = await call(kutim, 'PATCH', '/api/kim/groups/1', { status: 'vakum', budget: 'tidak' })
    expect(vakum.statusCode).toBe(200)
    expect(vakum.json()).toMatchObject({ status: 'vakum', statusSince: '2026-04-01', updatedAt: '2026-04-01T01:00:00.000Z' })
    // Active again, dated explicitly.
    expect((await call(kutim, 'PATCH', '/api/kim/groups/1', { status: 'aktif', statusSince: '2026-04-01' })).statusCode).toBe(200)
    // A correction of the current status's day (same status, other day).
    expect((await call(kutim, 'PATCH', '/api/kim/groups/1', { statusSince: '2026-04-01' })).statusCode).toBe(200)
    // A change dated before the current status began is refused.
    expect(errorOf(await call(kutim, 'PATCH', '/api/kim/groups/1', { status: 'bubar', statusSince: '2026-03-31' }))).toEqual({
      status: 400,
      code: 'invalid_status_since',
    })
    const detail = (await call(viewer, 'GET', '/api/kim/groups/1')).json()
    expect(detail.statusHistory).toEqual([
      { status: 'aktif', changedOn: '2020-03-02' },
      { status: 'vakum', changedOn: '2026-04-01' },
      { status: 'aktif', changedOn: '2026-04-01' },
    ])
    expect(detail).toMatchObject({ status: 'aktif', statusSince: '2026-04-01', budget: 'tidak' })
  })

  it('corrects the day of the current status within its bounds', async () => {
    await createGroup(kutim)
    await call(kutim, 'PATCH', '/api/kim/groups/1', { status: 'vakum', statusSince: '2025-06-01' })
    expect((await call(kutim, 'PATCH', '/api/kim/groups/1', { statusSince: '2025-05-01' })).statusCode).toBe(200)
    expect(errorOf(await call(kutim, 'PATCH', '/api/kim/groups/1', { statusSince: '2019-12-31' }))).toEqual({ status: 400, code: 'invalid_status_since' })
    expect((await call(viewer, 'GET', '/api/kim/groups/1')).json().statusHistory).toEqual([
      { status: 'aktif', changedOn: '2020-03-02' },
      { status: 'vakum', changedOn: '2025-05-01' },
    ])
  })

  it('merges officers, clears fields with null and moves a group within the regency', async () => {
    await createGroup(kutim)
    const r = await call(kutim, 'PATCH', '/api/kim/groups/1', {
      villageCode: SANGKIMA,
      officers: { sekretaris: 'Budi' },
      decreeNumber: null,
      channels: [],
    })
    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({
      villageCode: SANGKIMA,
      villageName: 'Sangkima',
      districtCode: '64.08.12',
      regionCode: '64.08',
      officers: { ketua: 'Rahmat', sekretaris: 'Budi', bendahara: 'Dewi' },
      decreeNumber: null,
      channels: [],
    })
    const audit = await t.app.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('action', '=', 'update').execute()
    expect(audit).toEqual([
      {
        action: 'update',
        before: expect.objectContaining({ villageCode: TELUK_SINGKAMA, decreeNumber: '141/05/KPTS/TS/2020' }),
        after: expect.objectContaining({ villageCode: SANGKIMA, decreeNumber: null }),
      },
    ])
  })

  it('deletes a group with its activities, audited', async () => {
    await createGroup(kutim)
    await call(kutim, 'POST', '/api/kim/activities', BIMTEK)
    const r = await call(kutim, 'DELETE', '/api/kim/groups/1')
    expect(r.statusCode).toBe(204)
    expect(errorOf(await call(kutim, 'GET', '/api/kim/groups/1'))).toEqual({ status: 404, code: 'not_found' })
    expect((await call(kutim, 'GET', '/api/kim/activities')).json()).toEqual({ items: [], total: 0 })
    const audit = await t.app.db.selectFrom('audit_log').select(['action', 'entity', 'before']).where('action', '=', 'delete').execute()
    expect(audit).toEqual([{ action: 'delete', entity: 'kim_group', before: expect.objectContaining({ name: 'KIM Teluk Singkama', activitiesDeleted: 1 }) }])
    expect(errorOf(await call(kutim, 'DELETE', '/api/kim/groups/1'))).toEqual({ status: 404, code: 'not_found' })
  })

  it('filters and pages the group list', async () => {
    await createGroup(kutim)
    await createGroup(kutim, { name: 'KIM Sangkima', villageCode: SANGKIMA, status: 'vakum', statusSince: '2021-01-01' })
    await berauGroup()
    const names = async (query: string) => {
      const r = await call(viewer, 'GET', `/api/kim/groups${query}`)
      expect(r.statusCode, r.body).toBe(200)
      const body = r.json() as { items: { name: string }[]; total: number }
      return { names: body.items.map((g) => g.name), total: body.total }
    }
    expect(await names('')).toEqual({ names: ['KIM Merabu', 'KIM Sangkima', 'KIM Teluk Singkama'], total: 3 })
    expect(await names('?region=64.08')).toEqual({ names: ['KIM Sangkima', 'KIM Teluk Singkama'], total: 2 })
    expect(await names('?district=64.03.01')).toEqual({ names: ['KIM Merabu'], total: 1 })
    expect(await names('?status=vakum')).toEqual({ names: ['KIM Sangkima'], total: 1 })
    expect(await names('?q=singkama')).toEqual({ names: ['KIM Teluk Singkama'], total: 1 })
    expect(await names('?q=KPTS')).toEqual({ names: ['KIM Teluk Singkama'], total: 1 })
    // LIKE characters in q are text, not patterns.
    expect(await names('?q=%25')).toEqual({ names: [], total: 0 })
    expect(await names('?limit=1&offset=1')).toEqual({ names: ['KIM Sangkima'], total: 3 })
    expect(await names('?limit=2&offset=10')).toEqual({ names: [], total: 3 })
    expect(errorOf(await call(viewer, 'GET', '/api/kim/groups?region=6408'))).toEqual({ status: 400, code: 'invalid_request' })
    expect(errorOf(await call(viewer, 'GET', '/api/kim/groups?limit=100000'))).toEqual({ status: 400, code: 'invalid_request' })
  })

  describe('refuses hostile or impossible input and stores nothing', () => {
    it.each([
      ['a district code as village', { villageCode: '64.08.12' }, 'unknown_village'],
      ['a regency code as village', { villageCode: '64.08' }, 'unknown_village'],
      ['a BPS code as village', { villageCode: '6408122004' }, 'unknown_village'],
      ['an unknown village', { villageCode: '64.08.12.9999' }, 'unknown_village'],
      ['a SQL string as village', { villageCode: "'; drop table kim_groups; --" }, 'unknown_village'],
      ['a decree date far in the future', { decreeDate: '2999-01-01' }, 'date_in_future'],
      ['tomorrow (WITA) as formation day', { formedOn: '2026-03-11' }, 'date_in_future'],
      ['a day before 2000', { formedOn: '1999-12-31' }, 'date_too_early'],
      ['an impossible day', { decreeDate: '2021-02-30' }, 'invalid_date'],
      ['a status day in the future', { statusSince: '2030-01-01' }, 'date_in_future'],
      ['a date that is not a day', { decreeDate: '02/03/2020' }, 'invalid_request'],
      ['negative members', { members: -1 }, 'invalid_request'],
      ['absurd members', { members: 1_000_000 }, 'invalid_request'],
      ['an unknown status', { status: 'hidup' }, 'invalid_request'],
      ['an unknown budget', { budget: 'mungkin' }, 'invalid_request'],
      ['a channel that is not http(s)', { channels: ['javascript:alert(1)'] }, 'invalid_channel'],
      ['a channel that is no URL', { channels: ['facebook kim'] }, 'invalid_channel'],
      ['21 channels', { channels: Array.from({ length: 21 }, (_, i) => `https://x.id/${i}`) }, 'invalid_request'],
      ['a blank name', { name: '   ' }, 'blank_name'],
      ['a name of 201 characters', { name: 'x'.repeat(201) }, 'invalid_request'],
      ['an unknown field', { evil: true }, 'invalid_request'],
      ['an unknown officer', { officers: { pembina: 'X' } }, 'invalid_request'],
    ])('%s', async (_name, change, code) => {
      const r = await call(admin, 'POST', '/api/kim/groups', { ...SINGKAMA, ...change })
      expect(errorOf(r)).toEqual({ status: 400, code })
      // Our own codes carry Indonesian / English messages (schema errors come from the validator).
      if (code !== 'invalid_request') expect(r.json().error.message).toMatch(/. \/ ./)
      const { n } = await t.app.db.selectFrom('kim_groups').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
      expect(Number(n)).toBe(0)
    })

    it('refuses bad input on PATCH and leaves the group as it was', async () => {
      const before = await createGroup(kutim)
      for (const [patch, code] of [
        [{ villageCode: '64.08.12' }, 'unknown_village'],
        [{ formedOn: '2999-12-31' }, 'date_in_future'],
        [{ members: -5 }, 'invalid_request'],
        [{}, 'invalid_request'],
        [{ name: null }, 'invalid_request'],
      ] as const) {
        expect(errorOf(await call(kutim, 'PATCH', '/api/kim/groups/1', patch)), JSON.stringify(patch)).toEqual({ status: 400, code })
      }
      expect(errorOf(await call(kutim, 'PATCH', '/api/kim/groups/99', { members: 1 }))).toEqual({ status: 404, code: 'not_found' })
      expect(errorOf(await call(kutim, 'PATCH', '/api/kim/groups/abc', { members: 1 }))).toEqual({ status: 400, code: 'invalid_request' })
      const { statusHistory, ...after } = (await call(kutim, 'GET', '/api/kim/groups/1')).json()
      expect(after).toEqual(before)
      expect(statusHistory).toHaveLength(1)
    })

    it('stores spreadsheet formulas and SQL verbatim, as text', async () => {
      const hostile = {
        ...SINGKAMA,
        name: '=HYPERLINK("http://x","y")',
        decreeNumber: "'; drop table kim_groups; --",
        officers: { ketua: '+cmd|" /C calc"!A0', sekretaris: '@SUM(1+1)', bendahara: '-2+3' },
        registrationNumber: 'Robert"); DROP TABLE kim_activities;--',
      }
      const created = await createGroup(kutim, hostile)
      expect(created).toMatchObject({ name: hostile.name, decreeNumber: hostile.decreeNumber, officers: hostile.officers, registrationNumber: hostile.registrationNumber })
      const activity = await call(kutim, 'POST', '/api/kim/activities', { ...BIMTEK, title: '=1+1', notes: "'; drop table kim_groups; --" })
      expect(activity.json()).toMatchObject({ title: '=1+1', notes: "'; drop table kim_groups; --" })
      expect((await call(viewer, 'GET', `/api/kim/groups?q=${encodeURIComponent('=HYPERLINK')}`)).json()).toMatchObject({ total: 1 })
      expect((await call(viewer, 'GET', '/api/kim/activities')).json()).toMatchObject({ total: 1 })
    })
  })

  describe('activities', () => {
    beforeEach(async () => {
      await createGroup(kutim)
    })

    it('answers a retry with the same Idempotency-Key with the first result and stores one activity', async () => {
      const key = { 'idempotency-key': 'c0ffee-2026-03-10-bimtek' }
      const first = await call(kutim, 'POST', '/api/kim/activities', BIMTEK, key)
      expect(first.statusCode).toBe(201)
      now = new Date('2026-03-10T02:00:05Z')
      const retries = await Promise.all([1, 2, 3].map(() => call(kutim, 'POST', '/api/kim/activities', BIMTEK, key)))
      for (const retry of retries) {
        expect(retry.statusCode).toBe(201)
        expect(retry.json()).toEqual(first.json())
        expect(retry.headers['idempotent-replayed']).toBe('true')
      }
      // The same key for a different activity is an error, not a silent replay.
      expect(errorOf(await call(kutim, 'POST', '/api/kim/activities', { ...BIMTEK, participants: 26 }, key))).toEqual({
        status: 422,
        code: 'idempotency_key_reused',
      })
      // Without a key, or with another, a second activity is recorded.
      const second = await call(kutim, 'POST', '/api/kim/activities', BIMTEK, { 'idempotency-key': 'other' })
      expect(second.statusCode).toBe(201)
      const stored = await t.app.db.selectFrom('kim_activities').select(['id', 'idempotency_key']).orderBy('id').execute()
      // (Refused inserts still draw ids from the sequence, so the second id is not 2.)
      expect(stored).toEqual([
        { id: 1, idempotency_key: 'c0ffee-2026-03-10-bimtek' },
        { id: second.json().id, idempotency_key: 'other' },
      ])
      const audited = await t.app.db.selectFrom('audit_log').select('entity_id').where('entity', '=', 'kim_activity').orderBy('id').execute()
      expect(audited).toEqual([{ entity_id: '1' }, { entity_id: String(second.json().id) }])
      expect(errorOf(await call(kutim, 'POST', '/api/kim/activities', BIMTEK, { 'idempotency-key': 'bad key with spaces' }))).toEqual({
        status: 400,
        code: 'invalid_request',
      })
    })

    it.each([
      ['a date in the future', { date: '2026-03-11' }, 'date_in_future'],
      ['a date far in the future', { date: '9999-12-31' }, 'date_in_future'],
      ['a date before 2000', { date: '1998-05-01' }, 'date_too_early'],
      ['negative participants', { participants: -3 }, 'invalid_request'],
      ['absurd participants', { participants: 100_001 }, 'invalid_request'],
      ['fractional participants', { participants: 2.5 }, 'invalid_request'],
      ['participants as a formula', { participants: '=1+1' }, 'invalid_request'],
      ['an unknown type', { type: 'pesta' }, 'invalid_request'],
      ['an unknown group', { groupId: 999 }, 'unknown_group'],
      ['an article URL that is not http(s)', { articleUrl: 'javascript:alert(1)' }, 'invalid_url'],
      ['a blank title', { title: ' ' }, 'blank_title'],
      ['notes of 5001 characters', { notes: 'x'.repeat(5001) }, 'invalid_request'],
    ])('refuses %s', async (_name, change, code) => {
      expect(errorOf(await call(kutim, 'POST', '/api/kim/activities', { ...BIMTEK, ...change }))).toEqual({ status: 400, code })
      expect(await t.app.db.selectFrom('kim_activities').selectAll().execute()).toEqual([])
    })

    it('accepts today (WITA) even while it is still yesterday in UTC', async () => {
      now = new Date('2026-03-10T17:30:00Z') // 01:30 WITA on 11 March
      expect((await call(kutim, 'POST', '/api/kim/activities', { ...BIMTEK, date: '2026-03-11' })).statusCode).toBe(201)
      expect(errorOf(await call(kutim, 'POST', '/api/kim/activities', { ...BIMTEK, date: '2026-03-12' }))).toEqual({ status: 400, code: 'date_in_future' })
    })

    it('patches, filters and deletes activities', async () => {
      await createGroup(kutim, { name: 'KIM Sangkima', villageCode: SANGKIMA })
      await call(kutim, 'POST', '/api/kim/activities', BIMTEK)
      await call(kutim, 'POST', '/api/kim/activities', { ...BIMTEK, groupId: 2, type: 'sosialisasi', title: 'Sosialisasi UU KIP', date: '2025-11-02' })
      const patched = await call(kutim, 'PATCH', '/api/kim/activities/1', { participants: 30, notes: null })
      expect(patched.statusCode).toBe(200)
      expect(patched.json()).toEqual({ id: 1, ...BIMTEK, participants: 30, notes: null, groupName: 'KIM Teluk Singkama', regionCode: '64.08', createdAt: AT })
      const titles = async (query: string) =>
        ((await call(viewer, 'GET', `/api/kim/activities${query}`)).json() as { items: { title: string }[] }).items.map((a) => a.title)
      expect(await titles('')).toEqual(['Sosialisasi UU KIP', 'Bimtek Dunia Digital'])
      expect(await titles('?group=1')).toEqual(['Bimtek Dunia Digital'])
      expect(await titles('?type=sosialisasi')).toEqual(['Sosialisasi UU KIP'])
      expect(await titles('?from=2025-01-01&to=2025-12-31')).toEqual(['Sosialisasi UU KIP'])
      expect(await titles('?region=64.03')).toEqual([])
      expect(errorOf(await call(kutim, 'PATCH', '/api/kim/activities/1', { date: '2027-01-01' }))).toEqual({ status: 400, code: 'date_in_future' })
      expect(errorOf(await call(kutim, 'PATCH', '/api/kim/activities/1', { participants: -1 }))).toEqual({ status: 400, code: 'invalid_request' })
      // Moving an activity to a Berau group needs Berau rights too.
      const berau = await berauGroup()
      expect(errorOf(await call(kutim, 'PATCH', '/api/kim/activities/1', { groupId: berau.id }))).toEqual({ status: 403, code: 'forbidden_region' })
      expect((await call(kutim, 'DELETE', '/api/kim/activities/1')).statusCode).toBe(204)
      expect(await titles('')).toEqual(['Sosialisasi UU KIP'])
      expect(errorOf(await call(kutim, 'GET', '/api/kim/activities/1'))).toEqual({ status: 404, code: 'not_found' })
    })
  })

  describe('facts for the dashboard', () => {
    it('counts groups per regency and status, village coverage, dormant groups and activities per type and month', async () => {
      // The three Kutim KIM of 2020, one dormant without budget; one Berau KIM.
      await createGroup(kutim)
      await createGroup(kutim, { name: 'KIM Sangkima', villageCode: SANGKIMA, statusSince: '2020-05-01' })
      await createGroup(kutim, { name: 'KIM Singa Geweh', villageCode: '64.08.12.1002', status: 'vakum', statusSince: '2022-04-01', budget: 'tidak' })
      await createGroup(admin, { name: 'KIM Merabu', villageCode: MERABU, status: 'aktif', statusSince: '2026-02-01' })
      const activity = (groupId: number, type: string, date: string, participants: number) =>
        call(admin, 'POST', '/api/kim/activities', { groupId, type, title: `${type} ${date}`, date, participants })
      await activity(1, 'bimtek', '2026-02-14', 25)
      await activity(1, 'sosialisasi', '2026-03-01', 40)
      await activity(2, 'bimtek', '2025-10-20', 12) // older than 90 days: Sangkima is a dormant candidate
      await activity(4, 'rapat_koordinasi', '2026-03-09', 8)
      await activity(2, 'lomba', '2024-01-10', 5) // outside the default period

      const r = await call(viewer, 'GET', '/api/kim/facts')
      expect(r.statusCode, r.body).toBe(200)
      const facts = r.json()
      expect(facts.from).toBe('2025-04-01')
      expect(facts.to).toBe('2026-03-10')
      const kutimFacts = facts.regencies.find((x: { regionCode: string }) => x.regionCode === '64.08')
      const villagesKutim = await villageCount('64.08')
      expect(kutimFacts).toEqual({
        regionCode: '64.08',
        regionName: 'Kabupaten Kutai Timur',
        aktif: 2,
        vakum: 1,
        bubar: 0,
        villages: villagesKutim,
        villagesWithActiveKim: 2,
        coverage: Math.round((2 / villagesKutim) * 10000) / 10000,
      })
      expect(facts.regencies).toHaveLength(10)
      expect(facts.regencies.find((x: { regionCode: string }) => x.regionCode === '64.72')).toMatchObject({ aktif: 0, vakum: 0, bubar: 0, coverage: 0 })
      expect(facts.dormantDays).toBe(90)
      // Merabu is active since less than 90 days; Teluk Singkama had activity this month.
      expect(facts.dormantCandidates).toEqual([
        {
          id: 2,
          name: 'KIM Sangkima',
          regionCode: '64.08',
          regionName: 'Kabupaten Kutai Timur',
          villageName: 'Sangkima',
          statusSince: '2020-05-01',
          lastActivityDate: '2025-10-20',
        },
      ])
      expect(facts.byType).toEqual([
        { type: 'bimtek', activities: 2, participants: 37 },
        { type: 'rapat_koordinasi', activities: 1, participants: 8 },
        { type: 'sosialisasi', activities: 1, participants: 40 },
      ])
      expect(facts.byMonth).toEqual([
        { month: '2025-10', activities: 1, participants: 12 },
        { month: '2026-02', activities: 1, participants: 25 },
        { month: '2026-03', activities: 2, participants: 48 },
      ])

      const berau = (await call(viewer, 'GET', '/api/kim/facts?region=64.03&from=2026-03-01&to=2026-03-31')).json()
      expect(berau.regencies).toEqual([expect.objectContaining({ regionCode: '64.03', aktif: 1, villagesWithActiveKim: 1 })])
      expect(berau.dormantCandidates).toEqual([])
      expect(berau.byType).toEqual([{ type: 'rapat_koordinasi', activities: 1, participants: 8 }])
      expect(errorOf(await call(viewer, 'GET', '/api/kim/facts?from=2026-03-10&to=2026-03-01'))).toEqual({ status: 400, code: 'invalid_range' })
      expect(errorOf(await call(viewer, 'GET', '/api/kim/facts?from=2026-02-30'))).toEqual({ status: 400, code: 'invalid_date' })
    })
  })

  /** Villages (desa + kelurahan) of a regency, counted straight from the regions table. */
  async function villageCount(regency: string): Promise<number> {
    const rows = await t.app.db.selectFrom('regions').select('code').where('level', '=', 'desa').where('code', 'like', `${regency}.%`).execute()
    return rows.length
  }
})
