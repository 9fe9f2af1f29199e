import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type BreakdownAnswer, toCsv } from '@jangkau/shared'
import { sql } from 'kysely'
import readXlsxFile from 'read-excel-file/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn } from './helpers/auth.ts'
import { seedCatalog, storeViews, type ViewSpec } from './helpers/page-views.ts'
import { createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

/*
 * The exports as a person opens them: every CSV is opened by LibreOffice Calc (headless, Debian's
 * package) and saved as .xlsx, which is read back cell by cell: columns split, numbers are numbers,
 * dates are dates. The same export with format=xlsx must give the very same cells. LibreOffice is
 * told what a person in Indonesia picks in its import dialog: separator ";", UTF-8, language
 * Indonesian (decimal comma), "detect special numbers" (times). One soffice call converts every file.
 */

const SOFFICE = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0
/** LibreOffice's CSV filter options: ";" (59), '"' (34), UTF-8 (76), from line 1, standard columns, id-ID (1057), quoted as text off, special numbers on. */
const CSV_IMPORT = 'CSV:59,34,76,1,,1057,false,true'

type Cell = string | number | boolean | Date | null
const wita = (local: string) => new Date(`${local}+08:00`)
const isDay = (v: Cell) => v instanceof Date && v.getUTCHours() === 0 && v.getUTCMinutes() === 0
/** A sheet as read, dates to the second (a spreadsheet date is a fraction of a day: .999 ms happens). */
const sheetOf = async (file: string): Promise<Cell[][]> =>
  ((await readXlsxFile(file))[0]!.data as Cell[][]).map((row) =>
    row.map((c) => (c instanceof Date ? new Date(Math.round(c.getTime() / 1000) * 1000) : c)),
  )

describe.runIf(SOFFICE)(`CSV and XLSX exports in LibreOffice Calc, on ${testDatabase}`, () => {
  let t: TestApp
  let headers: Record<string, string>
  let dir: string
  /** Export name → its sheet as LibreOffice read the CSV, and as the server wrote it with format=xlsx. */
  const sheets = new Map<string, { fromCsv: Cell[][]; xlsx: Cell[][]; csv: string }>()
  let withSepLine: Cell[][]
  let sofficeSeconds = 0

  const EXPORTS = {
    'page-views': '/api/export/page-views.csv?from=2026-01-01&to=2026-01-31',
    'kim-activities': '/api/export/kim-activities.csv?from=2026-01-01&to=2026-01-31',
    'views-by-region': '/api/stats/breakdown?metrics=views,visitors&by=region&from=2026-01-01&to=2026-01-31&compare=previous&format=csv',
    'kim-by-region': '/api/stats/breakdown?metrics=kim_groups,kim_active,coverage&by=region&from=2026-01-01&to=2026-01-31&format=csv',
    // A long range asked per day stays per day (not months): 425 rows.
    'daily-long': '/api/stats/timeseries?metrics=views&by=day&from=2025-01-01&to=2026-02-28&format=csv',
  }

  const get = async (url: string) => {
    const r = await t.app.inject({ url, headers })
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200)
    return r
  }

  beforeAll(async () => {
    t = await createTestApp({ clock: () => new Date('2026-03-10T04:00:00Z') })
    const catalog = await seedCatalog(t.app)
    headers = (await signIn(t.app, { role: 'viewer' })).headers
    const views: ViewSpec[] = [0, 1, 2, 3, 4, 5].map((i) => ({ at: wita(`2026-01-0${1 + i}T09:3${i}:15`), article: i, visitor: i }))
    views.push({ at: wita('2025-03-02T10:00:00'), article: 0, visitor: 9 })
    await storeViews(t.app, catalog, views)
    // Two KIM groups in Kutai Timur: coverage is then a fraction of a percent with a decimal.
    const villages = (
      await sql<{ code: string }>`select code from regions where level = 'desa' and code like '64.08.%' order by code limit 2`.execute(
        t.app.db,
      )
    ).rows
    for (const [i, v] of villages.entries()) {
      const group = await sql<{ id: number }>`
        insert into kim_groups (name, village_code, district_code, region_code, status, status_since)
        values (${`KIM Uji ${i + 1}`}, ${v.code}, ${v.code.slice(0, 8)}, '64.08', 'aktif', '2020-03-01') returning id`.execute(t.app.db)
      await sql`insert into kim_status_changes (group_id, status, changed_on) values (${group.rows[0]!.id}, 'aktif', '2020-03-01')`.execute(
        t.app.db,
      )
      await sql`insert into kim_activities (group_id, type, title, date, participants, notes) values
        (${group.rows[0]!.id}, 'sosialisasi', 'Sosialisasi hoaks', '2026-01-05', 25, null),
        (${group.rows[0]!.id}, 'produksi_konten', '=cmd|calc', '2026-01-06', 7, 'di balai desa')`.execute(t.app.db)
    }

    dir = mkdtempSync(join(tmpdir(), 'jangkau-spreadsheets-'))
    for (const [name, url] of Object.entries(EXPORTS)) {
      const csv = (await get(url)).body
      writeFileSync(join(dir, `${name}.csv`), csv)
      const xlsx = await get(url.includes('format=csv') ? url.replace('format=csv', 'format=xlsx') : `${url}&format=xlsx`)
      writeFileSync(join(dir, `${name}.server.xlsx`), xlsx.rawPayload)
      sheets.set(name, { csv, fromCsv: [], xlsx: await sheetOf(join(dir, `${name}.server.xlsx`)) })
    }
    // The same file with Excel's old `sep=;` first line, to show why the exports do not write it.
    const kim = readFileSync(join(dir, 'kim-by-region.csv'), 'utf8')
    writeFileSync(join(dir, 'with-sep-line.csv'), `\uFEFFsep=;\r\n${kim.replace(/^\uFEFF/, '')}`)

    const started = performance.now()
    execFileSync(
      'soffice',
      [
        '--headless',
        `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
        `--infilter=${CSV_IMPORT}`,
        '--convert-to',
        'xlsx',
        '--outdir',
        join(dir, 'calc'),
        ...[...Object.keys(EXPORTS), 'with-sep-line'].map((name) => join(dir, `${name}.csv`)),
      ],
      { stdio: 'pipe', timeout: 240_000 },
    )
    sofficeSeconds = (performance.now() - started) / 1000
    for (const [name, sheet] of sheets) sheet.fromCsv = await sheetOf(join(dir, 'calc', `${name}.xlsx`))
    withSepLine = await sheetOf(join(dir, 'calc', 'with-sep-line.xlsx'))
    console.log(`LibreOffice converted ${sheets.size + 1} CSV files in ${sofficeSeconds.toFixed(1)} s`)
  }, 400_000)
  afterAll(async () => {
    await t?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('opens the raw page views with their columns, times as dates and ids as numbers', () => {
    const { fromCsv } = sheets.get('page-views')!
    expect(fromCsv[0]).toEqual([
      'Waktu (WITA)',
      'Situs',
      'ID artikel',
      'Alamat artikel',
      'Judul',
      'Kode wilayah',
      'Wilayah',
      'Kategori',
      'Penulis',
      'Perujuk',
      'Perangkat',
      'Peramban',
    ])
    expect(fromCsv).toHaveLength(7)
    const first = fromCsv[1]!
    // 2026-01-01 09:30:15 WITA, as the wall-clock time of the report zone.
    expect(first[0]).toEqual(new Date(Date.UTC(2026, 0, 1, 9, 30, 15)))
    expect(typeof first[2]).toBe('number')
    for (const row of fromCsv.slice(1)) expect(row[0]).toBeInstanceOf(Date)
  })

  it('opens the KIM activities with dates, numbers and the activity types by name', () => {
    const { fromCsv } = sheets.get('kim-activities')!
    const header = fromCsv[0]!
    const col = (name: string) => header.indexOf(name)
    expect(fromCsv).toHaveLength(5)
    for (const row of fromCsv.slice(1)) {
      expect(isDay(row[col('Tanggal')]!)).toBe(true)
      expect(typeof row[col('Peserta')]).toBe('number')
      expect(typeof row[col('ID kelompok')]).toBe('number')
    }
    expect(new Set(fromCsv.slice(1).map((r) => r[col('Jenis kegiatan')]))).toEqual(new Set(['Sosialisasi', 'Produksi konten']))
    expect(fromCsv.slice(1).map((r) => r[col('Peserta')])).toEqual([25, 7, 25, 7])
  })

  it('reads the decimal comma as a number: coverage in percent, changes with decimals', async () => {
    const kim = sheets.get('kim-by-region')!.fromCsv
    expect(kim[0]).toEqual(['Kode', 'Wilayah', expect.any(String), expect.any(String), expect.stringContaining('(%)')])
    const answer = (
      await get('/api/stats/breakdown?metrics=kim_groups,kim_active,coverage&by=region&from=2026-01-01&to=2026-01-31')
    ).json() as BreakdownAnswer
    const kutim = kim.find((r) => r[0] === '64.08')!
    const api = answer.rows.find((r) => r.key === '64.08')!
    // Percent (two villages of Kutai Timur's: under 1 %, with a decimal), a number in the sheet.
    expect(api.coverage).toBeGreaterThan(0)
    expect(api.coverage).toBeLessThan(5)
    expect(api.coverage! % 1).not.toBe(0)
    expect(kutim[4]).toBe(api.coverage)
    expect(kutim.slice(2)).toEqual([2, 2, api.coverage])
    for (const row of kim.slice(1)) for (const cell of row.slice(2)) expect(typeof cell).toBe('number')
    const views = sheets.get('views-by-region')!.fromCsv
    for (const row of views.slice(1)) for (const cell of row.slice(2)) expect(cell === null || typeof cell === 'number').toBe(true)
  })

  it('keeps a per-day series per day over a long range, every day a date', () => {
    const { fromCsv } = sheets.get('daily-long')!
    expect(fromCsv).toHaveLength(1 + 424)
    const days = fromCsv.slice(1).map((r) => r[0] as Date)
    expect(days[0]).toEqual(new Date(Date.UTC(2025, 0, 1)))
    expect(days.at(-1)).toEqual(new Date(Date.UTC(2026, 1, 28)))
    for (let i = 1; i < days.length; i++) expect(days[i]!.getTime() - days[i - 1]!.getTime()).toBe(86_400_000)
    expect(
      fromCsv
        .slice(1)
        .find((r) => (r[0] as Date).getTime() === Date.UTC(2025, 2, 2))
        ?.at(-1),
    ).toBe(1)
  })

  it('writes no sep= line: LibreOffice would read it as a data row above the header', () => {
    expect(withSepLine[0]![0]).toBe('sep=')
    expect(withSepLine[1]![0]).toBe('Kode')
    for (const { csv, fromCsv } of sheets.values()) {
      expect(csv.startsWith('\uFEFF')).toBe(true)
      expect(csv.startsWith('\uFEFFsep=')).toBe(false)
      expect(fromCsv[0]![0]).not.toBe('sep=')
    }
  })

  it('gives with format=xlsx the same cells as the CSV opened in LibreOffice', async () => {
    for (const [name, { fromCsv, xlsx }] of sheets) {
      // LibreOffice keeps the apostrophe that neutralises formula-like text; the .xlsx needs none (a text
      // cell). A code of digits only (the province, "64") is a number to LibreOffice and text in the .xlsx.
      const calc = fromCsv.map((row) => row.map((c) => (typeof c === 'string' ? c.replace(/^'/, '') : c)))
      const typed = xlsx.map((row) => row.map((c) => (typeof c === 'string' && /^[1-9]\d*$/.test(c) ? Number(c) : c)))
      expect(typed, name).toEqual(calc)
    }
    const r = await get(`${EXPORTS['kim-activities']}&format=xlsx`)
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(r.headers['content-disposition']).toBe('attachment; filename="jangkau-kegiatan-kim-2026-01-01_2026-01-31.xlsx"')
    const stats = await get(EXPORTS['views-by-region'].replace('format=csv', 'format=xlsx'))
    expect(stats.headers['content-disposition']).toBe('attachment; filename="jangkau-wilayah-2026-01-01_2026-01-31.xlsx"')
  })

  it('writes the dashboard’s own CSV in the server’s format (one writer, shared/src/csv.ts)', async () => {
    const query = 'metrics=kim_groups,kim_active,coverage&by=region&from=2026-01-01&to=2026-01-31'
    const answer = (await get(`/api/stats/breakdown?${query}`)).json() as BreakdownAnswer
    const server = sheets.get('kim-by-region')!.csv
    const [header] = server.replace(/^\uFEFF/, '').split('\r\n')
    const rows = answer.rows.map((r) => [r.key, r.label, r.kim_groups, r.kim_active, r.coverage])
    expect(`\uFEFF${toCsv(header!.split(';'), rows)}`).toBe(server)
  })
})
