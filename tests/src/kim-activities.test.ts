import { beforeEach, describe, expect, it } from 'vitest'
import { AT, BIMTEK, kimRegistryApp, MERABU, SANGKIMA } from './helpers/kim-registry.ts'
import { testDatabase } from './helpers/test-app.ts'

// KIM activities and the facts the dashboard shows (groups: kim-groups.test.ts).

describe(`KIM registry on ${testDatabase}`, () => {
  const t = kimRegistryApp()
  const { admin, kutim, viewer, call, errorOf, createGroup, berauGroup } = t

  describe('activities', () => {
    beforeEach(async () => {
      await createGroup(kutim)
    })

    it('answers a retry with the same Idempotency-Key with the first result and stores one activity', async () => {
      const key = { 'idempotency-key': 'c0ffee-2026-03-10-bimtek' }
      const first = await call(kutim, 'POST', '/api/kim/activities', BIMTEK, key)
      expect(first.statusCode).toBe(201)
      t.now = new Date('2026-03-10T02:00:05Z')
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
      const audited = await t.app.db
        .selectFrom('audit_log')
        .select('entity_id')
        .where('entity', '=', 'kim_activity')
        .orderBy('id')
        .execute()
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
      t.now = new Date('2026-03-10T17:30:00Z') // 01:30 WITA on 11 March
      expect((await call(kutim, 'POST', '/api/kim/activities', { ...BIMTEK, date: '2026-03-11' })).statusCode).toBe(201)
      expect(errorOf(await call(kutim, 'POST', '/api/kim/activities', { ...BIMTEK, date: '2026-03-12' }))).toEqual({
        status: 400,
        code: 'date_in_future',
      })
    })

    it('patches, filters and deletes activities', async () => {
      await createGroup(kutim, { name: 'KIM Sangkima', villageCode: SANGKIMA })
      await call(kutim, 'POST', '/api/kim/activities', BIMTEK)
      await call(kutim, 'POST', '/api/kim/activities', {
        ...BIMTEK,
        groupId: 2,
        type: 'sosialisasi',
        title: 'Sosialisasi UU KIP',
        date: '2025-11-02',
      })
      const patched = await call(kutim, 'PATCH', '/api/kim/activities/1', { participants: 30, notes: null })
      expect(patched.statusCode).toBe(200)
      expect(patched.json()).toEqual({
        id: 1,
        ...BIMTEK,
        participants: 30,
        notes: null,
        groupName: 'KIM Teluk Singkama',
        regionCode: '64.08',
        createdAt: AT,
      })
      const titles = async (query: string) =>
        ((await call(viewer, 'GET', `/api/kim/activities${query}`)).json() as { items: { title: string }[] }).items.map((a) => a.title)
      expect(await titles('')).toEqual(['Sosialisasi UU KIP', 'Bimtek Dunia Digital'])
      expect(await titles('?group=1')).toEqual(['Bimtek Dunia Digital'])
      expect(await titles('?type=sosialisasi')).toEqual(['Sosialisasi UU KIP'])
      expect(await titles('?from=2025-01-01&to=2025-12-31')).toEqual(['Sosialisasi UU KIP'])
      expect(await titles('?region=64.03')).toEqual([])
      expect(errorOf(await call(kutim, 'PATCH', '/api/kim/activities/1', { date: '2027-01-01' }))).toEqual({
        status: 400,
        code: 'date_in_future',
      })
      expect(errorOf(await call(kutim, 'PATCH', '/api/kim/activities/1', { participants: -1 }))).toEqual({
        status: 400,
        code: 'invalid_request',
      })
      // Moving an activity to a Berau group needs Berau rights too.
      const berau = await berauGroup()
      expect(errorOf(await call(kutim, 'PATCH', '/api/kim/activities/1', { groupId: berau.id }))).toEqual({
        status: 403,
        code: 'forbidden_region',
      })
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
      await createGroup(kutim, {
        name: 'KIM Singa Geweh',
        villageCode: '64.08.12.1002',
        status: 'vakum',
        statusSince: '2022-04-01',
        budget: 'tidak',
      })
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
        // Three villages with a KIM (one of them vakum), two with an active one: percent, one decimal.
        villagesWithKim: 3,
        villagesWithActiveKim: 2,
        coverage: Math.round((3 / villagesKutim) * 1000) / 10,
        active_coverage: Math.round((2 / villagesKutim) * 1000) / 10,
      })
      expect(facts.regencies).toHaveLength(10)
      expect(facts.regencies.find((x: { regionCode: string }) => x.regionCode === '64.72')).toMatchObject({
        aktif: 0,
        vakum: 0,
        bubar: 0,
        coverage: 0,
      })
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
      expect(errorOf(await call(viewer, 'GET', '/api/kim/facts?from=2026-03-10&to=2026-03-01'))).toEqual({
        status: 400,
        code: 'invalid_range',
      })
      expect(errorOf(await call(viewer, 'GET', '/api/kim/facts?from=2026-02-30'))).toEqual({ status: 400, code: 'invalid_date' })
    })
  })

  /** Villages (desa + kelurahan) of a regency, counted straight from the regions table. */
  async function villageCount(regency: string): Promise<number> {
    const rows = await t.app.db
      .selectFrom('regions')
      .select('code')
      .where('level', '=', 'desa')
      .where('code', 'like', `${regency}.%`)
      .execute()
    return rows.length
  }
})
