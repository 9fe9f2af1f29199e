import { describe, expect, it } from 'vitest'
import { ACTIVITY_HEADER, GROUP_HEADER, kimImportApp, TEN_MB } from './helpers/kim-import.ts'
import { testDatabase } from './helpers/test-app.ts'

// What the KIM CSV import refuses, and how it says so (what it imports: kim-import.test.ts).

describe(`KIM CSV import on ${testDatabase}`, () => {
  const t = kimImportApp()
  const { admin, kutim, upload, count, errorOf, seedGroups } = t

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
      reason:
        '"pesta" tidak dikenal; pilih: sosialisasi, bimtek, pelatihan, produksi_konten, rapat_koordinasi, pembinaan, monev, lomba, lainnya',
      reasonEn:
        '"pesta" is unknown; use one of: sosialisasi, bimtek, pelatihan, produksi_konten, ' +
        'rapat_koordinasi, pembinaan, monev, lomba, lainnya',
    })
    expect(error.details[2]).toEqual({
      line: 5,
      column: 'date',
      reason: 'date setelah hari ini (2026-03-10 WITA)',
      reasonEn: 'date is after today (2026-03-10 WITA)',
    })
    expect(error.details[5]).toEqual({
      line: 7,
      column: 'groupId',
      reason: 'Anda tidak berwenang mengubah data wilayah 64.03',
      reasonEn: 'you may not change data of region 64.03',
    })
    expect(error.details[9]).toEqual({
      line: 9,
      column: null,
      reason: 'baris berisi 3 kolom, header 8',
      reasonEn: 'the row has 3 columns, the header 8',
    })
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
    expect(errorOf(await upload(admin, 'groups', JSON.stringify({ name: 'x' }), 'application/json'))).toEqual({
      status: 415,
      code: 'unsupported_media_type',
    })
    expect(errorOf(await upload(admin, 'users', 'name\nx'))).toEqual({ status: 400, code: 'invalid_request' })
    expect(await count('kim_groups')).toBe(0)
  })

  it('takes up to 10 MB and answers 413 above', async () => {
    await seedGroups()
    // Just under the limit: one row whose notes are far too long → a row error, nothing stored.
    const prefix = `${ACTIVITY_HEADER}\n1,bimtek,Besar,2022-04-20,1,0,,"`
    const almost = `${prefix}${'x'.repeat(TEN_MB - prefix.length - 1)}"`
    expect(Buffer.byteLength(almost)).toBe(TEN_MB)
    const r = await upload(admin, 'activities', almost)
    expect(errorOf(r)).toEqual({ status: 400, code: 'invalid_rows' })
    expect(r.json().error.details).toEqual([
      { line: 2, column: 'notes', reason: 'lebih dari 5000 karakter', reasonEn: 'longer than 5000 characters' },
    ])
    const tooBig = await upload(admin, 'activities', `${almost}x`)
    expect(errorOf(tooBig)).toEqual({ status: 413, code: 'body_too_large' })
    expect(await count('kim_activities')).toBe(0)
  })
})
