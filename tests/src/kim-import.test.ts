import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApiToken } from './helpers/auth.ts'
import { createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

// 10:00 WITA on 10 March 2026: "today" for the date rules.
const NOW = new Date('2026-03-10T02:00:00Z')
const AT = NOW.toISOString()
const TEN_MB = 10 * 1024 * 1024
const BOM = '\uFEFF'

const GROUP_HEADER = 'name,villageCode,decreeNumber,decreeDate,formedOn,status,statusSince,budget,members,ketua,sekretaris,bendahara,channels,registrationNumber'
const ACTIVITY_HEADER = 'groupId,type,title,date,participants,contentItems,articleUrl,notes'

type Caller = { headers: Record<string, string> }

describe(`KIM CSV import on ${testDatabase}`, () => {
  let t: TestApp
  let admin: Caller
  let kutim: Caller
  let otherAdmin: Caller

  beforeAll(async () => {
    t = await createTestApp({ clock: () => NOW })
    admin = await createApiToken(t.app, { role: 'admin', name: 'Admin Diskominfo' })
    otherAdmin = await createApiToken(t.app, { role: 'admin', name: 'Admin Lain' })
    kutim = await createApiToken(t.app, { role: 'operator', regions: ['64.08'], name: 'Operator Kutim' })
  })
  afterAll(async () => t?.close())
  beforeEach(async () => {
    await sql`truncate kim_groups, kim_status_changes, kim_activities, audit_log restart identity cascade`.execute(t.app.db)
  })

  const upload = (who: Caller, kind: string, body: string | Buffer, contentType = 'text/csv; charset=utf-8', extra = '') =>
    t.app.inject({ method: 'POST', url: `/api/kim/import?kind=${kind}${extra}`, headers: { ...who.headers, 'content-type': contentType }, payload: body })
  const count = async (table: 'kim_groups' | 'kim_activities' | 'kim_status_changes') => {
    const { n } = await t.app.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
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

  it('imports groups from an Excel CSV: BOM, semicolons, CRLF, quoted cells, Indonesian dates', async () => {
    const csv =
      BOM +
      [
        GROUP_HEADER.replaceAll(',', ';'),
        'KIM Teluk Singkama;64.08.12.2004;141/05/KPTS/2020;02/03/2020;2020-03-02;Aktif;2020-03-02;tidak;15;"Rahmat; S.Sos";Sari;Dewi;https://facebook.com/kimts | https://instagram.com/kimts;KIM-6408-0001',
        'KIM Singa Geweh;64.08.12.1002;;;;vakum;2022-04-01;Belum Diketahui;;;;;;',
        ';;;;;;;;;;;;;', // the empty line Excel leaves at the end
      ].join('\r\n')
    const r = await upload(kutim, 'groups', csv)
    expect(r.statusCode, r.body).toBe(201)
    expect(r.json()).toEqual({ imported: 2 })

    const list = (await t.app.inject({ method: 'GET', url: '/api/kim/groups?region=64.08', headers: kutim.headers })).json()
    expect(list).toEqual({
      total: 2,
      items: [
        {
          id: 2,
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
          status: 'vakum',
          statusSince: '2022-04-01',
          budget: 'belum diketahui',
          members: 0,
          officers: { ketua: null, sekretaris: null, bendahara: null },
          channels: [],
          registrationNumber: null,
          lastActivityDate: null,
          createdAt: AT,
          updatedAt: AT,
        },
        {
          id: 1,
          name: 'KIM Teluk Singkama',
          villageCode: '64.08.12.2004',
          villageName: 'Teluk Singkama',
          districtCode: '64.08.12',
          districtName: 'Sangatta Selatan',
          regionCode: '64.08',
          regionName: 'Kabupaten Kutai Timur',
          decreeNumber: '141/05/KPTS/2020',
          decreeDate: '2020-03-02',
          formedOn: '2020-03-02',
          status: 'aktif',
          statusSince: '2020-03-02',
          budget: 'tidak',
          members: 15,
          officers: { ketua: 'Rahmat; S.Sos', sekretaris: 'Sari', bendahara: 'Dewi' },
          channels: ['https://facebook.com/kimts', 'https://instagram.com/kimts'],
          registrationNumber: 'KIM-6408-0001',
          lastActivityDate: null,
          createdAt: AT,
          updatedAt: AT,
        },
      ],
    })
    // Each group starts its status history; the import is one audit entry.
    const history = await t.app.db.selectFrom('kim_status_changes').select(['group_id', 'status']).orderBy('group_id').execute()
    expect(history).toEqual([
      { group_id: 1, status: 'aktif' },
      { group_id: 2, status: 'vakum' },
    ])
    const audit = await t.app.db.selectFrom('audit_log').select(['actor_name', 'action', 'entity', 'entity_id', 'after']).execute()
    expect(audit).toEqual([{ actor_name: 'Operator Kutim', action: 'import', entity: 'kim_group', entity_id: null, after: { kind: 'groups', imported: 2 } }])
  })

  it('imports activities with multi-line notes, and keeps formulas and SQL verbatim', async () => {
    await seedGroups()
    const csv = [
      `${ACTIVITY_HEADER}\n`,
      '1,Bimtek,Bimtek Dunia Digital,2022-04-20,25,3,https://diskominfo.kaltimprov.go.id/berita/kim,"baris satu\nbaris ""dua"""\n',
      `2,produksi konten,"=HYPERLINK(""http://x"",""y"")",20/04/2022,0,12,,'; drop table kim_groups; --\n`,
    ].join('')
    const r = await upload(kutim, 'activities', csv)
    expect(r.statusCode, r.body).toBe(201)
    expect(r.json()).toEqual({ imported: 2 })
    const list = (await t.app.inject({ method: 'GET', url: '/api/kim/activities', headers: kutim.headers })).json()
    // Newest first; same day: the later id first.
    expect(list.items).toEqual([
      {
        id: 2,
        groupId: 2,
        groupName: 'KIM Sangkima',
        regionCode: '64.08',
        type: 'produksi_konten',
        title: '=HYPERLINK("http://x","y")',
        date: '2022-04-20',
        participants: 0,
        contentItems: 12,
        articleUrl: null,
        notes: "'; drop table kim_groups; --",
        createdAt: AT,
      },
      {
        id: 1,
        groupId: 1,
        groupName: 'KIM Teluk Singkama',
        regionCode: '64.08',
        type: 'bimtek',
        title: 'Bimtek Dunia Digital',
        date: '2022-04-20',
        participants: 25,
        contentItems: 3,
        articleUrl: 'https://diskominfo.kaltimprov.go.id/berita/kim',
        notes: 'baris satu\nbaris "dua"',
        createdAt: AT,
      },
    ])
    expect(await count('kim_groups')).toBe(3)
  })

  it('lists every bad row with line, column and reason, and imports nothing', async () => {
    await seedGroups()
    const csv = [
      ACTIVITY_HEADER, // line 1
      '1,bimtek,Bimtek Dunia Digital,2022-04-20,25,3,,"catatan', // lines 2-3: one row, a quoted line break
      'kedua"',
      '1,pesta,Pesta,2022-04-21,5,0,,', // line 4: unknown type
      '1,sosialisasi,Y,2999-01-01,-5,0,javascript:alert(1),', // line 5: three problems
      '999,monev,Z,2022-01-01,1,1,,', // line 6: no such group
      '3,monev,Berau,2022-01-01,1,1,,', // line 7: Berau, not Kutim's
      '1,monev,,31/02/2022,1e3,,,', // line 8: no title, no such day, not a whole number
      '1,monev,Pendek', // line 9: too few columns
      '64.08.12.2004,lomba,KIM Fest,2022-08-01,100000000,0,,', // line 10: a village code as group id, absurd count
    ].join('\n')
    const r = await upload(kutim, 'activities', csv)
    expect(r.statusCode).toBe(400)
    const { error } = r.json()
    expect(error.code).toBe('invalid_rows')
    expect(error.message).toMatch(/^\d+ masalah .* \/ \d+ problems/)
    expect(error.details.map((d: { line: number; column: string | null }) => [d.line, d.column])).toEqual([
      [4, 'type'],
      [5, 'participants'],
      [5, 'date'],
      [5, 'articleUrl'],
      [6, 'groupId'],
      [7, 'groupId'],
      [8, 'title'],
      [8, 'participants'],
      [8, 'date'],
      [9, null],
      [10, 'groupId'],
      [10, 'participants'],
    ])
    expect(error.details[0]).toEqual({
      line: 4,
      column: 'type',
      reason: '"pesta" tidak dikenal; pilih: sosialisasi, bimtek, pelatihan, produksi_konten, rapat_koordinasi, pembinaan, monev, lomba, lainnya',
      reasonEn: '"pesta" is unknown; use one of: sosialisasi, bimtek, pelatihan, produksi_konten, rapat_koordinasi, pembinaan, monev, lomba, lainnya',
    })
    expect(error.details[2]).toEqual({ line: 5, column: 'date', reason: 'date setelah hari ini (2026-03-10 WITA)', reasonEn: 'date is after today (2026-03-10 WITA)' })
    expect(error.details[5]).toEqual({
      line: 7,
      column: 'groupId',
      reason: 'Anda tidak berwenang mengubah data wilayah 64.03',
      reasonEn: 'you may not change data of region 64.03',
    })
    expect(error.details[9]).toEqual({ line: 9, column: null, reason: 'baris berisi 3 kolom, header 8', reasonEn: 'the row has 3 columns, the header 8' })
    // All or nothing: the good first row was not imported either.
    expect(await count('kim_activities')).toBe(0)
    // The admin may import the Berau row.
    expect((await upload(admin, 'activities', `${ACTIVITY_HEADER}\n3,monev,Berau,2022-01-01,1,1,,`)).json()).toEqual({ imported: 1 })
  })

  it('refuses group rows with unknown or non-village codes, future dates and other regencies', async () => {
    const csv = [
      GROUP_HEADER,
      'A,64.08.12,,,,,,,,,,,,', // a district code
      'B,6408,,,,,,,,,,,,', // a BPS code
      'C,64.08.12.2004,,2999-01-01,,,,,,,,,,', // SK far in the future
      'D,64.03.01.2001,,,,,,,,,,,,', // Berau
      'E,64.08.12.2004,,,,hidup,,mungkin,-1,,,,ftp://x.id,', // bad status, budget, members, channel
      ',64.08.12.2004,,,,,,,,,,,,', // no name
    ].join('\n')
    const r = await upload(kutim, 'groups', csv)
    expect(errorOf(r)).toEqual({ status: 400, code: 'invalid_rows' })
    expect(r.json().error.details.map((d: { line: number; column: string | null }) => [d.line, d.column])).toEqual([
      [2, 'villageCode'],
      [3, 'villageCode'],
      [4, 'decreeDate'],
      [5, 'villageCode'],
      [6, 'status'],
      [6, 'budget'],
      [6, 'members'],
      [6, 'channels'],
      [7, 'name'],
    ])
    expect(r.json().error.details[0]).toEqual({
      line: 2,
      column: 'villageCode',
      reason: '64.08.12 bukan kode desa/kelurahan Kemendagri di Kalimantan Timur',
      reasonEn: '64.08.12 is not a Kemendagri village (desa/kelurahan) code in East Kalimantan',
    })
    expect(await count('kim_groups')).toBe(0)
  })

  it('checks the header: unknown, duplicate and missing columns', async () => {
    const r = await upload(admin, 'groups', 'nama,villageCode,villageCode,status\nX,64.08.12.2004,64.08.12.2004,aktif')
    expect(errorOf(r)).toEqual({ status: 400, code: 'invalid_rows' })
    expect(r.json().error.details.map((d: { line: number; column: string | null }) => [d.line, d.column])).toEqual([
      [1, 'nama'],
      [1, 'villageCode'],
      [1, 'name'],
    ])
    // Header names are matched without regard to case and surrounding spaces.
    expect((await upload(admin, 'groups', ' NAME , villagecode\nKIM X,64.08.12.2004')).json()).toEqual({ imported: 1 })
  })

  it.each([
    ['an empty body', '', 'empty_csv'],
    ['only a header', `${ACTIVITY_HEADER}\n`, 'empty_csv'],
    ['an unclosed quote', `${ACTIVITY_HEADER}\n1,bimtek,"Bimtek,2022-04-20,1,0,,\n`, 'invalid_csv'],
  ])('refuses %s with 400', async (_name, body, code) => {
    expect(errorOf(await upload(admin, 'activities', body))).toEqual({ status: 400, code })
  })

  it('refuses files that are not UTF-8, not CSV, or of an unknown kind', async () => {
    // "Désa" saved by Excel as Windows-1252: é is the single byte 0xE9.
    const latin1 = Buffer.concat([Buffer.from('name,villageCode\nKIM D'), Buffer.from([0xe9]), Buffer.from('sa,64.08.12.2004\n')])
    expect(errorOf(await upload(admin, 'groups', latin1))).toEqual({ status: 400, code: 'invalid_encoding' })
    expect(errorOf(await upload(admin, 'groups', JSON.stringify({ name: 'x' }), 'application/json'))).toEqual({ status: 415, code: 'unsupported_media_type' })
    expect(errorOf(await upload(admin, 'users', 'name\nx'))).toEqual({ status: 400, code: 'invalid_request' })
    expect(await count('kim_groups')).toBe(0)
  })

  it('takes up to 10 MB and answers 413 above', async () => {
    await seedGroups()
    // Just under the limit: one row whose notes are far too long → a row error, nothing stored.
    const prefix = `${ACTIVITY_HEADER}\n1,bimtek,Besar,2022-04-20,1,0,,"`
    const almost = prefix + 'x'.repeat(TEN_MB - prefix.length - 1) + '"'
    expect(Buffer.byteLength(almost)).toBe(TEN_MB)
    const r = await upload(admin, 'activities', almost)
    expect(errorOf(r)).toEqual({ status: 400, code: 'invalid_rows' })
    expect(r.json().error.details).toEqual([{ line: 2, column: 'notes', reason: 'lebih dari 5000 karakter', reasonEn: 'longer than 5000 characters' }])
    const tooBig = await upload(admin, 'activities', `${almost}x`)
    expect(errorOf(tooBig)).toEqual({ status: 413, code: 'body_too_large' })
    expect(await count('kim_activities')).toBe(0)
  })

  it('serves templates that import as they are', async () => {
    for (const kind of ['groups', 'activities']) {
      const r = await t.app.inject({ method: 'GET', url: `/api/kim/import/template?kind=${kind}`, headers: kutim.headers })
      expect(r.statusCode).toBe(200)
      expect(r.headers['content-type']).toBe('text/csv; charset=utf-8')
      expect(r.headers['content-disposition']).toBe(`attachment; filename="kim-${kind}-template.csv"`)
      expect(r.body.startsWith(`${BOM}${(kind === 'groups' ? GROUP_HEADER : ACTIVITY_HEADER).replaceAll(',', ';')}\n`)).toBe(true)
      // The example row (KIM Teluk Singkama, then its Bimtek as group 1) imports unchanged.
      expect((await upload(kutim, kind, r.body)).json()).toEqual({ imported: 1 })
    }
    const comma = await t.app.inject({ method: 'GET', url: '/api/kim/import/template?kind=activities&delimiter=comma', headers: kutim.headers })
    expect(comma.body).toBe(`${BOM}${ACTIVITY_HEADER}\n1,bimtek,Bimtek Dunia Digital,2022-04-20,25,3,https://diskominfo.kaltimprov.go.id/berita/contoh,\n`)
    expect((await t.app.inject({ method: 'GET', url: '/api/kim/groups/1', headers: kutim.headers })).json()).toMatchObject({
      name: 'KIM Teluk Singkama',
      lastActivityDate: '2022-04-20',
    })
  })

  it('imports in the background with ?async=1 and reports progress to its owner only', async () => {
    await seedGroups()
    const rows = Array.from({ length: 12_000 }, (_, i) => `${(i % 2) + 1},sosialisasi,Sosialisasi ${i},2025-0${(i % 9) + 1}-15,${i % 50},0,,`)
    const r = await upload(kutim, 'activities', [ACTIVITY_HEADER, ...rows].join('\n'), 'text/csv', '&async=1')
    expect(r.statusCode, r.body).toBe(202)
    const { jobId, total } = r.json()
    expect(total).toBe(12_000)
    expect(errorOf(await t.app.inject({ method: 'GET', url: `/api/kim/import/${jobId}`, headers: otherAdmin.headers }))).toEqual({ status: 404, code: 'not_found' })
    let job: { status: string; processed: number }
    const seen = new Set<number>()
    for (;;) {
      job = (await t.app.inject({ method: 'GET', url: `/api/kim/import/${jobId}`, headers: kutim.headers })).json()
      seen.add(job.processed)
      if (job.status !== 'running') break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(job).toEqual({ jobId, kind: 'activities', status: 'done', total: 12_000, processed: 12_000, imported: 12_000, error: null })
    expect([...seen].every((n) => n % 5000 === 0 || n === 12_000)).toBe(true)
    expect(await count('kim_activities')).toBe(12_000)
    // Invalid files are refused before any job starts.
    expect(errorOf(await upload(kutim, 'activities', `${ACTIVITY_HEADER}\n3,monev,Berau,2022-01-01,1,1,,`, 'text/csv', '&async=1'))).toEqual({
      status: 400,
      code: 'invalid_rows',
    })
  })

  it('imports 50,000 activity rows in one go', async () => {
    await seedGroups()
    const types = ['sosialisasi', 'bimtek', 'pelatihan', 'produksi_konten', 'rapat_koordinasi', 'pembinaan', 'monev', 'lomba', 'lainnya']
    const rows = Array.from(
      { length: 50_000 },
      (_, i) =>
        `${(i % 3) + 1},${types[i % types.length]},"Kegiatan ${i}, desa",2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')},${i % 300},${i % 7},https://diskominfo.kaltimprov.go.id/berita/${i},catatan ${i}`,
    )
    const csv = [ACTIVITY_HEADER, ...rows].join('\n')
    const started = performance.now()
    const r = await upload(admin, 'activities', csv)
    const seconds = (performance.now() - started) / 1000
    expect(r.statusCode, r.body.slice(0, 500)).toBe(201)
    expect(r.json()).toEqual({ imported: 50_000 })
    console.info(`[measure] 50,000 activity rows (${(csv.length / 1e6).toFixed(1)} MB) imported on ${testDatabase} in ${seconds.toFixed(2)} s`)
    const sums = await t.app.db
      .selectFrom('kim_activities')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.sum<string>('participants').as('participants')])
      .executeTakeFirstOrThrow()
    expect({ n: Number(sums.n), participants: Number(sums.participants) }).toEqual({
      n: 50_000,
      participants: rows.reduce((sum, _row, i) => sum + (i % 300), 0),
    })
  })
})
