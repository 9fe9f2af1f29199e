import { describe, expect, it } from 'vitest'
import { createApiToken, signIn } from './helpers/auth.ts'
import {
  AT,
  BIMTEK,
  kimRegistryApp,
  MERABU,
  type Method,
  SANGKIMA,
  SINGKAMA,
  SINGKAMA_STORED,
  TELUK_SINGKAMA,
} from './helpers/kim-registry.ts'
import { testDatabase } from './helpers/test-app.ts'

// The KIM registry: groups, their status history, and the input it refuses (activities and facts: kim-activities.test.ts).

describe(`KIM registry on ${testDatabase}`, () => {
  const t = kimRegistryApp()
  const { admin, kutim, viewer, call, errorOf, createGroup, berauGroup } = t

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
    expect(errorOf(await call(kutim, 'POST', '/api/kim/groups', { name: 'KIM Merabu', villageCode: MERABU }))).toEqual({
      status: 403,
      code: 'forbidden_region',
    })
    const berau = await berauGroup()
    expect(berau.regionCode).toBe('64.03')
    expect(errorOf(await call(kutim, 'PATCH', `/api/kim/groups/${berau.id}`, { members: 99 }))).toEqual({
      status: 403,
      code: 'forbidden_region',
    })
    expect(errorOf(await call(kutim, 'DELETE', `/api/kim/groups/${berau.id}`))).toEqual({ status: 403, code: 'forbidden_region' })
    expect(errorOf(await call(kutim, 'POST', '/api/kim/activities', { ...BIMTEK, groupId: berau.id }))).toEqual({
      status: 403,
      code: 'forbidden_region',
    })
    // Nor move its own group into Berau.
    expect(errorOf(await call(kutim, 'PATCH', '/api/kim/groups/1', { villageCode: MERABU }))).toEqual({
      status: 403,
      code: 'forbidden_region',
    })

    // A viewer sees both groups and the activity …
    const list = await call(viewer, 'GET', '/api/kim/groups')
    expect(list.statusCode).toBe(200)
    expect(list.json()).toMatchObject({ total: 2, items: [{ name: 'KIM Merabu' }, { name: 'KIM Teluk Singkama' }] })
    expect((await call(viewer, 'GET', '/api/kim/activities')).json()).toMatchObject({
      total: 1,
      items: [{ title: 'Bimtek Dunia Digital' }],
    })
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
    const importAnswer = await call(viewer, 'POST', '/api/kim/import?kind=groups', 'name,villageCode\nX,64.08.12.2004\n', {
      'content-type': 'text/csv',
    })
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
    expect(errorOf(await call(operatorToken, 'POST', '/api/kim/groups', { name: 'X', villageCode: MERABU }))).toEqual({
      status: 403,
      code: 'forbidden_region',
    })
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
    t.now = new Date('2026-04-01T01:00:00Z')
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
    expect(errorOf(await call(kutim, 'PATCH', '/api/kim/groups/1', { statusSince: '2019-12-31' }))).toEqual({
      status: 400,
      code: 'invalid_status_since',
    })
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
    expect(audit).toEqual([
      { action: 'delete', entity: 'kim_group', before: expect.objectContaining({ name: 'KIM Teluk Singkama', activitiesDeleted: 1 }) },
    ])
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
      const { n } = await t.app.db
        .selectFrom('kim_groups')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
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
      expect(created).toMatchObject({
        name: hostile.name,
        decreeNumber: hostile.decreeNumber,
        officers: hostile.officers,
        registrationNumber: hostile.registrationNumber,
      })
      const activity = await call(kutim, 'POST', '/api/kim/activities', { ...BIMTEK, title: '=1+1', notes: "'; drop table kim_groups; --" })
      expect(activity.json()).toMatchObject({ title: '=1+1', notes: "'; drop table kim_groups; --" })
      expect((await call(viewer, 'GET', `/api/kim/groups?q=${encodeURIComponent('=HYPERLINK')}`)).json()).toMatchObject({ total: 1 })
      expect((await call(viewer, 'GET', '/api/kim/activities')).json()).toMatchObject({ total: 1 })
    })
  })
})
