import { describe, expect, it } from 'vitest'
import { ACTIVITY_HEADER, AT, BOM, GROUP_HEADER, kimImportApp } from './helpers/kim-import.ts'
import { testDatabase } from './helpers/test-app.ts'

// KIM CSV import: groups and activities from real spreadsheets, templates, in the background, at
// 50,000 rows (what it refuses: kim-import-refusals.test.ts).

describe(`KIM CSV import on ${testDatabase}`, () => {
  const t = kimImportApp()
  const { admin, kutim, otherAdmin, upload, count, errorOf, seedGroups } = t

  it('imports groups from an Excel CSV: BOM, semicolons, CRLF, quoted cells, Indonesian dates', async () => {
    const csv =
      BOM +
      [
        GROUP_HEADER.replaceAll(',', ';'),
        'KIM Teluk Singkama;64.08.12.2004;141/05/KPTS/2020;02/03/2020;2020-03-02;Aktif;2020-03-02;tidak;15;"Rahmat; S.Sos";' +
          'Sari;Dewi;https://facebook.com/kimts | https://instagram.com/kimts;KIM-6408-0001',
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
    expect(audit).toEqual([
      { actor_name: 'Operator Kutim', action: 'import', entity: 'kim_group', entity_id: null, after: { kind: 'groups', imported: 2 } },
    ])
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
    const comma = await t.app.inject({
      method: 'GET',
      url: '/api/kim/import/template?kind=activities&delimiter=comma',
      headers: kutim.headers,
    })
    expect(comma.body).toBe(
      `${BOM}${ACTIVITY_HEADER}\n1,bimtek,Bimtek Dunia Digital,2022-04-20,25,3,https://diskominfo.kaltimprov.go.id/berita/contoh,\n`,
    )
    expect((await t.app.inject({ method: 'GET', url: '/api/kim/groups/1', headers: kutim.headers })).json()).toMatchObject({
      name: 'KIM Teluk Singkama',
      lastActivityDate: '2022-04-20',
    })
  })

  it('imports in the background with ?async=1 and reports progress to its owner only', async () => {
    await seedGroups()
    const rows = Array.from(
      { length: 12_000 },
      (_, i) => `${(i % 2) + 1},sosialisasi,Sosialisasi ${i},2025-0${(i % 9) + 1}-15,${i % 50},0,,`,
    )
    const r = await upload(kutim, 'activities', [ACTIVITY_HEADER, ...rows].join('\n'), 'text/csv', '&async=1')
    expect(r.statusCode, r.body).toBe(202)
    const { jobId, total } = r.json()
    expect(total).toBe(12_000)
    expect(errorOf(await t.app.inject({ method: 'GET', url: `/api/kim/import/${jobId}`, headers: otherAdmin.headers }))).toEqual({
      status: 404,
      code: 'not_found',
    })
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
    expect(
      errorOf(await upload(kutim, 'activities', `${ACTIVITY_HEADER}\n3,monev,Berau,2022-01-01,1,1,,`, 'text/csv', '&async=1')),
    ).toEqual({
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
        `${(i % 3) + 1},${types[i % types.length]},"Kegiatan ${i}, desa",2025-${String((i % 12) + 1).padStart(2, '0')}-` +
        `${String((i % 28) + 1).padStart(2, '0')},${i % 300},${i % 7},https://diskominfo.kaltimprov.go.id/berita/${i},catatan ${i}`,
    )
    const csv = [ACTIVITY_HEADER, ...rows].join('\n')
    const started = performance.now()
    const r = await upload(admin, 'activities', csv)
    const seconds = (performance.now() - started) / 1000
    expect(r.statusCode, r.body.slice(0, 500)).toBe(201)
    expect(r.json()).toEqual({ imported: 50_000 })
    console.info(
      `[measure] 50,000 activity rows (${(csv.length / 1e6).toFixed(1)} MB) imported on ${testDatabase} in ${seconds.toFixed(2)} s`,
    )
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
