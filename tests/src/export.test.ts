import { parse } from 'csv-parse/sync'
import { rebuildRollups } from '@jangkau/server/queries/rebuild-rollups.ts'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn } from './helpers/auth.ts'
import { ARTICLES, seedCatalog, storeViews, type Catalog, type ViewSpec } from './helpers/page-views.ts'
import { createTestApp, testDatabase, type TestApp } from './helpers/test-app.ts'

const wita = (local: string) => new Date(`${local}+08:00`)

/** A CSV answer as Excel sees it: BOM (no `sep=;` line: shared/src/csv.ts), then semicolon-separated records with a header. */
function readCsv(body: string): Record<string, string>[] {
  expect(body.startsWith('\uFEFF')).toBe(true)
  expect(body.startsWith('\uFEFFsep=')).toBe(false)
  return parse(body, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[]
}
const number = (cell: string | undefined) => (cell === '' || cell === undefined ? null : Number(cell.replace(',', '.')))

describe(`CSV exports on ${testDatabase}`, () => {
  let t: TestApp
  let catalog: Catalog
  let headers: Record<string, string>
  const BULK = 25_000
  beforeAll(async () => {
    t = await createTestApp({ clock: () => new Date('2026-03-10T04:00:00Z') })
    catalog = await seedCatalog(t.app)
    headers = (await signIn(t.app, { role: 'viewer' })).headers
    // Through the real write path: every article once, with awkward text for spreadsheets.
    const views: ViewSpec[] = ARTICLES.map((_, i) => ({
      at: wita(`2026-01-0${1 + (i % 9)}T09:00:00`),
      article: i,
      visitor: i,
      referrer: i === 8 ? '-2+3' : i === 7 ? '+62812' : 'google.com',
    }))
    views.push(
      { at: wita('2025-12-23T09:00:00'), article: 0, visitor: 1 },
      { at: wita('2025-12-24T09:00:00'), article: 0, visitor: 2 },
      { at: wita('2025-12-25T09:00:00'), article: 0, visitor: 3 },
    )
    await storeViews(t.app, catalog, views)
    // Bulk raw rows (exports read page_views itself): 2,500 per day from 10 to 19 January, WITA.
    await sql`
      insert into page_views (occurred_at, site_id, article_id, visitor_hash, referrer_host, device, browser)
      select timestamptz '2026-01-10 00:00:00+08' + (g % 10) * interval '1 day' + (g % 86400) * interval '1 second',
        a.site_id, a.id, g, null, 'mobile', 'Chrome'
      from generate_series(1, ${BULK}) as g
      join articles a on a.id = (select min(id) from articles) + (g % 3)
      order by 1`.execute(t.app.db)
    await rebuildRollups(t.app.db)
  })
  afterAll(async () => t?.close())

  const download = async (url: string) => {
    const r = await t.app.inject({ url, headers })
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200)
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8')
    return { body: r.body, fileName: /filename="([^"]+)"/.exec(String(r.headers['content-disposition']))?.[1] }
  }

  it('streams every raw page view of the range, in pages, with Indonesian headers', async () => {
    const { body, fileName } = await download('/api/export/page-views.csv?from=2026-01-01&to=2026-01-31')
    expect(fileName).toBe('jangkau-tayangan-2026-01-01_2026-01-31.csv')
    const rows = readCsv(body)
    expect(rows).toHaveLength(BULK + ARTICLES.length)
    expect(Object.keys(rows[0]!)).toEqual([
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
    const perArticle = new Map<string, number>()
    for (const row of rows) perArticle.set(row['ID artikel']!, (perArticle.get(row['ID artikel']!) ?? 0) + 1)
    const counted = await sql<{ id: string; n: string }>`
      select article_id::text as id, count(*) as n from page_views
      where occurred_at >= timestamptz '2026-01-01 00:00+08' and occurred_at < timestamptz '2026-02-01 00:00+08' group by 1`.execute(
      t.app.db,
    )
    expect(Object.fromEntries(perArticle)).toEqual(Object.fromEntries(counted.rows.map((r) => [r.id, Number(r.n)])))
    // Times are WITA wall-clock times, all within the range.
    expect(rows.every((r) => r['Waktu (WITA)']! >= '2026-01-01 00:00:00' && r['Waktu (WITA)']! < '2026-02-01')).toBe(true)
    expect(rows.find((r) => r['Alamat artikel']!.endsWith('/kim-kutim'))).toMatchObject({
      'Kode wilayah': '64.08',
      Wilayah: 'Kabupaten Kutai Timur',
      Kategori: 'Pemerintahan',
      Penulis: 'Ani',
    })
  })

  it('applies the stats filters and answers in English with lang=en', async () => {
    const { body, fileName } = await download('/api/export/page-views.csv?from=2026-01-01&to=2026-01-09&region=64.72&lang=en')
    expect(fileName).toBe('jangkau-page-views-2026-01-01_2026-01-09.csv')
    const rows = readCsv(body)
    expect(Object.keys(rows[0]!)).toEqual([
      'Time (WITA)',
      'Site',
      'Article id',
      'Article URL',
      'Title',
      'Region code',
      'Region',
      'Category',
      'Author',
      'Referrer',
      'Device',
      'Browser',
    ])
    expect(rows.map((r) => r['Article URL']).sort()).toEqual(
      ARTICLES.filter((a) => a.regionCode === '64.72')
        .map((a) => a.url)
        .sort(),
    )
  })

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const rows = readCsv((await download(`/api/export/page-views.csv?from=2026-01-01&to=2026-01-09&site=${catalog.siteIds.kutim}`)).body)
    const formula = rows.find((r) => r['Alamat artikel']!.endsWith('/=formula'))!
    expect(formula.Judul).toBe(`'=HYPERLINK("http://x")`)
    expect(formula.Penulis).toBe(`'@Dedi`)
    expect(formula.Perujuk).toBe(`'-2+3`)
    expect(rows.find((r) => r['Alamat artikel']!.endsWith('/teluk-singkama'))!.Perujuk).toBe(`'+62812`)
  })

  it('gives a breakdown as CSV with the same numbers, comparison and a decimal comma', async () => {
    const query = 'metrics=views,visitors&by=region&from=2026-01-01&to=2026-01-09&compare=previous'
    const json = (await t.app.inject({ url: `/api/stats/breakdown?${query}`, headers })).json()
    const { body, fileName } = await download(`/api/stats/breakdown?${query}&format=csv`)
    expect(fileName).toBe('jangkau-wilayah-2026-01-01_2026-01-09.csv')
    const rows = readCsv(body)
    expect(Object.keys(rows[0]!)).toEqual([
      'Kode',
      'Wilayah',
      'Tayangan',
      'Pengunjung harian per artikel',
      'Tayangan (periode pembanding)',
      'Pengunjung harian per artikel (periode pembanding)',
      'Tayangan perubahan %',
      'Pengunjung harian per artikel perubahan %',
    ])
    expect(
      rows.map((r) => ({
        key: r.Kode,
        label: r.Wilayah,
        views: number(r.Tayangan),
        visitors: number(r['Pengunjung harian per artikel']),
        previous: {
          views: number(r['Tayangan (periode pembanding)']),
          visitors: number(r['Pengunjung harian per artikel (periode pembanding)']),
        },
        change: { views: number(r['Tayangan perubahan %']), visitors: number(r['Pengunjung harian per artikel perubahan %']) },
      })),
    ).toEqual(json.rows)
    // Kutai Timur: 4 views now against 3 in late December: +33.3 %, written the Indonesian way.
    expect(rows.find((r) => r.Kode === '64.08')!['Tayangan perubahan %']).toBe('33,3')
  })

  it('gives time series and comparison tables as CSV, in English with lang=en', async () => {
    const series = readCsv(
      (await download('/api/stats/timeseries?metrics=views&by=day&from=2026-01-09&to=2026-01-11&region=64.08,64.72&lang=en&format=csv'))
        .body,
    )
    expect(series.map((r) => [r.Date, r['Code region'], r.Region, r.Views])).toEqual([
      ['2026-01-09', '64.08', 'Kabupaten Kutai Timur', '0'],
      ['2026-01-10', '64.08', 'Kabupaten Kutai Timur', expect.any(String)],
      ['2026-01-11', '64.08', 'Kabupaten Kutai Timur', expect.any(String)],
      ['2026-01-09', '64.72', 'Kota Samarinda', '1'],
      ['2026-01-10', '64.72', 'Kota Samarinda', '0'],
      ['2026-01-11', '64.72', 'Kota Samarinda', '0'],
    ])
    const json = (
      await t.app.inject({ url: '/api/stats/compare?metrics=views&by=month&split=category&from=2026-01-01&to=2026-01-31', headers })
    ).json()
    const { body, fileName } = await download(
      '/api/stats/compare?metrics=views&by=month&split=category&from=2026-01-01&to=2026-01-31&format=csv',
    )
    expect(fileName).toBe('jangkau-perbandingan-kategori-bulanan-2026-01-01_2026-01-31.csv')
    const [row] = readCsv(body)
    for (const column of json.columns as { key: string; label: string }[]) {
      expect(number(row![`${column.label} – Tayangan`])).toBe(json.rows[0].cells[column.key].views)
    }
  })

  it('exports KIM activities with their group and region, filtered', async () => {
    const [village] = (
      await sql<{ code: string }>`select code from regions where level = 'desa' and code like '64.08.%' order by code limit 1`.execute(
        t.app.db,
      )
    ).rows
    const group = await sql<{ id: number }>`
      insert into kim_groups (name, village_code, district_code, region_code, status, status_since)
      values ('KIM Teluk Singkama', ${village!.code}, ${village!.code.slice(0, 8)}, '64.08', 'aktif', '2020-03-01') returning id`.execute(
      t.app.db,
    )
    const id = group.rows[0]!.id
    await sql`insert into kim_activities (group_id, type, title, date, participants, notes) values
      (${id}, 'bimtek', 'Bimtek Dunia Digital', '2026-01-05', 20, 'di balai desa'),
      (${id}, 'sosialisasi', '=cmd|calc', '2026-01-06', 15, ${'\tcatatan'}),
      (${id}, 'bimtek', 'Di luar rentang', '2026-02-06', 3, null)`.execute(t.app.db)
    const { body, fileName } = await download('/api/export/kim-activities.csv?from=2026-01-01&to=2026-01-31&region=64.08')
    expect(fileName).toBe('jangkau-kegiatan-kim-2026-01-01_2026-01-31.csv')
    const rows = readCsv(body)
    expect(rows.map((r) => [r.Tanggal, r['Kelompok KIM'], r.Wilayah, r['Jenis kegiatan'], r.Judul, r.Peserta, r.Catatan])).toEqual([
      // Activity types by name, as the dashboard shows them, not by code.
      ['2026-01-05', 'KIM Teluk Singkama', 'Kabupaten Kutai Timur', 'Bimtek', 'Bimtek Dunia Digital', '20', 'di balai desa'],
      ['2026-01-06', 'KIM Teluk Singkama', 'Kabupaten Kutai Timur', 'Sosialisasi', "'=cmd|calc", '15', "'\tcatatan"],
    ])
    const en = readCsv((await download('/api/export/kim-activities.csv?from=2026-01-01&to=2026-12-31&activity_type=bimtek&lang=en')).body)
    expect(en.map((r) => [r.Date, r.Title, r.Participants])).toEqual([
      ['2026-01-05', 'Bimtek Dunia Digital', '20'],
      ['2026-02-06', 'Di luar rentang', '3'],
    ])
    const other = await t.app.inject({ url: '/api/export/kim-activities.csv?region=64.72', headers })
    expect(readCsv(other.body)).toEqual([])
  })

  it.each(['/api/export/page-views.csv', '/api/export/kim-activities.csv', '/api/stats/breakdown?by=region&format=csv'])(
    'answers 401 without a session: %s',
    async (url) => {
      const r = await t.app.inject({ url })
      expect(r.statusCode).toBe(401)
    },
  )

  it('refuses filters that do not apply to the rows exported', async () => {
    const r = await t.app.inject({ url: '/api/export/kim-activities.csv?category=pemerintahan', headers })
    expect(r.statusCode).toBe(400)
    expect(r.json().error.code).toBe('unsupported_filter')
  })
})
